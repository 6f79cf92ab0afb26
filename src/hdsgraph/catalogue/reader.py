"""Resources read from the graph in batches: one query for any number of resources, blank nodes included.

The GraphQL layer's DataLoaders call these with every IRI a page needs at once, so a page of datasets costs a
fixed handful of queries whatever its size (no N+1).
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import pyoxigraph as ox
from rdflib.term import URIRef

from hdsgraph.core import model
from hdsgraph.core.vocab import DCAT, DCT, FOAF, RDFS, SKOS
from hdsgraph.store.base import Blank, GraphStore, Iri, PlainTerm
from hdsgraph.store.embedded import plain_term

__all__ = ["CatalogueReader", "ClearOnCommit", "ReaderCacheView", "TripleResources"]

# Values that are blank nodes come with their own description, two levels down (a distribution's checksum, a
# period written inline): deeper nesting does not occur in DCAT-AP documents.
_DESCRIBE = """
SELECT ?s ?p ?o ?p2 ?o2 ?p3 ?o3 WHERE {
  GRAPH ?g {
    { ?s ?p ?o }
    UNION { ?s ?p ?o . FILTER(isBlank(?o)) ?o ?p2 ?o2 }
    UNION { ?s ?p ?o . FILTER(isBlank(?o)) ?o ?p2 ?o2 . FILTER(isBlank(?o2)) ?o2 ?p3 ?o3 }
  }
}
"""
# (Three branches of a UNION rather than nested OPTIONALs: Oxigraph evaluates an OPTIONAL whose filter names an
# outer variable over the whole store, 800 ms for a page of 20 datasets against under 10 ms this way.)
_LABEL_PREDICATES = (SKOS.prefLabel, FOAF.name, DCT.title, RDFS.label)
_CONCEPT_PREDICATES = (*_LABEL_PREDICATES, SKOS.inScheme, SKOS.notation)
# A FILTER, not a VALUES block on ?p: Oxigraph would start from the predicate and scan every label in the
# vocabularies (measured 3.6 ms against 0.4 ms for the labels of four concepts).
_CONCEPTS = (
    "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?p IN ("
    + ", ".join(f"<{p}>" for p in _CONCEPT_PREDICATES)
    + ")) }"
)

_CATALOG = f"SELECT ?c WHERE {{ GRAPH ?g {{ ?c a <{DCAT.Catalog}> }} FILTER(isIRI(?c)) }} ORDER BY STR(?c) LIMIT 1"

# subject -> predicate -> objects, an insertion-ordered set (dict keys): a repeated value is seen once at no cost.
_Props = dict[str, dict[str, dict[PlainTerm, None]]]
_CACHE_SIZE = 20_000


class CatalogueReader:
    """Reads resources in batches, and keeps the last ones read: pages of search results repeat.

    ``clear()`` empties the cache; the node calls it whenever the store changes (see ``ReaderCacheView``).
    """

    def __init__(self, store: GraphStore, cache_size: int = _CACHE_SIZE) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._cache_size = cache_size
        self._resources: OrderedDict[str, model.Resource | None] = OrderedDict()
        self._concepts: OrderedDict[str, model.Concept] = OrderedDict()

    def clear(self) -> None:
        with self._lock:
            self._resources.clear()
            self._concepts.clear()

    def describe(self, iris: Sequence[str]) -> dict[str, model.Resource]:
        """Each IRI's description (from every graph that describes it); IRIs nothing describes are left out."""
        wanted = [i for i in dict.fromkeys(iris) if _is_iri(i)]
        found, missing = self._cached(self._resources, wanted)
        if missing:
            props: _Props = defaultdict(lambda: defaultdict(dict))
            for row in self._store.select_plain(_DESCRIBE, {"s": [URIRef(i) for i in missing]}):
                _add(props, row["s"], row["p"], row["o"])
                if "p2" in row:
                    _add(props, row["o"], row["p2"], row["o2"])
                if "p3" in row:
                    _add(props, row["o2"], row["p3"], row["o3"])
            fresh = {i: _resource(Iri(i), props, depth=0) if i in props else None for i in missing}
            self._remember(self._resources, fresh)
            found.update(fresh)
        return {i: r for i in wanted if (r := found.get(i)) is not None}

    def concepts(self, iris: Sequence[str]) -> dict[str, model.Concept]:
        """Labels (every language), scheme and notation of each IRI; an IRI nothing labels gets an empty concept."""
        wanted = [i for i in dict.fromkeys(iris) if _is_iri(i)]
        found, missing = self._cached(self._concepts, wanted)
        if missing:
            props: _Props = defaultdict(lambda: defaultdict(dict))
            for row in self._store.select_plain(_CONCEPTS, {"s": [URIRef(i) for i in missing]}):
                _add(props, row["s"], row["p"], row["o"])
            fresh = {}
            for iri in missing:
                p = props.get(iri, {})
                labels: Iterable[PlainTerm] = next((p[str(k)] for k in _LABEL_PREDICATES if p.get(str(k))), ())
                scheme = min((str(x) for x in p.get(str(SKOS.inScheme), ())), default=None)
                notation = min((str(x.value) for x in _literals(p.get(str(SKOS.notation), ()))), default=None)
                fresh[iri] = model.Concept(iri, _lang_text(labels), scheme, notation)
            self._remember(self._concepts, fresh)
            found.update(fresh)
        return {i: c for i in wanted if (c := found.get(i)) is not None}

    def cached(self, iris: Sequence[str]) -> tuple[dict[str, Any], list[str]]:
        """What the cache holds of the resources ``iris``, and which it lacks: no store access, so a caller on an
        event loop can skip the worker thread when nothing is missing."""
        found, missing = self._cached(self._resources, list(dict.fromkeys(iris)))
        return {i: v for i, v in found.items() if v is not None}, missing

    def catalog_iri(self) -> str | None:
        """The IRI of the node's catalogue (the first dcat:Catalog, by IRI), or None before one is loaded."""
        rows = self._store.select(_CATALOG)
        return str(rows[0]["c"]) if rows else None

    def _cached(self, cache: OrderedDict[str, Any], wanted: list[str]) -> tuple[dict[str, Any], list[str]]:
        found: dict[str, Any] = {}
        missing = []
        with self._lock:
            for iri in wanted:
                if iri in cache:
                    cache.move_to_end(iri)
                    found[iri] = cache[iri]
                else:
                    missing.append(iri)
        return found, missing

    def _remember(self, cache: OrderedDict[str, Any], fresh: dict[str, Any]) -> None:
        with self._lock:
            cache.update(fresh)
            while len(cache) > self._cache_size:
                cache.popitem(last=False)


class TripleResources(Mapping[str, model.Resource]):
    """The IRI subjects of ``triples`` (Oxigraph triples or quads, such as a peer's description of a dataset) as the
    resources a store read gives, blank-node values described inside.

    Each resource is built when first asked for: a description names dozens of resources (distributions, agents,
    variables), of which an answer usually shows one or two.
    """

    def __init__(self, triples: Iterable[Any]) -> None:
        by_subject: dict[Any, list[Any]] = {}
        for t in triples:
            about = by_subject.get(t.subject)
            if about is None:
                about = by_subject[t.subject] = []
            about.append(t)
        self._by_subject = by_subject
        self._iris = {s.value: s for s in by_subject if isinstance(s, ox.NamedNode)}
        self._built: dict[str, model.Resource] = {}

    def __getitem__(self, iri: str) -> model.Resource:
        built = self._built.get(iri)
        if built is None:
            props: _Props = {}
            self._collect(self._iris[iri], props, depth=0)
            built = self._built[iri] = _resource(Iri(iri), props, depth=0)
        return built

    def __contains__(self, iri: object) -> bool:
        return iri in self._iris

    def __iter__(self) -> Iterator[str]:
        return iter(self._iris)

    def __len__(self) -> int:
        return len(self._iris)

    def _collect(self, subject: Any, props: _Props, depth: int) -> None:
        # The subject's statements and those of the blank nodes it holds, two levels down as in a store read
        # (``_DESCRIBE``): a blank node deeper than that is an empty resource in both.
        key = subject.value
        if key in props:
            return
        by_predicate: dict[str, dict[PlainTerm, None]] = {}
        props[key] = by_predicate
        for t in self._by_subject.get(subject, ()):
            value = t.object
            values = by_predicate.get(t.predicate.value)
            if values is None:
                values = by_predicate[t.predicate.value] = {}
            values[plain_term(value)] = None
            if depth < 2 and isinstance(value, ox.BlankNode) and value in self._by_subject:
                self._collect(value, props, depth + 1)


def _is_iri(text: str) -> bool:
    return ":" in text and not any(c in text for c in ' <>"{}|\\^`')


def _add(props: _Props, s: PlainTerm, p: PlainTerm, o: PlainTerm) -> None:
    props[str(s)][str(p)][o] = None


def _resource(node: PlainTerm, props: _Props, depth: int) -> model.Resource:
    properties = {
        p: tuple(sorted((_value(o, props, depth) for o in objects), key=_order))
        for p, objects in props[str(node)].items()
    }
    return model.Resource(str(node) if isinstance(node, Iri) else None, properties)


def _value(term: PlainTerm, props: _Props, depth: int) -> model.Value:
    if isinstance(term, model.Literal):
        return term
    if isinstance(term, Blank):
        nested = _resource(term, props, depth + 1) if term in props and depth < 3 else model.Resource(None)
        return model.Ref(None, nested)
    return model.Ref(str(term))


def _order(value: model.Value) -> tuple[int, str, str]:
    if isinstance(value, model.Literal):
        return (0, value.language or "", value.value)
    return (1, value.iri or "", "")


def _literals(terms: Iterable[PlainTerm]) -> list[model.Literal]:
    return [t for t in terms if isinstance(t, model.Literal)]


def _lang_text(terms: Iterable[PlainTerm]) -> model.LangText:
    values: dict[str, str] = {}
    for lit in sorted(_literals(terms), key=lambda x: x.value):
        values.setdefault(lit.language or "", lit.value)
    return model.LangText(values)


class ClearOnCommit:
    """A staged change that empties a cache once the store holds the new graph (and does nothing otherwise)."""

    def __init__(self, clear: Callable[[], None] | None) -> None:
        self._clear = clear

    def begin(self) -> None:
        pass

    def commit(self) -> None:
        if self._clear is not None:
            self._clear()

    def abort(self) -> None:
        pass


class ReaderCacheView:
    """Empties the reader's cache in the step that changes a graph, so that no read sees an older description."""

    def __init__(self, reader: CatalogueReader) -> None:
        self._reader = reader

    def stage(self, graph: str, triples: Sequence[Any]) -> ClearOnCommit:
        return ClearOnCommit(self._reader.clear)
