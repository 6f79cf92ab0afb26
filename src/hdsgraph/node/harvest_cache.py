"""``HarvestCache``: what the node harvested from other catalogues, kept apart from its own graph, and searchable.

The cache is a store of its own (``<data>/cache/store``, or in memory) with a search index of its own
(``<data>/cache/index.sqlite``): nothing harvested ever enters the node's store or index, so a ``LOCAL`` answer
never holds a peer's dataset and a ``CACHED`` one holds nothing else. Each dataset lives in a graph named as the main
store names a dataset's graph, so that indexing, reading and searching work as they do on the node's own datasets.

Beside each dataset's graph, a record graph ``urn:hdsgraph:cache:sources:<dataset IRI>`` says where it came from, when
the harvester last read it and the hash of what it read. One record graph per dataset, rather than one graph for all,
lets a dataset and its record change in one atomic store write: a single shared graph could only be rewritten whole.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
from rdflib.term import URIRef

from hdsgraph.catalogue import (
    CatalogueReader,
    CatalogueSearch,
    DatasetIndexer,
    ReaderCacheView,
    recover_pending,
    reindex,
)
from hdsgraph.catalogue.indexing import dataset_count
from hdsgraph.catalogue.vocabulary import Vocabulary
from hdsgraph.core.vocab import HDS, RDF, XSD, GraphNames
from hdsgraph.federation.harvest import DEFAULT_MAX_PAGE_BYTES, DEFAULT_MAX_PAGES, HarvestedDataset, Harvester
from hdsgraph.index import SearchIndex
from hdsgraph.ingest.loader import DerivedView, write_in_step
from hdsgraph.store import EmbeddedStore, GraphContent, ParsedGraph
from hdsgraph.validation import ShaclValidator

__all__ = ["RECORD_PREFIX", "CachedSource", "HarvestCache"]

RECORD_PREFIX = "urn:hdsgraph:cache:sources:"
_STORE = "store"
_INDEX = "index.sqlite"

_RECORD = ox.NamedNode(str(HDS.HarvestRecord))
_OF = ox.NamedNode(str(HDS.harvestOf))
_FROM = ox.NamedNode(str(HDS.harvestedFrom))
_AT = ox.NamedNode(str(HDS.harvestedAt))
_HASH = ox.NamedNode(str(HDS.contentHash))
_TYPE = ox.NamedNode(str(RDF.type))
_DATE_TIME = ox.NamedNode(str(XSD.dateTime))

_RECORDS = f"""
SELECT ?d ?source ?at ?hash WHERE {{
  GRAPH ?g {{ ?r <{HDS.harvestOf}> ?d ; <{HDS.harvestedFrom}> ?source ; <{HDS.harvestedAt}> ?at ;
                 <{HDS.contentHash}> ?hash }}
}}
"""
_SOURCES = f"""
SELECT ?source (MAX(?at) AS ?last) (COUNT(DISTINCT ?d) AS ?n) WHERE {{
  GRAPH ?g {{ ?r <{HDS.harvestOf}> ?d ; <{HDS.harvestedFrom}> ?source ; <{HDS.harvestedAt}> ?at }}
}} GROUP BY ?source ORDER BY STR(?source)
"""


@dataclass(frozen=True)
class CachedSource:
    """A catalogue the cache holds datasets of: its URL, when it was last read, how many datasets it gave."""

    url: str
    harvested_at: datetime
    datasets: int


def record_graph(iri: str) -> str:
    """The name of the graph that records where dataset ``iri`` was harvested from."""
    return RECORD_PREFIX + iri


class HarvestCache:
    """``HarvestCache(directory, validator, vocabulary)``: on disk under ``directory``, or in memory for ``None``.

    A ``HarvestSink`` for the harvester; ``search`` and ``reader`` answer from the cache as the node's own
    ``catalogue`` and ``reader`` answer from its store (labels from the node's ``vocabulary``).
    """

    def __init__(self, directory: Path | None, validator: ShaclValidator, vocabulary: Vocabulary) -> None:
        self.directory = directory
        self.validator = validator
        self.store = EmbeddedStore(directory / _STORE if directory is not None else None)
        try:
            self.index = SearchIndex(directory / _INDEX if directory is not None else None)
        except BaseException:
            self.store.close()
            raise
        self.reader = CatalogueReader(self.store)
        self.search = CatalogueSearch(self.index, vocabulary)
        self._views: list[DerivedView] = [DatasetIndexer(self.index), ReaderCacheView(self.reader)]
        # As the node does at start: graphs a crash left half-indexed, or an index from another store, are redone.
        recover_pending(self.store, self.index)
        if dataset_count(self.store) != len(self.index):
            reindex(self.store, self.index)

    def harvester(
        self,
        client: httpx.Client,
        *,
        max_pages: int = DEFAULT_MAX_PAGES,
        max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES,
    ) -> Harvester:
        """A harvester that fills this cache, checking with the node's shapes."""
        return Harvester(client, self, self.validator, max_pages=max_pages, max_page_bytes=max_page_bytes)

    # -- HarvestSink ---------------------------------------------------------------------------------------------

    def hash_of(self, iri: str) -> str | None:
        rows = self._records([iri])
        return rows[0][3] if rows else None

    def put(self, dataset: HarvestedDataset) -> None:
        graph = GraphNames.for_resource(dataset.iri)
        record = _record(dataset.iri, dataset.source, dataset.harvested_at, dataset.content_hash)
        graphs = {graph: ParsedGraph(dataset.triples), record_graph(dataset.iri): ParsedGraph(record)}
        write_in_step(self._views, graph, dataset.triples, lambda: self.store.replace_graphs(graphs))

    def remove(self, iri: str) -> None:
        graph = GraphNames.for_resource(iri)
        graphs: dict[str, GraphContent | None] = {graph: None, record_graph(iri): None}
        write_in_step(self._views, graph, [], lambda: self.store.replace_graphs(graphs))

    def held(self, source: str) -> set[str]:
        return {iri for iri, _, _, _ in self._records(source=source)}

    def confirm(self, iris: Collection[str], source: str, at: datetime) -> None:
        # Records only: the datasets' graphs, and so the index, stay as they are. One write for the whole crawl.
        graphs: dict[str, GraphContent | None] = {
            record_graph(iri): ParsedGraph(_record(iri, source, at, digest))
            for iri, _, _, digest in self._records(list(iris))
        }
        if graphs:
            self.store.replace_graphs(graphs)

    # -- what the GraphQL layer asks ------------------------------------------------------------------------------

    def sources(self) -> list[CachedSource]:
        """Every source the cache holds datasets of, by URL, with its latest harvest time."""
        return [
            CachedSource(str(row["source"]), _datetime(row["last"]), int(row["n"]))
            for row in self.store.select(_SOURCES)
        ]

    def source_of(self, iri: str) -> CachedSource | None:
        """The source dataset ``iri`` was harvested from, or ``None`` when the cache does not hold it."""
        rows = self._records([iri])
        if not rows:
            return None
        return next((s for s in self.sources() if s.url == rows[0][1]), None)

    def harvested_at(self, iris: Sequence[str]) -> dict[str, datetime]:
        """When each dataset of ``iris`` that the cache holds was last read from its source."""
        return {iri: at for iri, _, at, _ in self._records(list(iris))}

    def close(self) -> None:
        try:
            self.index.close()
        finally:
            self.store.close()

    def _records(
        self, iris: list[str] | None = None, *, source: str | None = None
    ) -> list[tuple[str, str, datetime, str]]:
        """(dataset, source, harvested at, hash) of ``iris`` (or of every dataset), from ``source`` (or any)."""
        bindings: dict[str, Any] = {}
        if iris is not None:
            bindings["d"] = [URIRef(i) for i in dict.fromkeys(iris) if _is_iri(i)]
            if not bindings["d"]:
                return []
        if source is not None:
            bindings["source"] = URIRef(source)
        return [
            (str(row["d"]), str(row["source"]), _datetime(row["at"]), str(row["hash"]))
            for row in self.store.select(_RECORDS, bindings or None)
        ]


def _record(iri: str, source: str, at: datetime, digest: str) -> list[Any]:
    node = ox.NamedNode(record_graph(iri))
    return [
        ox.Triple(node, _TYPE, _RECORD),
        ox.Triple(node, _OF, ox.NamedNode(iri)),
        ox.Triple(node, _FROM, ox.NamedNode(source)),
        ox.Triple(node, _AT, ox.Literal(_utc(at).isoformat(), datatype=_DATE_TIME)),
        ox.Triple(node, _HASH, ox.Literal(digest)),
    ]


def _utc(at: datetime) -> datetime:
    # A clock without a zone is taken as UTC: a record's time must compare with others from any machine.
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _datetime(term: Any) -> datetime:
    return _utc(datetime.fromisoformat(str(term)))


def _is_iri(text: str) -> bool:
    return ":" in text and not any(c in text for c in ' <>"{}|\\^`')
