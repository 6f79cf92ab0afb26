from __future__ import annotations

import pytest
from rdflib import Graph

from hdsgraph.core.errors import ParseError, ValidationFailedError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.vocab import HEALTHDCATAP, GraphNames
from hdsgraph.ingest import Document, DocumentLoader
from hdsgraph.store import EmbeddedStore
from hdsgraph.validation import ShaclValidator
from tests.conftest import ROOT

BLADDER = ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl"
BLADDER_IRI = "https://seed.hdsgraph.org/dataset/lih-bladder-cancer-cohort"


@pytest.fixture
def loader(validator: ShaclValidator) -> DocumentLoader:
    return DocumentLoader(EmbeddedStore(), validator)


def store_of(loader: DocumentLoader) -> EmbeddedStore:
    return loader._store  # type: ignore[return-value]


def without_hdab() -> bytes:
    graph = Graph().parse(BLADDER, format="turtle")
    graph.remove((None, HEALTHDCATAP.hdab, None))
    return graph.serialize(format="turtle").encode()


def test_a_valid_document_lands_in_the_graph_of_its_primary_resource(loader: DocumentLoader) -> None:
    outcome = loader.load(Document.from_file(BLADDER))
    assert outcome.graph == GraphNames.for_resource(BLADDER_IRI)
    assert outcome.report.conforms and outcome.triples > 50
    assert store_of(loader).count(outcome.graph) == outcome.triples


def test_loading_again_replaces_rather_than_adds(loader: DocumentLoader) -> None:
    first = loader.load(Document.from_file(BLADDER))
    again = loader.load(Document.from_file(BLADDER))
    assert store_of(loader).graphs() == [first.graph] == [again.graph]
    assert store_of(loader).count() == first.triples


def test_a_shacl_violation_stores_nothing_of_the_file(loader: DocumentLoader) -> None:
    with pytest.raises(ValidationFailedError) as caught:
        loader.load(Document("bad-dataset.ttl", without_hdab(), RdfFormat.TURTLE))
    assert "nothing was stored" in caught.value.message
    paths = {v.path for v in caught.value.report.violations}
    assert "healthdcatap:hdab" in paths
    assert store_of(loader).count() == 0


def test_a_rejected_new_version_keeps_the_old_one(loader: DocumentLoader) -> None:
    good = loader.load(Document.from_file(BLADDER))
    with pytest.raises(ValidationFailedError):
        loader.load(Document("bad-dataset.ttl", without_hdab(), RdfFormat.TURTLE))
    assert store_of(loader).count(good.graph) == good.triples


def test_a_document_that_does_not_parse_names_file_and_line(loader: DocumentLoader) -> None:
    text = BLADDER.read_bytes() + b'\n<https://example.org/x> <https://example.org/p> "unterminated .\n'
    lines = text.count(b"\n")
    with pytest.raises(ParseError) as caught:
        loader.load(Document("broken.ttl", text, RdfFormat.TURTLE))
    assert caught.value.source == "broken.ttl"
    assert caught.value.position.line == lines
    assert caught.value.message.startswith(f"broken.ttl: line {lines}, column")
    assert "TURTLE" in caught.value.message
    assert store_of(loader).count() == 0
