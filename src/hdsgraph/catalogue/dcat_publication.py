"""The node's catalogue as DCAT-AP, for harvesters: paged, with every dataset described whole, and any IRI the node
mints described on its own.

A page holds the ``dcat:Catalog`` (its own description, with ``dcat:dataset`` links to the datasets of the page
only), the full description of each of those datasets (the named graph it was published in: distributions, agents,
contact points, periods, variables), each dataset's metadata-quality measurements (DQV), and a
``hydra:PagedCollection`` whose links are absolute URLs given by the caller. Datasets are ordered by IRI, so pages
are stable while nothing is published.

Everything served goes through ``_datatypes.restore``: the store collapses integer-derived datatypes, and the
HealthDCAT-AP shapes check them (see that module for why types are restored on output). Triples stay pyoxigraph
terms from the store to the serialiser: rdflib terms would cost more than the rest of a page together.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib.term import URIRef

from hdsgraph.catalogue._datatypes import declared_datatypes, restored_triples
from hdsgraph.catalogue._description import HYDRA, SERVED_FORMATS, Description, Triple
from hdsgraph.catalogue.quality import assess, quality_triples
from hdsgraph.core.errors import BadInputError, NotFoundError
from hdsgraph.core.vocab import DCAT, DCT, RDF, XSD, GraphNames
from hdsgraph.index import SearchIndex
from hdsgraph.rdfio.terms import to_ox
from hdsgraph.store.base import GraphStore

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "HYDRA",
    "MAX_PAGE_SIZE",
    "SERVED_FORMATS",
    "CatalogPage",
    "DcatPublication",
    "Description",
    "last_page",
]

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 100

_CATALOGS = f"SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ ?c a <{DCAT.Catalog}> }} FILTER(isIRI(?c)) }} ORDER BY STR(?c)"
_TYPED_IN = "SELECT ?x ?g WHERE { GRAPH ?g { ?x a ?type } }"
_SUBJECT_OF = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?x ?p ?o } }"

_TYPE = ox.NamedNode(str(RDF.type))
_DATASET = ox.NamedNode(str(DCAT.Dataset))
_CATALOG = ox.NamedNode(str(DCAT.Catalog))
_DATASET_LINK = ox.NamedNode(str(DCAT.dataset))
_DISTRIBUTION = str(DCAT.distribution)
# Nodes a description stops at: another dataset or catalogue is described on its own, not inside this one.
_OWN_DESCRIPTIONS = frozenset({_DATASET, _CATALOG})


@dataclass(frozen=True)
class CatalogPage(Description):
    """One page of the catalogue, and where it sits among the pages (URLs as the caller made them)."""

    catalog: str = ""
    datasets: tuple[str, ...] = ()
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    total: int = 0
    links: dict[str, str] = field(default_factory=dict)  # first, last, and next / previous where they exist

    @property
    def last_page(self) -> int:
        return last_page(self.total, self.page_size)


def last_page(total: int, page_size: int) -> int:
    """The number of the last page; an empty catalogue still has page 1.

    >>> last_page(0, 100), last_page(100, 100), last_page(101, 100), last_page(34, 10)
    (1, 1, 2, 4)
    """
    return max(1, -(-total // page_size))


class DcatPublication:
    """``DcatPublication(store, index, iri_base=…, shapes_dir=…)``: catalogue pages and resource descriptions."""

    def __init__(
        self,
        store: GraphStore,
        index: SearchIndex,
        *,
        iri_base: str,
        shapes_dir: Path,
        catalog_title: str = "",
    ) -> None:
        self._store = store
        self._index = index
        self._iri_base = iri_base
        self._shapes_dir = shapes_dir
        # The title of the stand-in catalogue that a node without a published dcat:Catalog serves.
        self._catalog_title = catalog_title or "hdsgraph catalogue"

    def catalog_page(self, page: int, page_size: int, page_url: Callable[[int], str]) -> CatalogPage:
        """Page ``page`` (1-based) of ``page_size`` datasets; ``page_url(n)`` is the absolute URL of page ``n``.

        Raises ``BadInputError`` for a page or size out of range, ``NotFoundError`` for a page past the last.
        """
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise BadInputError(f"page size {page_size} is out of range; give 1 to {MAX_PAGE_SIZE}", value=page_size)
        if page < 1:
            raise BadInputError(f"page {page} does not exist; pages are numbered from 1", value=page)
        offset = (page - 1) * page_size
        # The index keeps the IRIs in order: a page is a slice, not a sort of every dataset in SPARQL.
        iris, total = self._index.page(offset, page_size)
        last = last_page(total, page_size)
        if page > last:
            raise NotFoundError(
                f"page {page} is past the last page, {last}, of {total} datasets at {page_size} per page",
                value=page,
            )
        catalog, triples = self._catalog()
        homes = self._homes(iris, DCAT.Dataset)
        by_graph = self._triples({g for gs in homes.values() for g in gs})
        for iri in iris:
            triples.append(ox.Triple(catalog, _DATASET_LINK, ox.NamedNode(iri)))
            description = _description(iri, homes.get(iri, []), by_graph)
            triples += description
            triples += _quality(iri, description)
        links = {"first": page_url(1), "last": page_url(last)}
        if page < last:
            links["next"] = page_url(page + 1)
        if page > 1:
            links["previous"] = page_url(page - 1)
        triples += _hydra(page_url(page), total, page_size, links)
        return CatalogPage(
            triples=tuple(dict.fromkeys(triples)),
            lead=(catalog.value, page_url(page), *iris),
            catalog=catalog.value,
            datasets=tuple(iris),
            page=page,
            page_size=page_size,
            total=total,
            links=links,
        )

    def describe(self, iri: str, *, quality: bool = True) -> Description:
        """The description of ``iri``: the graph it was published in, or, for a resource described inside another
        resource's document (a distribution in its dataset's), what that document says about it; a dataset's with
        its DQV quality measurements unless ``quality`` is false.

        Raises ``NotFoundError`` when nothing describes ``iri``.
        """
        try:
            own = GraphNames.for_resource(iri)
            graphs = [own] if self._store.has_graph(own) else self._subject_graphs(iri)
        except BadInputError:
            graphs = []  # not an IRI, so nothing can describe it
        if not graphs:
            raise NotFoundError(f"{iri} is not described by this node; its catalogue is at /catalog", value=iri)
        triples = _description(iri, graphs, self._triples(set(graphs)), incoming=True)
        if quality and ox.Triple(ox.NamedNode(iri), _TYPE, _DATASET) in set(triples):
            triples += _quality(iri, triples)
        return Description(tuple(dict.fromkeys(triples)), (iri,))

    # -- reading the store --------------------------------------------------------------------------------

    def _catalog(self) -> tuple[Any, list[Triple]]:
        """The node's catalogue and its description, without its dataset links (a page adds its own)."""
        found = [str(row["c"]) for row in self._store.select(_CATALOGS)]
        preferred = self._iri_base + "catalog"
        iri = preferred if preferred in found or not found else found[0]
        catalog = ox.NamedNode(iri)
        if not found:
            title = ox.Literal(self._catalog_title)
            return catalog, [
                ox.Triple(catalog, _TYPE, _CATALOG),
                ox.Triple(catalog, ox.NamedNode(str(DCT.title)), title),
            ]
        homes = self._homes([iri], DCAT.Catalog)[iri]
        by_graph = self._triples(set(homes))
        own = _closure(catalog, [t for g in homes for t in by_graph.get(g, ())])
        return catalog, [t for t in own if not (t.subject == catalog and t.predicate == _DATASET_LINK)]

    def _homes(self, iris: Sequence[str], kind: URIRef) -> dict[str, list[str]]:
        """The graphs that type each IRI as ``kind``: its own graph when it has one, else all of them."""
        if not iris:
            return {}
        found: dict[str, list[str]] = defaultdict(list)
        for row in self._store.select(_TYPED_IN, {"x": [URIRef(i) for i in iris], "type": kind}):
            found[str(row["x"])].append(str(row["g"]))
        return {
            iri: [GraphNames.for_resource(iri)] if GraphNames.for_resource(iri) in graphs else sorted(graphs)
            for iri, graphs in found.items()
        }

    def _subject_graphs(self, iri: str) -> list[str]:
        return sorted(str(row["g"]) for row in self._store.select(_SUBJECT_OF, {"x": URIRef(iri)}))

    def _triples(self, graphs: set[str]) -> dict[str, list[Triple]]:
        """The triples of each graph, with the datatypes the shapes declare restored."""
        declared = declared_datatypes(self._shapes_dir)
        out: dict[str, list[Triple]] = {}
        for graph in sorted(graphs):
            buffer = io.BytesIO()
            # An export, not a SELECT: parsing N-Quads is far cheaper than making rdflib terms of every row.
            self._store.export(buffer, graph)
            out[graph] = restored_triples(ox.parse(buffer.getvalue(), format=ox.RdfFormat.N_QUADS), declared)
        return out


def _quality(dataset_iri: str, description: Sequence[Triple]) -> list[Triple]:
    """DQV measurements of the dataset's metadata quality, computed from the description being served.

    ``dcat_ap_compliant`` is true: the node stores only documents that passed the DCAT-AP shapes.
    """
    properties: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for t in description:
        properties[t.subject.value][t.predicate.value].append(t.object.value)
    dataset = properties.get(dataset_iri, {})
    distributions = [properties.get(d, {}) for d in sorted(dataset.get(_DISTRIBUTION, ()))]
    quality = assess(dataset, distributions, dcat_ap_compliant=True)
    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in quality_triples(dataset_iri, quality)]  # type: ignore[arg-type]


def _description(
    iri: str, graphs: Sequence[str], by_graph: dict[str, list[Triple]], *, incoming: bool = False
) -> list[Triple]:
    """What describes ``iri``: the whole of its own graph, else its part of the graphs that mention it.

    With ``incoming``, statements of those graphs that point at ``iri`` come too (the dataset that holds a
    distribution), so that a description says where the resource belongs.
    """
    if list(graphs) == [GraphNames.for_resource(iri)]:
        return list(by_graph.get(graphs[0], ()))
    triples = [t for g in graphs for t in by_graph.get(g, ())]
    node = ox.NamedNode(iri)
    found = _closure(node, triples)
    if incoming:
        found += [t for t in triples if t.object == node and t.subject != node]
    return found


def _closure(root: Any, triples: Iterable[Triple]) -> list[Triple]:
    """The statements about ``root`` and, recursively, about the nodes it refers to that the triples describe,
    except other datasets and catalogues (each described on its own)."""
    by_subject: dict[Any, list[Triple]] = defaultdict(list)
    for t in triples:
        by_subject[t.subject].append(t)
    stops = {
        s
        for s, statements in by_subject.items()
        if s != root and any(t.predicate == _TYPE and t.object in _OWN_DESCRIPTIONS for t in statements)
    }
    found: list[Triple] = []
    seen, pending = {root}, [root]
    while pending:
        for t in by_subject.get(pending.pop(), ()):
            found.append(t)
            value = t.object
            if value not in seen and value in by_subject and value not in stops:
                seen.add(value)
                pending.append(value)
    return found


def _hydra(url: str, total: int, page_size: int, links: dict[str, str]) -> list[Triple]:
    """The page as a ``hydra:PagedCollection``.

    Besides Hydra's current link names (first, last, next, previous) the page carries their earlier names
    (firstPage …): CKAN's DCAT harvester and udata follow ``hydra:nextPage`` on a ``hydra:PagedCollection``.
    """
    page = ox.NamedNode(url)
    count = ox.NamedNode(str(XSD.nonNegativeInteger))
    triples = [
        ox.Triple(page, _TYPE, ox.NamedNode(str(HYDRA.PagedCollection))),
        ox.Triple(page, ox.NamedNode(str(HYDRA.totalItems)), ox.Literal(str(total), datatype=count)),
        ox.Triple(page, ox.NamedNode(str(HYDRA.itemsPerPage)), ox.Literal(str(page_size), datatype=count)),
    ]
    for name, target in links.items():
        triples.append(ox.Triple(page, ox.NamedNode(str(HYDRA[name])), ox.NamedNode(target)))
        triples.append(ox.Triple(page, ox.NamedNode(str(HYDRA[f"{name}Page"])), ox.NamedNode(target)))
    return triples
