from __future__ import annotations

from pathlib import Path

import pytest

from hdsgraph.catalogue import CatalogueReader, encode_cursor
from hdsgraph.core.errors import BadInputError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.store import EmbeddedStore

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue.ttl"
EX = "https://example.org/"


@pytest.fixture(scope="module")
def reader() -> CatalogueReader:
    store = EmbeddedStore()
    store.load(FIXTURE.read_bytes(), RdfFormat.TURTLE, "urn:hdsgraph:document:test")
    return CatalogueReader(store)


def test_one_dataset_with_its_references_resolved(reader: CatalogueReader) -> None:
    ds = reader.dataset(EX + "ds-a")
    assert ds is not None
    assert ds.titles.get("fr") == "Cohorte alpha" and ds.titles.get("ko") == "Alpha cohort"
    assert ds.publisher is not None and ds.publisher.names.get("fr") == "Institut Exemple"
    assert [c.labels.get("de") for c in ds.themes] == ["Gesundheit"]
    assert [c.id.rsplit("/", 1)[1] for c in ds.health_categories] == ["EHCT", "HGPD"]
    assert [d.titles.get() for d in ds.distributions] == ["Clinical data", "Omics data"]
    csv = ds.distributions[0]
    assert csv.byte_size == 2048 and csv.format is not None and csv.format.labels.get() == "CSV"


@pytest.mark.parametrize("iri", [EX + "nothing", EX + "dist-a1", "not an iri at all", "x> } DROP ALL {"])
def test_what_is_not_a_dataset_is_none(reader: CatalogueReader, iri: str) -> None:
    assert reader.dataset(iri) is None


def test_pages_cover_every_dataset_once_in_order(reader: CatalogueReader) -> None:
    first = reader.datasets(first=2)
    assert first.total_count == 3 and first.has_next_page and not first.has_previous_page
    rest = reader.datasets(first=2, after=first.cursors[-1])
    assert not rest.has_next_page and rest.has_previous_page
    assert [d.id for d in first.items + rest.items] == [EX + "ds-a", EX + "ds-b", EX + "ds-c"]


def test_a_cursor_past_the_end_gives_an_empty_page(reader: CatalogueReader) -> None:
    page = reader.datasets(first=5, after=encode_cursor(EX + "zzz"))
    assert page.items == () and page.total_count == 3


@pytest.mark.parametrize("cursor", ["garbage!", "", encode_cursor("")[:-1] + "A"])
def test_a_malformed_cursor_is_named(reader: CatalogueReader, cursor: str) -> None:
    with pytest.raises(BadInputError, match="is not a cursor of this node"):
        reader.datasets(after=cursor)


@pytest.mark.parametrize("first", [-1, 101])
def test_page_size_is_bounded(reader: CatalogueReader, first: int) -> None:
    with pytest.raises(BadInputError, match=f"first={first} is out of range; give 0 to 100"):
        reader.datasets(first=first)


BLANK = b"""@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/ds-blank> a dcat:Dataset ; dct:title "Inline"@en ;
    dct:publisher [ a foaf:Agent ; foaf:name "Inline Hospital"@en ] ;
    dcat:distribution [ a dcat:Distribution ; dct:title "Whole-genome files"@en ;
        dcat:accessURL <https://example.org/access/wgs> ; dcat:byteSize "38400000000000"^^xsd:nonNegativeInteger ] .
"""


def test_blank_node_publishers_and_distributions_are_read() -> None:
    store = EmbeddedStore()
    store.load(BLANK, RdfFormat.TURTLE, "urn:hdsgraph:document:blank")
    page = CatalogueReader(store).datasets()
    (ds,) = page.items
    assert ds.publisher is not None and ds.publisher.id is None and ds.publisher.names.get() == "Inline Hospital"
    (dist,) = ds.distributions
    assert dist.id is None and dist.titles.get() == "Whole-genome files"
    assert dist.byte_size == 38_400_000_000_000


def test_has_previous_page_only_when_something_comes_before(reader: CatalogueReader) -> None:
    assert reader.datasets(first=1, after=encode_cursor(EX + "ds-0")).has_previous_page is False
    assert reader.datasets(first=1, after=encode_cursor(EX + "ds-a")).has_previous_page is True
