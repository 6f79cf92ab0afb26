"""The index derived from documents, and kept in the same step as the store: publish, failure, crash, rebuild."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from hdsgraph.catalogue import DatasetIndexer, indexing, recover_pending, reindex
from hdsgraph.catalogue.indexing import bulk_load, entries_from_nquads, entries_from_triples
from hdsgraph.core.errors import ParseError, StoreError, ValidationFailedError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.vocab import DCAT, GraphNames
from hdsgraph.index import Field, IndexEntry, SearchIndex, SearchQuery
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


# Lines as export writes them, and valid N-Quads written otherwise: the text reader must read both as the parser does.
ODD_LINES = "\n".join(
    [
        "# a comment",
        "",
        "<https://example.org/ds/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
        " <http://www.w3.org/ns/dcat#Dataset> <urn:g:a> .",
        '<https://example.org/ds/a>\t<http://purl.org/dc/terms/title>\t"Tabbed cohort"@EN-GB <urn:g:a> .',
        '<https://example.org/ds/a>  <http://purl.org/dc/terms/description> "two spaces" <urn:g:a> .',
        '<https://example.org/ds/a> <http://www.w3.org/ns/dcat#keyword> "quote \\" and \\u00e9t\\u00e9" <urn:g:a> .',
        '<https://example.org/ds/a> <http://www.w3.org/ns/dcat#keyword> "Onkologie"@de <urn:g:a> . # trailing',
        '<https://example.org/ds/a> <http://www.w3.org/ns/dcat#keyword>"tight"<urn:g:a>.',
        '<https://example.org/ds/a> <http://purl.org/dc/terms/title> "directed"@en--ltr <urn:g:a> .',
        "<https://example.org/ds/a> <http://purl.org/dc/terms/publisher> _:agent <urn:g:a> .",
        "<https://example.org/ds/a> <http://purl.org/dc/terms/publisher> <https://example.org/p> <urn:g:a> .",
        '<https://example.org/p> <http://xmlns.com/foaf/0.1/name> "Publisher"@en <urn:g:a> .',
        '_:agent <http://xmlns.com/foaf/0.1/name> "Blank" <urn:g:a> .',
        "<https://example.org/ds/a> <http://healthdataportal.eu/ns/health#minTypicalAge>"
        ' "18"^^<http://www.w3.org/2001/XMLSchema#integer> <urn:g:a> .',
        '<https://example.org/ds/a> <http://purl.org/dc/terms/issued> "2020-01-01" .',
        "<https://example.org/ds/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
        " <http://www.w3.org/ns/dcat#Dataset> _:graph .",
        "<https://example.org/ds/c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
        " <http://www.w3.org/ns/dcat#Dataset> <urn:g:c> .\r",
        '<https://example.org/ds/c> <http://purl.org/dc/terms/title> "Crlf"@en <urn:g:c> .\r',
        "<https://example.org/ds/c><http://www.w3.org/ns/dcat#theme><http://example.org/theme/X><urn:g:c>.",
        '   <https://example.org/ds/c> <http://www.w3.org/ns/dcat#keyword> "indented" <urn:g:c> .',
    ]
)


def parsed_entries(data: bytes) -> dict[str, list[IndexEntry]]:
    """What Oxigraph's parser makes of ``data``, graph by graph: the reference for the text reader."""
    quads: dict[str, list[object]] = {}
    for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
        if isinstance(q.graph_name, ox.NamedNode):
            quads.setdefault(q.graph_name.value, []).append(q)
    return {g: e for g, qs in quads.items() if (e := entries_from_triples(qs, g))}


@pytest.mark.parametrize("block", [1, 37, 1 << 20])
def test_the_text_reader_reads_lines_as_the_parser_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(indexing, "_BLOCK", block)  # lines cut anywhere between two reads
    data = ODD_LINES.encode() + b"\n"
    source = tmp_path / "odd.nq"
    source.write_bytes(data)
    changes, scattered = entries_from_nquads(source)
    assert scattered == set()
    assert changes == parsed_entries(data)
    (a,) = changes["urn:g:a"]
    assert a.title == "directed" and a.min_age == 18.0  # English before British English
    assert {'quote " and ete', "onkologie", "tight"} <= set(a.values[Field.KEYWORD.name])
    assert a.names == {"https://example.org/p": {"en": "Publisher"}}
    (c,) = changes["urn:g:c"]
    assert c.values[Field.THEME.name] == ("http://example.org/theme/X",) and "indented" in c.terms


def test_the_text_reader_reads_an_export_as_the_parser_does(tmp_path: Path, validator: ShaclValidator) -> None:
    store = EmbeddedStore()
    loader = DocumentLoader(store, validator)
    for path in sorted((ROOT / "seeds" / "datasets").glob("*.ttl")):
        loader.load(Document.from_file(path))
    dump = tmp_path / "dump.nq"
    with dump.open("wb") as out:
        store.export(out)
    changes, _ = entries_from_nquads(dump)
    assert changes == parsed_entries(dump.read_bytes())
    assert len(changes) == len(list((ROOT / "seeds" / "datasets").glob("*.ttl")))


def test_a_graph_whose_lines_are_scattered_is_read_from_the_store(tmp_path: Path) -> None:
    lines = ODD_LINES.encode().splitlines()
    data = b"\n".join([*lines[2:4], *lines[17:19], *lines[4:12]]) + b"\n"
    source = tmp_path / "scattered.nq"
    source.write_bytes(data)
    changes, scattered = entries_from_nquads(source)
    assert scattered == {"urn:g:a"} and "urn:g:a" not in changes


def bulk_file(tmp_path: Path, validator: ShaclValidator) -> Path:
    """The seed datasets as export writes them, then the odd lines: a file to bulk-load."""
    store = EmbeddedStore()
    loader = DocumentLoader(store, validator)
    for path in sorted((ROOT / "seeds" / "datasets").glob("*.ttl")):
        loader.load(Document.from_file(path))
    dump = tmp_path / "bulk.nq"
    with dump.open("wb") as out:
        store.export(out)
        out.write(ODD_LINES.encode() + b"\n")
    return dump


def every_entry(index: SearchIndex, store: EmbeddedStore) -> dict[str, IndexEntry | None]:
    return {
        d["d"]: index.entry(str(d["d"]))
        for d in store.select_plain(f"SELECT ?d {{ GRAPH ?g {{ ?d a <{DCAT.Dataset}> }} }}")
    }


def test_a_bulk_load_indexes_what_reindex_would(tmp_path: Path, validator: ShaclValidator) -> None:
    source = bulk_file(tmp_path, validator)
    store, index = EmbeddedStore(tmp_path / "store"), SearchIndex(tmp_path / "index.sqlite")
    # A graph the store already holds gets the file's quads added: its entry comes from the store, all of it.
    store.load(
        b'<https://example.org/ds/c> <http://www.w3.org/ns/dcat#keyword> "earlier" .', RdfFormat.N_TRIPLES, "urn:g:c"
    )
    quads, datasets = bulk_load(store, index, source)
    assert quads == store.count() and datasets == len(index)
    rebuilt = SearchIndex()
    reindex(store, rebuilt)
    assert len(rebuilt) == len(index)
    assert every_entry(index, store) == every_entry(rebuilt, store)
    assert "earlier" in (index.entry("https://example.org/ds/c") or pytest.fail()).values[Field.KEYWORD.name]
    query = SearchQuery(text="cohort", facets=(Field.THEME,), first=50)
    assert index.search(query) == rebuilt.search(query)
    index.close()
    assert SearchIndex(tmp_path / "index.sqlite").search(query) == rebuilt.search(query)  # from the snapshot


def test_a_bulk_file_that_does_not_parse_leaves_the_index_as_it_was(tmp_path: Path, validator: ShaclValidator) -> None:
    source = bulk_file(tmp_path, validator)
    source.write_bytes(source.read_bytes() + b"<https://example.org/x> <https://example.org/p> .\n")
    store, index = EmbeddedStore(tmp_path / "store"), SearchIndex(tmp_path / "index.sqlite")
    with pytest.raises(ParseError) as caught:
        bulk_load(store, index, source)
    assert caught.value.source == str(source)
    assert caught.value.position.line == source.read_bytes().count(b"\n")
    assert len(index) == 0 and index.entry(BLADDER_IRI) is None


def test_a_line_the_parser_reads_between_two_of_another_graph_changes_graph_twice(tmp_path: Path) -> None:
    dataset = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset>"
    keyword = "<http://www.w3.org/ns/dcat#keyword>"
    data = (
        f"<https://example.org/ds/y> {dataset} <urn:g:y> .\n"
        f"<https://example.org/ds/x>\t{dataset} <urn:g:x> .\n"
        f'<https://example.org/ds/y> {keyword} "after x" <urn:g:y> .\n'
    ).encode()
    source = tmp_path / "switch.nq"
    source.write_bytes(data)
    changes, scattered = entries_from_nquads(source)
    assert scattered == {"urn:g:y"} and set(changes) == {"urn:g:x"}
