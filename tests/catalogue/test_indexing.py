"""The index derived from documents, and kept in the same step as the store: publish, failure, crash, rebuild."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdsgraph.catalogue import DatasetIndexer, recover_pending, reindex
from hdsgraph.catalogue.indexing import entries_from_nquads, entries_from_triples
from hdsgraph.core.errors import StoreError, ValidationFailedError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.vocab import GraphNames
from hdsgraph.index import Field, SearchIndex, SearchQuery
from hdsgraph.ingest import Document, DocumentLoader
from hdsgraph.rdfio import parse_document
from hdsgraph.store import EmbeddedStore
from hdsgraph.validation import ShaclValidator
from tests.conftest import ROOT

BLADDER = ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl"
BLADDER_IRI = "https://seed.hdsgraph.org/dataset/lih-bladder-cancer-cohort"
GRAPH = GraphNames.for_resource(BLADDER_IRI)
HC = "https://hdeu-dcat.data.health.europa.eu/resource/authority/healthcategories/"


def test_an_entry_holds_what_search_needs() -> None:
    (entry,) = entries_from_triples(parse_document(BLADDER.read_bytes(), RdfFormat.TURTLE, source="b"), GRAPH)
    assert entry.iri == BLADDER_IRI and entry.graph == GRAPH
    assert entry.title.startswith("IHDSI Prospective Bladder Cancer Cohort")
    assert {HC + "HGPD", HC + "EHCT"} <= set(entry.values[Field.HEALTH_CATEGORY.name])
    assert entry.values[Field.COUNTRY.name] == ("http://publications.europa.eu/resource/authority/country/LUX",)
    assert "blasenkrebs" in entry.values[Field.KEYWORD.name]  # keywords are normalised for filtering
    assert (entry.min_age, entry.max_age, entry.individuals) == (18.0, 90.0, 128)
    assert entry.modified == "2026-10-02"
    assert entry.names["https://seed.hdsgraph.org/participant/lih"]["en"] == "Luxembourg Institute of Health"
    assert entry.terms["bladder"] > entry.terms["urine"]  # a title word weighs more than a description word


class FailingStore(EmbeddedStore):
    def replace_graph(self, graph: str, document: bytes, format: RdfFormat, base_iri: str | None = None) -> int:
        raise StoreError("disk full")


@pytest.fixture
def index() -> SearchIndex:
    return SearchIndex()


def test_a_publish_changes_the_index_in_the_same_step(validator: ShaclValidator, index: SearchIndex) -> None:
    loader = DocumentLoader(EmbeddedStore(), validator, views=[DatasetIndexer(index)])
    loader.load(Document.from_file(BLADDER))
    assert index.search(SearchQuery(text="urothelial")).iris == (BLADDER_IRI,)
    assert index.pending() == []


def test_a_rejected_document_leaves_the_index_as_it_was(validator: ShaclValidator, index: SearchIndex) -> None:
    loader = DocumentLoader(EmbeddedStore(), validator, views=[DatasetIndexer(index)])
    broken = BLADDER.read_bytes().replace(b"dct:accessRights", b"dct:rightsHolder", 1)
    with pytest.raises(ValidationFailedError):
        loader.load(Document("broken.ttl", broken, RdfFormat.TURTLE))
    assert len(index) == 0 and index.pending() == []


def test_a_failed_store_write_leaves_the_index_as_it_was(validator: ShaclValidator, index: SearchIndex) -> None:
    loader = DocumentLoader(FailingStore(), validator, views=[DatasetIndexer(index)])
    with pytest.raises(StoreError):
        loader.load(Document.from_file(BLADDER))
    assert len(index) == 0 and index.pending() == []


def test_a_crash_between_store_and_index_is_repaired_at_the_next_start(validator: ShaclValidator) -> None:
    store, index = EmbeddedStore(), SearchIndex()
    # What a crash after the store write and before the index write leaves behind: the mark, the new graph.
    index.mark_pending(GRAPH)
    store.replace_graph(GRAPH, BLADDER.read_bytes(), RdfFormat.TURTLE)
    assert len(index) == 0
    assert recover_pending(store, index) == [GRAPH]
    assert index.entry(BLADDER_IRI) is not None and index.pending() == []


def test_reindex_derives_the_same_entries_as_a_publish(validator: ShaclValidator) -> None:
    published = SearchIndex()
    store = EmbeddedStore()
    DocumentLoader(store, validator, views=[DatasetIndexer(published)]).load(Document.from_file(BLADDER))
    rebuilt = SearchIndex()
    assert reindex(store, rebuilt) == 1
    assert rebuilt.entry(BLADDER_IRI) == published.entry(BLADDER_IRI)


def test_a_bulk_file_is_indexed_graph_by_graph(tmp_path: Path, validator: ShaclValidator) -> None:
    store = EmbeddedStore()
    DocumentLoader(store, validator).load(Document.from_file(BLADDER))
    dump = tmp_path / "dump.nq"
    with dump.open("wb") as out:
        store.export(out)
    changes, scattered = entries_from_nquads(dump)
    assert scattered == set()
    assert [e.iri for e in changes[GRAPH]] == [BLADDER_IRI]
