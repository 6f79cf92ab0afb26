"""The graph pyshacl validates: the document, its context and the vocabulary concepts it refers to.

rdflib's default store spends ~20 µs on each ``Graph.add`` (an event object, context bookkeeping) and answers every
lookup through two generator layers that track contexts; a document with the concepts it refers to is ~700 adds
and pyshacl asks it tens of thousands of questions. ``IndexStore`` is a plain rdflib ``Store`` (the documented
plugin interface) with three dictionary indexes and no contexts, filled in bulk; ``ConceptClosures`` keeps, per
concept, every vocabulary triple a validation needs for it, so a document's concepts are one set union away.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rdflib import Graph
from rdflib.store import Store
from rdflib.term import Node, URIRef

__all__ = ["ConceptClosures", "IndexStore", "Triple", "work_graph"]

Triple = tuple[Node, Node, Node]
_Index = dict[Node, dict[Node, dict[Node, None]]]


def _put(index: _Index, a: Node, b: Node, c: Node) -> bool:
    """Add ``a → b → c``; whether it is new."""
    inner = index.get(a)
    if inner is None:
        index[a] = {b: {c: None}}
        return True
    leaf = inner.get(b)
    if leaf is None:
        inner[b] = {c: None}
        return True
    if c in leaf:
        return False
    leaf[c] = None
    return True


def _empty() -> Iterator[Any]:
    return iter(())


class IndexStore(Store):
    """An in-memory triple store without contexts: ``spo``, ``pos`` and ``osp`` indexes, insertion ordered."""

    # pyshacl wraps the data graph in a Dataset subclass whose constructor asserts these two flags of the store
    # it is handed; graphs over this store are plain ``Graph``s, which never pass a context it would have to keep.
    context_aware = True
    graph_aware = True
    formula_aware = False
    transaction_aware = False

    def __init__(self, configuration: str | None = None, identifier: Node | None = None) -> None:
        super().__init__(configuration)
        self.identifier = identifier
        self._spo: _Index = {}
        self._pos: _Index = {}
        self._osp: _Index = {}
        self._size = 0  # rdflib and pyshacl ask ``len`` of the data graph often
        self._namespaces: dict[str, URIRef] = {}
        self._prefixes: dict[URIRef, str] = {}

    def add_all(self, triples: Iterable[Triple]) -> None:
        """Add ``triples`` (already rdflib terms) without ``Graph.add``'s per-triple checks."""
        spo, pos, osp = self._spo, self._pos, self._osp
        for s, p, o in triples:
            if _put(spo, s, p, o):
                _put(pos, p, o, s)
                _put(osp, o, s, p)
                self._size += 1

    def add(self, triple: Any, context: Any = None, quoted: bool = False) -> None:
        self.add_all((triple,))

    def addN(self, quads: Iterable[Any]) -> None:
        self.add_all((s, p, o) for s, p, o, _c in quads)

    def remove(self, triple: Any, context: Any = None) -> None:
        for (s, p, o), _c in list(self.triples(triple)):
            del self._spo[s][p][o]
            del self._pos[p][o][s]
            del self._osp[o][s][p]
            self._size -= 1

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[tuple[Triple, Iterator[Any]]]:
        # ``is None`` rather than rdflib's ``!= ANY``: a term's ``__ne__`` is a Python call, and this is the
        # innermost loop of every pyshacl lookup.
        s, p, o = triple_pattern
        if s is not None:
            by_p = self._spo.get(s)
            if not by_p:
                return
            if p is not None:
                objects = by_p.get(p)
                if objects:
                    if o is not None:
                        if o in objects:
                            yield (s, p, o), _empty()
                    else:
                        for obj in list(objects):
                            yield (s, p, obj), _empty()
                return
            for pred, objects in list(by_p.items()):
                if o is not None:
                    if o in objects:
                        yield (s, pred, o), _empty()
                else:
                    for obj in list(objects):
                        yield (s, pred, obj), _empty()
        elif p is not None:
            by_o = self._pos.get(p)
            if not by_o:
                return
            if o is not None:
                for subj in list(by_o.get(o, ())):
                    yield (subj, p, o), _empty()
                return
            for obj, subjects in list(by_o.items()):
                for subj in list(subjects):
                    yield (subj, p, obj), _empty()
        elif o is not None:
            for subj, predicates in list(self._osp.get(o, {}).items()):
                for pred in list(predicates):
                    yield (subj, pred, o), _empty()
        else:
            for subj, by_p in list(self._spo.items()):
                for pred, objects in list(by_p.items()):
                    for obj in list(objects):
                        yield (subj, pred, obj), _empty()

    def __len__(self, context: Any = None) -> int:
        return self._size

    def contexts(self, triple: Any = None) -> Iterator[Any]:
        return _empty()

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        # rdflib's rule: with ``override`` the new pair wins; otherwise a prefix or namespace already bound stays.
        bound_namespace = self._namespaces.get(prefix)
        bound_prefix = self._prefixes.get(namespace)
        if bound_prefix is None and bound_namespace is not None:
            bound_prefix = self._prefixes.get(bound_namespace)
        if override:
            if bound_prefix is not None:
                self._namespaces.pop(bound_prefix, None)
            if bound_namespace is not None:
                self._prefixes.pop(bound_namespace, None)
            self._prefixes[namespace] = prefix
            self._namespaces[prefix] = namespace
        else:
            kept_namespace = bound_namespace if bound_namespace is not None else namespace
            kept_prefix = bound_prefix if bound_prefix is not None else prefix
            self._prefixes[kept_namespace] = kept_prefix
            self._namespaces[kept_prefix] = kept_namespace

    def namespace(self, prefix: str) -> URIRef | None:
        return self._namespaces.get(prefix)

    def prefix(self, namespace: URIRef) -> str | None:
        return self._prefixes.get(namespace)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from list(self._namespaces.items())


class ConceptClosures:
    """Per vocabulary term, the triples a document referring to it brings along (computed on first use).

    From a term, the walk follows every object IRI that is itself described in the vocabularies (a concept's
    scheme, a standard's type …) and keeps the triples whose predicate a shape may look at; ``relevant=None``
    keeps all. A document's concepts are the union of the closures of the IRIs it uses as objects.
    """

    def __init__(self, vocabularies: Graph | None, relevant: frozenset[Node] | None) -> None:
        self._about: dict[Node, list[Triple]] = {}
        for triple in (vocabularies or Graph()).triples((None, None, None)):
            self._about.setdefault(triple[0], []).append(triple)
        self._relevant = relevant
        self._closures: dict[Node, tuple[Triple, ...]] = {}

    def of(self, iri: Node) -> tuple[Triple, ...]:
        found = self._closures.get(iri)
        if found is None:
            if iri not in self._about:
                return ()
            found = self._closures[iri] = self._walk(iri)
        return found

    def _walk(self, start: Node) -> tuple[Triple, ...]:
        kept: dict[Triple, None] = {}
        seen = {start}
        pending = [start]
        while pending:
            for triple in self._about.get(pending.pop(), ()):
                if self._relevant is None or triple[1] in self._relevant:
                    kept[triple] = None
                obj = triple[2]
                if isinstance(obj, URIRef) and obj not in seen:
                    seen.add(obj)
                    pending.append(obj)
        return tuple(kept)


def work_graph(
    data: Graph, context: Iterable[Triple], closures: ConceptClosures, namespaces: Iterable[tuple[str, URIRef]]
) -> Graph:
    """A new graph with ``data``, ``context`` and the vocabulary closures of every IRI they use as an object."""
    store = IndexStore()
    store.add_all(data.triples((None, None, None)))
    store.add_all(context)
    for obj in list(store._osp):
        if isinstance(obj, URIRef):
            store.add_all(closures.of(obj))
    graph = Graph(store=store)
    for prefix, namespace in namespaces:
        graph.bind(prefix, namespace, override=True)
    return graph
