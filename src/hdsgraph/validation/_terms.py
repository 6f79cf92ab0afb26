"""One rdflib object per IRI that the shapes and the vocabularies name, for every graph a validation reads.

An rdflib term is a ``str`` whose ``==`` is Python code, and a dict lookup calls it whenever it finds an equal key
held by another object: the work graph's index keyed by a document's predicates and asked with a shape's
``sh:path``, a concept the document names looked up among the vocabulary's … On a HealthDCAT-AP dataset that is
thousands of calls a validation. Where the document, the selected shapes and the vocabulary concepts hold the same
object for an IRI, the lookup ends at the identity check. pyshacl's own constants (``rdf:type`` …) come first,
then every IRI in the order the graphs are registered: the same objects wherever they are read from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
import pyshacl.consts
from rdflib.term import URIRef

from hdsgraph.rdfio.terms import from_ox
from hdsgraph.validation._concepts import Triple

__all__ = ["TermTable"]


class TermTable:
    """``add(triples)`` registers IRIs; ``canonical(triple)`` and ``from_ox(triples)`` give terms using them."""

    def __init__(self) -> None:
        # Plain ``str`` keys: a plain string's ``==`` is C code (and a ``URIRef`` key would compare unequal).
        self._iris: dict[str, URIRef] = {}
        for value in vars(pyshacl.consts).values():
            if type(value) is URIRef:
                self._iris.setdefault(str(value), value)

    def add(self, triples: Iterable[Triple]) -> None:
        """Register the IRIs of ``triples`` not registered yet."""
        iris = self._iris
        for triple in triples:
            for term in triple:
                if type(term) is URIRef:
                    iris.setdefault(str(term), term)

    def canonical(self, triple: Triple) -> Triple:
        """``triple`` with each registered IRI as its registered object."""
        s, p, o = triple
        return self._term(s), self._term(p), self._term(o)

    def _term(self, term: Any) -> Any:
        if type(term) is URIRef:
            return self._iris.get(str(term), term)
        return term

    def from_ox(self, triples: Iterable[ox.Triple]) -> list[Triple]:
        """The triples in rdflib terms (as ``hdsgraph.rdfio.to_rdflib_triples`` makes them), registered IRIs as
        their registered objects."""
        iris = self._iris
        made: dict[Any, Any] = {}  # documents repeat their terms: each is converted once

        def term(t: Any) -> Any:
            found = made.get(t)
            if found is None:
                found = iris.get(t.value) if type(t) is ox.NamedNode else None
                if found is None:
                    found = from_ox(t)
                made[t] = found
            return found

        return [(term(t.subject), term(t.predicate), term(t.object)) for t in triples]
