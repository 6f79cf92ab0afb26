"""The vocabulary concepts a document refers to, prepared once per concept for the work graph.

A shape may check a concept a document uses (``skos:inScheme``, ``sh:class``), so the concept's description, its
scheme's and so on must sit beside the document; the whole vocabulary must not (it would give shapes focus nodes
the document does not have). The walk from one term is the same for every document: it is done once, and its
triples are kept as index entries (predicate → objects, per subject) that work graphs share without copying.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.term import Literal, Node, URIRef

if TYPE_CHECKING:
    from hdsgraph.validation._terms import TermTable

__all__ = ["ConceptClosures", "Entry", "Triple"]

Triple = tuple[Node, Node, Node]
Entry = dict[Node, dict[Node, None]]  # predicate → objects of one subject (or the like in another index)


class ConceptClosures:
    """Per vocabulary term, the vocabulary a document referring to it brings along (computed on first use).

    From a term, the walk follows every object IRI that is itself described in the vocabularies (a concept's
    scheme, a standard's type …); every subject it reaches brings its triples whose predicate a shape may look
    at (``relevant=None`` keeps all). A document's concepts are the union of the closures of the IRIs it uses
    as objects, as subject entries ready for ``IndexStore``.
    """

    def __init__(
        self, vocabularies: Graph | None, relevant: frozenset[Node] | None, terms: TermTable | None = None
    ) -> None:
        """``terms``, when given, registers the vocabularies' IRIs and gives the entries their registered objects."""
        self._about: dict[Node, list[Triple]] = {}
        triples: Iterable[Triple] = (vocabularies or Graph()).triples((None, None, None))
        if terms is not None:
            read = list(triples)
            terms.add(read)
            triples = map(terms.canonical, read)
        for triple in triples:
            self._about.setdefault(triple[0], []).append(triple)
        self._relevant = relevant
        self._entries: dict[Node, Entry] = {}
        self._closures: dict[Node, dict[Node, Entry]] = {}

    def of(self, iri: Node) -> dict[Node, Entry]:
        """The subject entries ``iri`` brings along (empty for a term the vocabularies do not describe)."""
        found = self._closures.get(iri)
        if found is None:
            if iri not in self._about:
                return {}
            found = self._closures[iri] = self._walk(iri)
        return found

    def union(self, iris: Iterable[Node]) -> dict[Node, Entry]:
        """The closures of ``iris`` together."""
        found: dict[Node, Entry] = {}
        for iri in iris:
            # ``type(…) is`` first: a literal fails ``isinstance(…, URIRef)`` through rdflib's ABC, in Python
            if type(iri) is URIRef or (type(iri) is not Literal and isinstance(iri, URIRef)):
                found.update(self.of(iri))  # one entry object per subject: merging is keeping either
        return found

    def _walk(self, start: Node) -> dict[Node, Entry]:
        reached: dict[Node, Entry] = {}
        seen = {start}
        pending = [start]
        while pending:
            subject = pending.pop()
            entry = self._entry(subject)
            if entry:
                reached[subject] = entry
            for _s, _p, obj in self._about.get(subject, ()):
                if isinstance(obj, URIRef) and obj not in seen:
                    seen.add(obj)
                    pending.append(obj)
        return reached

    def _entry(self, subject: Node) -> Entry:
        found = self._entries.get(subject)
        if found is None:
            found = {}
            for _s, p, o in self._about.get(subject, ()):
                if self._relevant is None or p in self._relevant:
                    found.setdefault(p, {})[o] = None
            self._entries[subject] = found
        return found
