"""Resources read from the graph in batches: one query for any number of resources, blank nodes included.

The GraphQL layer's DataLoaders call these with every IRI a page needs at once, so a page of datasets costs a
fixed handful of queries whatever its size (no N+1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from rdflib.term import BNode, Literal, Node, URIRef

from hdsgraph.core import model
from hdsgraph.core.vocab import DCAT, DCT, FOAF, RDFS, SKOS
from hdsgraph.store.base import GraphStore

__all__ = ["CatalogueReader"]

# Values that are blank nodes come with their own description, two levels down (a distribution's checksum, a
# period written inline): deeper nesting does not occur in DCAT-AP documents.
_DESCRIBE = """
SELECT ?s ?p ?o ?p2 ?o2 ?p3 ?o3 WHERE {
  GRAPH ?g {
    ?s ?p ?o .
    OPTIONAL { FILTER(isBlank(?o)) ?o ?p2 ?o2 . OPTIONAL { FILTER(isBlank(?o2)) ?o2 ?p3 ?o3 } }
  }
}
"""
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

_Props = dict[Node, dict[str, list[Node]]]


class CatalogueReader:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    def describe(self, iris: Sequence[str]) -> dict[str, model.Resource]:
        """Each IRI's description (from every graph that describes it); IRIs nothing describes are left out."""
        subjects = [URIRef(i) for i in dict.fromkeys(iris) if _is_iri(i)]
        if not subjects:
            return {}
        props: _Props = defaultdict(lambda: defaultdict(list))
        for row in self._store.select(_DESCRIBE, {"s": subjects}):
            _add(props, row["s"], row["p"], row["o"])
            if "p2" in row:
                _add(props, row["o"], row["p2"], row["o2"])
            if "p3" in row:
                _add(props, row["o2"], row["p3"], row["o3"])
        return {str(s): _resource(s, props, depth=0) for s in subjects if s in props}

    def catalog_iri(self) -> str | None:
        """The IRI of the node's catalogue (the first dcat:Catalog, by IRI), or None before one is loaded."""
        rows = self._store.select(_CATALOG)
        return str(rows[0]["c"]) if rows else None

    def concepts(self, iris: Sequence[str]) -> dict[str, model.Concept]:
        """Labels (every language), scheme and notation of each IRI; an IRI nothing labels gets an empty concept."""
        subjects = [URIRef(i) for i in dict.fromkeys(iris) if _is_iri(i)]
        props: _Props = defaultdict(lambda: defaultdict(list))
        if subjects:
            for row in self._store.select(_CONCEPTS, {"s": subjects}):
                _add(props, row["s"], row["p"], row["o"])
        out = {}
        for s in subjects:
            p = props.get(s, {})
            labels = next((p[str(k)] for k in _LABEL_PREDICATES if p.get(str(k))), [])
            scheme = min((str(x) for x in p.get(str(SKOS.inScheme), ())), default=None)
            notation = min((str(x) for x in p.get(str(SKOS.notation), ())), default=None)
            out[str(s)] = model.Concept(str(s), _lang_text(labels), scheme, notation)
        return out


def _is_iri(text: str) -> bool:
    return ":" in text and not any(c in text for c in ' <>"{}|\\^`')


def _add(props: _Props, s: Node, p: Node, o: Node) -> None:
    values = props[s][str(p)]
    if o not in values:
        values.append(o)


def _resource(node: Node, props: _Props, depth: int) -> model.Resource:
    properties = {
        p: tuple(sorted((_value(o, props, depth) for o in objects), key=_order)) for p, objects in props[node].items()
    }
    return model.Resource(str(node) if isinstance(node, URIRef) else None, properties)


def _value(node: Node, props: _Props, depth: int) -> model.Value:
    if isinstance(node, Literal):
        language = node.language.lower() if node.language else None
        return model.Literal(str(node), language, str(node.datatype) if node.datatype else None)
    if isinstance(node, BNode):
        nested = _resource(node, props, depth + 1) if node in props and depth < 3 else model.Resource(None)
        return model.Ref(None, nested)
    return model.Ref(str(node))


def _order(value: model.Value) -> tuple[int, str, str]:
    if isinstance(value, model.Literal):
        return (0, value.language or "", value.value)
    return (1, value.iri or "", "")


def _lang_text(literals: Iterable[Node]) -> model.LangText:
    values: dict[str, str] = {}
    for lit in sorted((v for v in literals if isinstance(v, Literal)), key=str):
        values.setdefault((lit.language or "").lower(), str(lit))
    return model.LangText(values)
