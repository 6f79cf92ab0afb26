"""Choose, per document, the shapes that can have focus nodes in it, and keep one parsed shapes graph per choice.

pyshacl walks every shape of its shapes graph on every run: it looks for focus nodes of each one (with several
queries), then evaluates the shapes that found some. Most shapes of a large shapes tree cannot have focus nodes in
a given document (a policy has no ``dcat:Distribution``), so their search is wasted work. The targets say in
advance whether a shape can apply:

- ``sh:targetClass C`` (and an implicit class target) needs an instance of ``C`` or of one of its subclasses, as
  the data graph declares them;
- ``sh:targetSubjectsOf P`` / ``sh:targetObjectsOf P`` need a triple with predicate ``P``;
- ``sh:targetNode`` always applies (its focus nodes need not occur in the data);
- ``sh:target`` (SHACL-AF, e.g. the HealthDCAT-AP profiles chosen by access rights) is asked to pyshacl itself:
  it runs the target's own query on the document.

The chosen shapes, with everything they reach (``sh:property``, ``sh:node``, ``sh:or`` lists, SPARQL constraints,
prefix declarations …), form a smaller shapes graph that gives the same results as the whole: a shape left out has
no focus node and is referenced by no chosen shape.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from typing import Any

from pyshacl.shapes_graph import ShapesGraph
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH
from rdflib.paths import Path
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.term import BNode, Literal, Node, URIRef

from hdsgraph.validation._planned_shapes import ComponentPlans, PlannedShape
from hdsgraph.validation._query_cache import prepared
from hdsgraph.validation._terms import TermTable
from hdsgraph.validation._work_graph import IndexStore, WorkGraph

__all__ = ["SelectedShapes", "SelectionKey", "ShapeSelector", "reachable_shape_nodes"]

SelectionKey = frozenset[Node]

# The predicates through which a shape names another shape (or the parts of its own description).
# (SHACL Core and SHACL-AF names; sh:targetShape is SHACL-AF's and not in rdflib's closed SH namespace.)
_REFERENCE_NAMES = (
    "property node qualifiedValueShape not and or xone sparql prefixes declare target rule condition targetShape"
)
_REFERENCES = frozenset(URIRef(str(SH) + name) for name in _REFERENCE_NAMES.split()) | {RDF.first, RDF.rest}


def reachable_shape_nodes(shapes: Graph, start: Iterable[Node]) -> set[Node]:
    """``start`` and every node their descriptions reach: blank nodes always, IRIs through shape references."""
    seen: set[Node] = set()
    pending = list(start)
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate, value in shapes.predicate_objects(node):
            if value in seen:
                continue
            if isinstance(value, BNode) or (isinstance(value, URIRef) and predicate in _REFERENCES):
                pending.append(value)
    return seen


class ShapeSelector:
    """``ShapeSelector(shapes)``; ``select(work)`` → key; ``shapes_graph(key)`` → a parsed pyshacl shapes graph."""

    def __init__(self, shapes: Graph, *, cache_size: int = 32, terms: TermTable | None = None) -> None:
        """``terms`` (with the shapes' IRIs registered) gives the selected shapes graphs their registered objects."""
        self._shapes = shapes
        self._terms = terms
        self._by_class: dict[Node, set[Node]] = defaultdict(set)
        self._by_predicate: dict[Node, set[Node]] = defaultdict(set)
        self._always: set[Node] = set()
        self._custom: set[Node] = set()
        self._index(shapes)
        self.relevant_predicates = _relevant_predicates(shapes)
        # The shapes with custom (SPARQL) targets, parsed by pyshacl, only to run those targets as pyshacl does.
        self._targets = self._parse(frozenset(self._custom)) if self._custom else None
        self._cache: OrderedDict[SelectionKey, SelectedShapes] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def _index(self, shapes: Graph) -> None:
        class_likes = {RDFS.Class, *shapes.subjects(RDFS.subClassOf, RDFS.Class)}
        for shape, target in shapes.subject_objects(SH.targetClass):
            self._by_class[target].add(shape)
        for shape, kind in shapes.subject_objects(RDF.type):
            if kind in class_likes:
                self._by_class[shape].add(shape)  # implicit class target: the shape is its own class
        for predicate in (SH.targetSubjectsOf, SH.targetObjectsOf):
            for shape, target in shapes.subject_objects(predicate):
                self._by_predicate[target].add(shape)
        self._always.update(shapes.subjects(SH.targetNode, None))
        self._custom.update(shapes.subjects(SH.target, None))

    @property
    def cached(self) -> int:
        """How many selections hold a parsed shapes graph now."""
        return len(self._cache)

    def select(self, work: Graph, focus: dict[Node, set[Node]] | None = None) -> SelectionKey:
        """The shapes with targets that can match ``work`` (the document as it will be validated).

        ``focus`` receives the focus nodes found for shapes chosen by their SPARQL targets, which pyshacl would
        otherwise look for again (``SelectedShapes.known_focus``).
        """
        chosen = set(self._always)
        types = set(work.objects(None, RDF.type))
        for kind in _with_superclasses(work, types):
            chosen |= self._by_class.get(kind, set())
        store = work.store
        predicates = store.predicate_terms() if isinstance(store, IndexStore) else set(work.predicates())
        for predicate in predicates:
            chosen |= self._by_predicate.get(predicate, set())
        if self._targets is not None:
            for node in self._custom - chosen:
                shape = self._targets.lookup_shape_from_node(node)
                shape.set_advanced(True)  # type: ignore[no-untyped-call]
                if isinstance(work, WorkGraph) and _targets_cannot_match(shape, work):
                    continue
                found = shape.focus_nodes(work)  # type: ignore[no-untyped-call]
                if found:
                    chosen.add(node)
                    if focus is not None and _sparql_targets_only(shape):
                        focus[node] = found
        return frozenset(chosen)

    def shapes_graph(self, key: SelectionKey) -> SelectedShapes:
        """The parsed shapes graph for ``key``: built on first use, then reused (least recently used evicted)."""
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        built = self._parse(key)
        with self._lock:
            self._cache[key] = built
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return built

    def _parse(self, key: SelectionKey) -> SelectedShapes:
        graph = ListReadingGraph()
        for prefix, namespace in self._shapes.namespaces():
            graph.bind(prefix, namespace, override=True)
        canonical = self._terms.canonical if self._terms is not None else _as_is
        for node in reachable_shape_nodes(self._shapes, key):
            for triple in self._shapes.triples((node, None, None)):
                graph.add(canonical(triple))
        # pyshacl's implicit-target test reads the rdfs:Class hierarchy of the shapes graph.
        for triple in self._shapes.triples((None, RDFS.subClassOf, RDFS.Class)):
            graph.add(canonical(triple))
        return SelectedShapes(graph, key)


class _ListStore(SimpleMemory):
    """rdflib's plain store (no named graphs here: it answers pyshacl's lookups faster), keeping the RDF lists read
    from it until the next write."""

    def __init__(self) -> None:
        super().__init__()
        self.lists: dict[Node, tuple[Node, ...]] = {}

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        self.lists.clear()
        super().add(triple, context, quoted)

    def remove(self, triple: Any, context: Any = None) -> None:
        self.lists.clear()
        super().remove(triple, context)


class ListReadingGraph(Graph):
    """A shapes graph that walks each RDF list once: pyshacl reads an ``sh:or``, ``sh:in`` or path list again at
    every evaluation of its shape, two lookups an item."""

    def __init__(self) -> None:
        store = _ListStore()
        super().__init__(store=store)
        self._lists = store.lists

    def items(self, list: Node) -> Any:  # rdflib's parameter name
        found = self._lists.get(list)
        if found is None:
            try:
                found = tuple(super().items(list))
            except ValueError:  # a list that loops: rdflib's own walk raises where it finds out
                return super().items(list)
            self._lists[list] = found
        return iter(found)


class SelectedShapes(ShapesGraph):
    """A shapes graph whose top-level walk visits only the shapes with targets in the document.

    Its shapes are ``PlannedShape``s: their constraint components are built once, on first use, and kept in
    ``plans`` for as long as this selection is cached.

        pyshacl iterates ``shapes`` and asks each for focus nodes; the shapes reached only through ``sh:property``,
        ``sh:node`` … have none and are still evaluated where their parents refer to them.
    """

    def __init__(self, graph: Graph, targeted: SelectionKey) -> None:
        super().__init__(graph)
        self.plans = ComponentPlans()
        # (work graph, focus nodes by shape) that the selection found, for the one run on that graph.
        self.known_focus: tuple[Graph, dict[Node, set[Node]]] | None = None
        every = list(super().shapes)  # parse every shape now, once
        for shape in every:
            # pyshacl switches SHACL-AF on only for the shapes it walks; referenced shapes need it as well.
            shape.set_advanced(True)
            # Same slots, one method more: the shape keeps its constraint components in ``plans`` between runs.
            shape.__class__ = PlannedShape
        self._targeted = [shape for shape in every if shape.node in targeted]

    @property
    def shapes(self) -> list[Any]:
        return self._targeted  # pyshacl walks this more than once


# Algebra operators whose solutions are some of the solutions of the one operator they wrap.
_NARROWING = frozenset({"SelectQuery", "Project", "Distinct", "Reduced", "Filter", "Slice"})


def _targets_cannot_match(shape: Any, work: WorkGraph) -> bool:
    """Whether every SHACL-AF target of the shape is a SPARQL query that finds nothing in ``work``, decided without
    running it: a query made of one basic graph pattern (filtered, projected, sliced …) has no solution where one
    of its triple patterns, its variables left open, matches no triple. ``False`` when that cannot be told.

    The HealthDCAT-AP profiles target the datasets with one access right each: two of the three ask for an
    ``dct:accessRights`` value the document does not have.
    """
    targets = shape.advanced_target()
    if not targets:
        return False
    for target in targets.values():
        if target["type"] != SH.SPARQLTarget:
            return False
        helper = target["qh"]
        try:
            query = prepared(helper.apply_prefixes(helper.select_text), work.bindings(), None)
        except Exception:  # a query rdflib cannot read: pyshacl's own run reports it
            return False
        patterns = _graph_pattern(query.algebra)
        if patterns is None or not any(_matches_nothing(work, pattern) for pattern in patterns):
            return False
    return True


def _graph_pattern(algebra: Any) -> list[tuple[Any, Any, Any]] | None:
    """The triple patterns of a query that is one basic graph pattern under narrowing operators, else ``None``."""
    node = algebra
    while getattr(node, "name", None) in _NARROWING:
        if node.name == "SelectQuery" and node.datasetClause:
            return None
        node = node.p
    if getattr(node, "name", None) != "BGP":
        return None
    return list(node.triples)


def _matches_nothing(work: WorkGraph, pattern: tuple[Any, Any, Any]) -> bool:
    if isinstance(pattern[1], Path):
        return False
    s, p, o = (term if isinstance(term, URIRef | Literal) else None for term in pattern)
    return next(iter(work.triples((s, p, o))), None) is None


def _as_is(triple: Any) -> Any:
    return triple


def _sparql_targets_only(shape: Any) -> bool:
    """Whether the shape's SHACL-AF targets are all ``sh:SPARQLTarget``s (queries that need nothing set up)."""
    return all(target["type"] == SH.SPARQLTarget for target in shape.advanced_target().values())


def _with_superclasses(work: Graph, types: set[Node]) -> set[Node]:
    """``types`` and their ancestors through the document's own ``rdfs:subClassOf`` (what pyshacl follows)."""
    found = set(types)
    pending = list(types)
    while pending:
        for parent in work.objects(pending.pop(), RDFS.subClassOf):
            if parent not in found:
                found.add(parent)
                pending.append(parent)
    return found


_SPARQL_IRI = re.compile(r"<([^<>\s]+)>")
_SPARQL_NAME = re.compile(r"([A-Za-z][\w.-]*)?:([\w-]+)")


def _relevant_predicates(shapes: Graph) -> frozenset[Node] | None:
    """Every predicate a shape may look at, or ``None`` when any predicate may matter (a closed shape).

    Vocabulary concepts copied beside a document need only these: a triple whose predicate no shape names, no
    SPARQL text mentions and no closed shape counts cannot change a result.
    """
    if any(True for _ in shapes.triples((None, SH.closed, None))):
        return None
    found: set[Node] = {RDF.type, RDFS.subClassOf}
    for triple in shapes:
        found.update(term for term in triple if isinstance(term, URIRef))
    namespaces: dict[str, set[str]] = defaultdict(set)
    for declaration in shapes.objects(None, SH.declare):
        prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
        if prefix is not None and namespace is not None:
            namespaces[str(prefix)].add(str(namespace))
    for query_predicate in (SH.select, SH.ask, SH.construct, SH.update):
        for text in shapes.objects(None, query_predicate):
            found.update(URIRef(iri) for iri in _SPARQL_IRI.findall(str(text)))
            for prefix, local in _SPARQL_NAME.findall(str(text)):
                found.update(URIRef(namespace + local) for namespace in namespaces.get(prefix, ()))
    return frozenset(found)
