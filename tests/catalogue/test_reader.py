from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from hdsgraph.catalogue import CatalogueReader, ReaderCacheView
from hdsgraph.catalogue.reader import TripleResources
from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.model import Literal, Ref
from hdsgraph.core.vocab import DCAT, DCT, FOAF
from hdsgraph.ingest import Document, DocumentLoader
from hdsgraph.store import EmbeddedStore
from hdsgraph.validation import ShaclValidator
from tests.conftest import ROOT

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue.ttl"
EX = "https://example.org/"


@pytest.fixture(scope="module")
def reader() -> CatalogueReader:
    store = EmbeddedStore()
    store.load(FIXTURE.read_bytes(), RdfFormat.TURTLE, "urn:hdsgraph:document:test")
    return CatalogueReader(store)


def test_a_resource_is_read_whole(reader: CatalogueReader) -> None:
    ds = reader.describe([EX + "ds-a"])[EX + "ds-a"]
    assert ds.text(str(DCT.title)).get("fr") == "Cohorte alpha"
    assert ds.iris(str(DCAT.distribution)) == [EX + "dist-a1", EX + "dist-a2"]
    assert str(DCAT.Dataset) in ds.types()


def test_many_resources_in_one_call(reader: CatalogueReader) -> None:
    found = reader.describe([EX + "ds-a", EX + "ds-b", EX + "org"])
    assert set(found) == {EX + "ds-a", EX + "ds-b", EX + "org"}
    assert found[EX + "org"].text(str(FOAF.name)).get("fr") == "Institut Exemple"


@pytest.mark.parametrize("iri", [EX + "nothing", "not an iri at all", "x> } DROP ALL {"])
def test_what_nothing_describes_is_left_out(reader: CatalogueReader, iri: str) -> None:
    assert reader.describe([iri]) == {}


def test_typed_literals_keep_value_and_datatype(reader: CatalogueReader) -> None:
    dist = reader.describe([EX + "dist-a1"])[EX + "dist-a1"]
    (size,) = dist.literals(str(DCAT.byteSize))
    assert size.value == "2048" and size.datatype is not None and size.datatype.endswith("integer")


def test_concepts_carry_labels_in_every_language_and_their_scheme(reader: CatalogueReader) -> None:
    heal = "http://publications.europa.eu/resource/authority/data-theme/HEAL"
    found = reader.concepts([heal, EX + "org", EX + "unlabelled"])
    assert found[heal].labels.get("de") == "Gesundheit" and found[heal].labels.get("ko") == "보건"
    assert found[heal].scheme == "http://publications.europa.eu/resource/authority/data-theme"
    assert found[EX + "org"].labels.get() == "Example Institute"  # foaf:name when there is no prefLabel
    assert found[EX + "unlabelled"].labels.get() is None


BLANK = b"""@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/ds-blank> a dcat:Dataset ; dct:title "Inline"@en ;
    dct:publisher [ a foaf:Agent ; foaf:name "Inline Hospital"@en ] ;
    dcat:distribution [ a dcat:Distribution ; dct:title "Whole-genome files"@en ;
        dcat:accessURL <https://example.org/access/wgs> ; dcat:byteSize "38400000000000"^^xsd:nonNegativeInteger ] .
"""


def test_blank_node_publishers_and_distributions_are_read_inline() -> None:
    store = EmbeddedStore()
    store.load(BLANK, RdfFormat.TURTLE, "urn:hdsgraph:document:blank")
    ds = CatalogueReader(store).describe([EX + "ds-blank"])[EX + "ds-blank"]
    (publisher,) = ds.refs(str(DCT.publisher))
    assert publisher.iri is None and publisher.resource is not None
    assert publisher.resource.text(str(FOAF.name)).get() == "Inline Hospital"
    (dist,) = ds.refs(str(DCAT.distribution))
    assert isinstance(dist, Ref) and dist.resource is not None
    assert dist.resource.literals(str(DCAT.byteSize)) == [
        Literal("38400000000000", None, "http://www.w3.org/2001/XMLSchema#integer")
    ]


def test_the_catalogue_iri_is_found() -> None:
    store = EmbeddedStore()
    assert CatalogueReader(store).catalog_iri() is None
    store.load(b"<https://example.org/cat> a <http://www.w3.org/ns/dcat#Catalog> .", RdfFormat.TURTLE, "urn:x:c")
    assert CatalogueReader(store).catalog_iri() == EX + "cat"


def test_the_cache_is_emptied_in_the_step_that_changes_a_graph(validator: ShaclValidator) -> None:
    bladder = ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl"
    iri = "https://seed.hdsgraph.org/dataset/lih-bladder-cancer-cohort"
    store = EmbeddedStore()
    reader = CatalogueReader(store)
    loader = DocumentLoader(store, validator, views=[ReaderCacheView(reader)])
    assert reader.describe([iri]) == {}  # remembered as undescribed
    loader.load(Document.from_file(bladder))
    assert iri in reader.describe([iri])  # the publish emptied the cache
    retitled = bladder.read_bytes().replace(b'dct:title "IHDSI Prospective Bladder', b'dct:title "IHDSI Bladder', 1)
    loader.load(Document("retitled.ttl", retitled, RdfFormat.TURTLE))
    assert reader.describe([iri])[iri].text(str(DCT.title)).get("en").startswith("IHDSI Bladder")


NESTED = b"""@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/> .
ex:ds-nested a dcat:Dataset ; dct:title "Nested"@en, "Imbrique"@fr ; dcat:keyword "a", "b", "a"@en ;
    dct:temporal [ dct:description [ dct:description [ dct:description [ dct:title "too deep" ] ] ] ] ;
    dcat:distribution ex:dist-n1 .
ex:dist-n1 a dcat:Distribution ; dct:title "Files"@en ; dcat:byteSize 12 ; dct:license ex:licence .
"""


@pytest.mark.parametrize("document", [FIXTURE.read_bytes(), BLANK, NESTED])
def test_resources_read_from_triples_equal_those_read_from_the_store(document: bytes) -> None:
    # A peer's description is read as TripleResources: each resource must equal what a store read of the same
    # statements gives, blank nodes nested as deep as the store read goes.
    store = EmbeddedStore()
    graph = "urn:hdsgraph:document:compared"
    store.load(document, RdfFormat.TURTLE, graph)
    exported = io.BytesIO()
    store.export(exported, graph)
    described = TripleResources(ox.parse(exported.getvalue(), format=ox.RdfFormat.N_QUADS))
    subjects = sorted(described)
    assert subjects and len(described) == len(subjects)
    assert {i: described[i] for i in subjects} == CatalogueReader(store).describe(subjects)
    assert "https://example.org/not-described" not in described


def test_resources_read_from_triples_are_built_when_asked_for() -> None:
    described = TripleResources(ox.parse(NESTED, format=ox.RdfFormat.TURTLE))
    assert EX + "dist-n1" in described and described._built == {}
    assert described[EX + "dist-n1"].text(str(DCT.title)).get() == "Files"
    assert set(described._built) == {EX + "dist-n1"}
    with pytest.raises(KeyError):
        described[EX + "licence"]  # named, never described
