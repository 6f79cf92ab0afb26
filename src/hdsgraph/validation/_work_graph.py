"""The graph pyshacl validates: the document, its context and the vocabulary concepts it refers to.

rdflib's default store spends ~20 µs on each ``Graph.add`` (an event object, context bookkeeping) and answers every
lookup through generator layers that track contexts; a document with the concepts it refers to is ~700 triples,
and pyshacl asks it tens of thousands of questions. ``IndexStore`` is a plain rdflib ``Store`` (the documented
plugin interface) without contexts, built in one go. rdflib terms hash in Python (a few µs a lookup), so the store
hashes as little as it can:

- the vocabulary triples of a concept are kept, per subject, in ready index entries (``_concepts``) that every
  work graph shares instead of copying them;
- the by-predicate index takes a vocabulary predicate in when a lookup first asks for it, and the by-object index
  is built on the first lookup that needs it (most validations never do).

A lookup answers exactly what a store holding all those triples would answer.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator, Mapping
from typing import Any

from pyshacl.consts import RDF_type, RDFS_subClassOf
from pyshacl.graph_abstraction import RdfLibDataGraph
from rdflib import Graph
from rdflib.namespace import NamespaceManager
from rdflib.paths import Path
from rdflib.store import Store
from rdflib.term import Node, URIRef

from hdsgraph.validation._concepts import ConceptClosures, Entry, Triple
from hdsgraph.validation._query_cache import FixedNamespaces

__all__ = ["IndexStore", "WorkDataGraph", "WorkGraph", "work_graph"]

_Index = dict[Node, Entry]  # spo, pos or osp: first term → second → third


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
    size = len(leaf)
    leaf[c] = None
    return len(leaf) != size


class IndexStore(Store):
    """An in-memory triple store of one graph: ``spo`` and ``pos`` indexes (``osp`` on demand), insertion ordered.

    ``IndexStore(document)``, then ``share(entries)``: subject entries (predicate → objects) that the store reads
    but never changes; it copies them before a write.
    """

    # pyshacl wraps the data graph in a Dataset subclass whose constructor asserts these two flags of the store
    # it is handed; graphs over this store are plain ``Graph``s, which never pass a context it would have to keep.
    context_aware = True
    graph_aware = True
    formula_aware = False
    transaction_aware = False

    def __init__(self, document: Iterable[Triple] = ()) -> None:
        super().__init__()
        self._spo: _Index = {}
        self._pos: _Index = {}
        self._osp: _Index | None = None
        self._size = 0  # rdflib and pyshacl ask ``len`` of the data graph often
        # Every triple is in the one graph over this store. pyshacl finds a blank node's graph through the
        # contexts a store reports (to describe the node in a message), so they must name that graph.
        self._contexts: tuple[Graph, ...] = ()
        self._namespaces: dict[str, URIRef] = {}
        self._prefixes: dict[URIRef, str] = {}
        self._namespace_map: FixedNamespaces | None = None  # the bindings as queries get them, made when asked
        self._shared: dict[Node, Entry] = {}  # subject entries of ``_spo`` owned by someone else
        self._predicates_in: set[Node] = set()  # predicates whose shared triples ``_pos`` holds
        self._add(document)

    def attach(self, graph: Graph) -> None:
        """Report ``graph`` as the context of every triple."""
        self._contexts = (graph,)

    def object_terms(self) -> set[Node]:
        """Every term used as an object by the document (before shared entries came in), once."""
        found: set[Node] = set()
        for by_object in self._pos.values():
            found.update(by_object)  # dict keys keep their hashes: no term is hashed again
        return found

    def extend(self, triples: Iterable[Triple]) -> None:
        """Add ``triples`` (rdflib terms already) without ``Graph.add``'s checks, one by one."""
        self._own()
        self._add(triples)

    def _add(self, triples: Iterable[Triple]) -> None:
        # ``_put`` twice, written out: this loop runs for every triple of every document validated.
        spo, pos, osp = self._spo, self._pos, self._osp
        added = 0
        for s, p, o in triples:
            by_p = spo.get(s)
            if by_p is None:
                spo[s] = {p: {o: None}}
            else:
                objects = by_p.get(p)
                if objects is None:
                    by_p[p] = {o: None}
                elif o in objects:
                    continue
                else:
                    objects[o] = None
            by_o = pos.get(p)
            if by_o is None:
                pos[p] = {o: {s: None}}
            else:
                subjects = by_o.get(o)
                if subjects is None:
                    by_o[o] = {s: None}
                else:
                    subjects[s] = None
            if osp is not None:
                _put(osp, o, s, p)
            added += 1
        self._size += added

    def share(self, shared: dict[Node, Entry]) -> None:
        """Hold the triples of ``shared`` too, without copying its entries (once, after the document)."""
        clashes = [s for s in shared if s in self._spo]
        if clashes:
            # The document describes a vocabulary term itself: merge that subject triple by triple.
            shared = dict(shared)
            for s in clashes:
                entry = shared.pop(s)
                self._add((s, p, o) for p, objects in entry.items() for o in objects)
        self._spo.update(shared)  # dict to dict: the stored hashes are reused
        self._shared = shared
        self._size += sum(len(objects) for entry in shared.values() for objects in entry.values())

    def _with_predicate(self, p: Node) -> None:
        """Bring the shared triples with predicate ``p`` into ``_pos`` (once per predicate)."""
        if not self._shared or p in self._predicates_in:
            return
        self._predicates_in.add(p)
        pos = self._pos
        for s, entry in self._shared.items():
            objects = entry.get(p)
            if objects:
                for o in objects:
                    _put(pos, p, o, s)

    def _by_object(self) -> _Index:
        if self._osp is None:
            osp: _Index = {}
            for s, entry in self._spo.items():
                for p, objects in entry.items():
                    for o in objects:
                        _put(osp, o, s, p)
            self._osp = osp
        return self._osp

    def _own(self) -> None:
        """Before a write: every index complete and every entry this store's own."""
        if not self._shared:
            return
        for p in {p for entry in self._shared.values() for p in entry}:
            self._with_predicate(p)
        for s, entry in self._shared.items():
            self._spo[s] = {p: dict(objects) for p, objects in entry.items()}
        self._shared = {}
        self._predicates_in.clear()

    def add(self, triple: Any, context: Any = None, quoted: bool = False) -> None:
        self._own()
        self._add((triple,))

    def addN(self, quads: Iterable[Any]) -> None:
        self._own()
        self._add((s, p, o) for s, p, o, _c in quads)

    def remove(self, triple: Any, context: Any = None) -> None:
        self._own()
        for s, p, o in self.match(*triple):
            del self._spo[s][p][o]
            del self._pos[p][o][s]
            if self._osp is not None:
                del self._osp[o][s][p]
            self._size -= 1

    def match(self, s: Node | None, p: Node | None, o: Node | None) -> list[Triple]:
        """The triples matching the pattern (``None`` matches anything), as a list taken now."""
        # ``is None`` rather than rdflib's ``!= ANY``: a term's ``__ne__`` is a Python call, and this is the
        # innermost loop of every pyshacl lookup.
        if s is not None:
            by_p = self._spo.get(s)
            if not by_p:
                return []
            if p is not None:
                objects = by_p.get(p)
                if not objects:
                    return []
                if o is not None:
                    return [(s, p, o)] if o in objects else []
                return [(s, p, obj) for obj in objects]
            if o is not None:
                return [(s, pred, o) for pred, objects in by_p.items() if o in objects]
            return [(s, pred, obj) for pred, objects in by_p.items() for obj in objects]
        if p is not None:
            self._with_predicate(p)
            by_o = self._pos.get(p)
            if not by_o:
                return []
            if o is not None:
                return [(subj, p, o) for subj in by_o.get(o, ())]
            return [(subj, p, obj) for obj, subjects in by_o.items() for subj in subjects]
        if o is not None:
            return [(subj, pred, o) for subj, predicates in self._by_object().get(o, {}).items() for pred in predicates]
        return [
            (subj, pred, obj) for subj, by_p in self._spo.items() for pred, objects in by_p.items() for obj in objects
        ]

    def values(self, s: Node, p: Node) -> set[Node]:
        """The objects of ``s`` through predicate ``p``, as a new set."""
        by_p = self._spo.get(s)
        if by_p:
            objects = by_p.get(p)
            if objects:
                return set(objects)
        return set()

    def predicate_terms(self) -> set[Node]:
        """Every predicate in the store, once."""
        found = set(self._pos)
        for entry in self._shared.values():
            found.update(entry)  # stored hashes again
        return found

    # A reusable tuple of contexts rather than a new iterator per triple: rdflib only loops over it.
    def triples(  # type: ignore[override]
        self, triple_pattern: Any, context: Any = None
    ) -> Iterator[tuple[Triple, Iterable[Graph]]]:
        contexts = self._contexts
        for triple in self.match(*triple_pattern):
            yield triple, contexts

    def __len__(self, context: Any = None) -> int:
        return self._size

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        yield from self._contexts

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        self._namespace_map = None
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

    def bind_as(self, other: IndexStore) -> None:
        """Hold the bindings ``other`` holds, in its order (a store with no bindings of its own yet)."""
        self._namespaces = dict(other._namespaces)
        self._prefixes = dict(other._prefixes)
        self._namespace_map = other._namespace_map

    def namespace_map(self) -> FixedNamespaces:
        """Every binding, as rdflib's ``Graph.namespaces`` gives them (namespaces as ``URIRef``s), in one mapping."""
        if self._namespace_map is None:
            self._namespace_map = FixedNamespaces(
                (prefix, namespace if type(namespace) is URIRef else URIRef(namespace))
                for prefix, namespace in self._namespaces.items()
            )
        return self._namespace_map


class WorkGraph(Graph):
    """A ``Graph`` over an ``IndexStore`` that answers plain lookups from the store directly.

    rdflib's ``objects`` and ``subjects`` go through ``triples``, which goes through the store's context-carrying
    generator: two generator frames per value, thousands of times a validation. Path lookups, lists of terms and
    everything else stay rdflib's. The answers are taken when asked (nothing writes while pyshacl reads).
    """

    def __init__(self, store: IndexStore | None = None, *, bound_as: IndexStore | None = None) -> None:
        store = store if store is not None else IndexStore()
        super().__init__(store=store)
        store.attach(self)
        self._index = store
        if bound_as is not None:
            store.bind_as(bound_as)
        self._bound_before = bound_as is not None
        self._manager: NamespaceManager | None = None

    # Made when first asked for, as rdflib's is. A graph bound as another holds rdflib's default prefixes already:
    # its manager binds nothing and only files the namespaces in its prefix tree (``reset``), which leaves it as a
    # manager that bound them itself. Most validations never ask (no message to write): they skip both.
    @property
    def namespace_manager(self) -> NamespaceManager:
        if self._manager is None:
            if self._bound_before:
                self._manager = NamespaceManager(self, bind_namespaces="none")
                self._manager.reset()
            else:
                self._manager = NamespaceManager(self, self._bind_namespaces)
        return self._manager

    @namespace_manager.setter
    def namespace_manager(self, manager: NamespaceManager) -> None:
        self._manager = manager

    @property
    def index(self) -> IndexStore:
        return self._index

    def triples(self, triple: Any) -> Any:
        s, p, o = triple
        if isinstance(p, Path):
            return super().triples(triple)
        return iter(self._index.match(s, p, o))

    def objects(self, subject: Any = None, predicate: Any = None, unique: bool = False) -> Any:
        if isinstance(predicate, Path) or isinstance(subject, list):
            return super().objects(subject, predicate, unique)
        found = [t[2] for t in self._index.match(subject, predicate, None)]
        return iter(dict.fromkeys(found) if unique else found)

    def subjects(self, predicate: Any = None, object: Any = None, unique: bool = False) -> Any:
        if isinstance(predicate, Path) or isinstance(object, list):
            return super().subjects(predicate, object, unique)
        found = [t[0] for t in self._index.match(None, predicate, object)]
        return iter(dict.fromkeys(found) if unique else found)

    def predicate_objects(self, subject: Any = None, unique: bool = False) -> Any:
        found = [(t[1], t[2]) for t in self._index.match(subject, None, None)]
        return iter(dict.fromkeys(found) if unique else found)

    def subject_objects(self, predicate: Any = None, unique: bool = False) -> Any:
        if isinstance(predicate, Path):
            return super().subject_objects(predicate, unique)
        found = [(t[0], t[2]) for t in self._index.match(None, predicate, None)]
        return iter(dict.fromkeys(found) if unique else found)

    # rdflib builds a fresh ``URIRef`` per binding each time it is asked, and asks at every query.
    def namespaces(self) -> Any:
        return iter(self.bindings().items())

    def bindings(self) -> FixedNamespaces:
        """The prefixes a query on this graph resolves names with (rdflib's ``dict(graph.namespaces())``)."""
        if not self._bound_before and self.namespace_manager is None:  # reading it makes it: rdflib's defaults
            return FixedNamespaces(())
        return self._index.namespace_map()

    def query(
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Mapping[str, Any] | None = None,  # rdflib's parameter names
        initBindings: Mapping[str, Any] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Any:
        namespaces = initNs or self.bindings()
        return super().query(query_object, processor, result, namespaces, initBindings, use_store_provided, **kwargs)


class WorkDataGraph(RdfLibDataGraph):
    """pyshacl's wrapper of a ``WorkGraph``, handing the lookups pyshacl makes most to the work graph directly.

    pyshacl's wrapper answers ``objects`` and ``subjects`` through a generator that delegates to one of the graph,
    tens of thousands of times a validation; the answers are the work graph's either way. ``values(s, p)`` is
    the set of objects of ``s`` through ``p``, from the index.
    """

    impl: WorkGraph

    def __init__(self, store: IndexStore, impl: WorkGraph, locked_context: Any = None) -> None:
        super().__init__(store, impl, locked_context)
        self.values = impl.index.values
        # Shapes certain to conform, per focus nodes (``_quick_conformance``): this graph never changes.
        self.quick_answers: dict[tuple[Any, frozenset[Any]], bool] = {}
        self._classes: dict[Any, frozenset[Any]] = {}

    def classes_of(self, node: Any) -> frozenset[Any]:
        """Every class ``node`` is an instance of: its ``rdf:type`` values and all their ``rdfs:subClassOf``
        ancestors, as pyshacl's ``sh:class`` walks them (``transitive_objects`` from each type), worked out once."""
        found = self._classes.get(node)
        if found is None:
            match = self.impl.index.match
            seen: set[Any] = set()
            todo = [t[2] for t in match(node, RDF_type, None)]
            while todo:
                current = todo.pop()
                if current not in seen:
                    seen.add(current)
                    todo.extend(t[2] for t in match(current, RDFS_subClassOf, None))
            found = self._classes[node] = frozenset(seen)
        return found

    def objects(self, subject: Any = None, predicate: Any = None, unique: bool = False) -> Any:
        if self.locked_context is None and not isinstance(subject, list | tuple):
            return self.impl.objects(subject, predicate, unique)
        return super().objects(subject, predicate, unique)

    def subjects(self, predicate: Any = None, object_: Any = None, unique: bool = False) -> Any:
        if self.locked_context is None and not isinstance(object_, list | tuple):
            return self.impl.subjects(predicate, object_, unique)
        return super().subjects(predicate, object_, unique)


def work_graph(
    data: Graph | Iterable[Triple],
    context: Iterable[Triple],
    closures: ConceptClosures,
    namespaces: Iterable[tuple[str, str]],
) -> WorkGraph:
    """A new graph with ``data``, ``context`` and the vocabulary closures of every IRI they use as an object."""
    document = list(data.triples((None, None, None)) if isinstance(data, Graph) else data)
    document.extend(context)
    store = IndexStore(document)
    store.share(closures.union(store.object_terms()))
    return WorkGraph(store, bound_as=_bound_as(tuple(namespaces)))


_bound: dict[tuple[tuple[str, str], ...], IndexStore] = {}


def _bound_as(namespaces: tuple[tuple[str, str], ...]) -> IndexStore:
    """The bindings of a graph that bound every pair (``override``) after rdflib's own default prefixes.

    rdflib's namespace manager binds ~30 default prefixes when it is made, and each ``bind`` checks both directions
    and files the namespace in a prefix tree: half a millisecond a graph. The outcome depends on the pairs alone:
    one graph binds them, the work graphs copy its bindings.
    """
    bound = _bound.get(namespaces)
    if bound is None:
        first = WorkGraph(IndexStore())
        for prefix, namespace in namespaces:
            first.bind(prefix, namespace, override=True)
        bound = _bound[namespaces] = first.index
    return bound
