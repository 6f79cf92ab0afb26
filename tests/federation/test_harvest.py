"""The harvester over real HTTP on loopback: a real node's paged ``/catalog``, and handcrafted servers for the rest."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from hdsgraph.core.errors import BadInputError, ParseError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.federation.harvest import (
    HarvestedDataset,
    Harvester,
    HarvestError,
    HarvestReport,
    content_hash,
    split_datasets,
)
from hdsgraph.rdfio import parse_document
from hdsgraph.validation import ShaclValidator
from tests.federation._loopback import (
    SEED_DATASETS,
    Canned,
    Peer,
    canned_server,
    next_link,
    peer_node,
    seed_iri,
    seed_turtle,
)

HYDRA = "http://www.w3.org/ns/hydra/core#"
DCAT = "http://www.w3.org/ns/dcat#"
RADIOLOGY = "hrs-radiology-imaging-archive"


class DictSink:
    """A sink in a dictionary, remembering what it was asked to confirm."""

    def __init__(self) -> None:
        self.held_datasets: dict[str, HarvestedDataset] = {}
        self.confirmed: list[str] = []

    def hash_of(self, iri: str) -> str | None:
        found = self.held_datasets.get(iri)
        return found.content_hash if found is not None else None

    def put(self, dataset: HarvestedDataset) -> None:
        self.held_datasets[dataset.iri] = dataset

    def remove(self, iri: str) -> None:
        self.held_datasets.pop(iri, None)

    def held(self, source: str) -> set[str]:
        return {iri for iri, d in self.held_datasets.items() if d.source == source}

    def confirm(self, iris: Collection[str], source: str, at: datetime) -> None:
        self.confirmed += iris


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as c:
        yield c


@pytest.fixture
def peer(tmp_path: Path, validator: ShaclValidator) -> Iterator[Peer]:
    with peer_node(tmp_path, validator) as p:
        yield p


@pytest.fixture
def canned() -> Iterator[Canned]:
    with canned_server() as c:
        yield c


def harvest(client: httpx.Client, sink: DictSink, validator: ShaclValidator, url: str, **limits: int) -> HarvestReport:
    return Harvester(client, sink, validator, **limits).harvest(url)  # type: ignore[arg-type]


# -- a real node's paged catalogue ----------------------------------------------------------------------------


def test_every_dataset_of_a_paged_catalogue_arrives_labelled(
    peer: Peer, client: httpx.Client, validator: ShaclValidator
) -> None:
    sink = DictSink()
    report = harvest(client, sink, validator, peer.catalog)
    assert (report.pages, report.added, report.complete, report.rejected) == (3, 5, True, ())
    assert set(sink.held_datasets) == {seed_iri(n) for n in SEED_DATASETS}
    for dataset in sink.held_datasets.values():
        assert dataset.source == peer.catalog
        assert dataset.harvested_at.tzinfo is not None
        predicates = {t.predicate.value for t in dataset.triples}
        assert not any(p.startswith(HYDRA) for p in predicates), "paging statements are not data"
        assert f"{DCAT}dataset" not in predicates, "the catalogue's links stay out"
        assert f"{DCAT}distribution" in predicates, "what the dataset refers to comes along"
    assert "complete crawl of 3 pages" in report.summary()


def test_a_second_crawl_finds_every_dataset_unchanged(
    peer: Peer, client: httpx.Client, validator: ShaclValidator
) -> None:
    sink = DictSink()
    harvest(client, sink, validator, peer.catalog)
    again = harvest(client, sink, validator, peer.catalog)
    assert (again.added, again.updated, again.unchanged, again.removed, again.complete) == (0, 0, 5, 0, True)
    assert sorted(sink.confirmed) == sorted(seed_iri(n) for n in SEED_DATASETS)


def test_each_format_the_node_serves_gives_the_same_datasets_and_hashes(
    peer: Peer, client: httpx.Client, validator: ShaclValidator
) -> None:
    hashes = {}
    for name in ("turtle", "ntriples", "jsonld"):
        sink = DictSink()
        report = harvest(client, sink, validator, f"{peer.catalog}&format={name}")
        assert (report.pages, report.added, report.complete) == (3, 5, True), name
        hashes[name] = {iri: d.content_hash for iri, d in sink.held_datasets.items()}
    assert hashes["turtle"] == hashes["ntriples"] == hashes["jsonld"]


def test_a_changed_dataset_is_updated(peer: Peer, client: httpx.Client, validator: ShaclValidator) -> None:
    sink = DictSink()
    harvest(client, sink, validator, peer.catalog)
    before = sink.held_datasets[seed_iri(RADIOLOGY)].content_hash
    peer.load(RADIOLOGY, (b"Oncology Radiology Imaging Archive", b"Oncology Radiology Image Archive"))
    report = harvest(client, sink, validator, peer.catalog)
    assert (report.updated, report.unchanged, report.added) == (1, 4, 0)
    assert sink.held_datasets[seed_iri(RADIOLOGY)].content_hash != before


def test_a_dataset_gone_from_the_source_is_removed_after_a_complete_crawl(
    peer: Peer, client: httpx.Client, validator: ShaclValidator
) -> None:
    sink = DictSink()
    harvest(client, sink, validator, peer.catalog)
    peer.drop(seed_iri(RADIOLOGY))
    report = harvest(client, sink, validator, peer.catalog)
    assert (report.removed, report.complete) == (1, True)
    assert seed_iri(RADIOLOGY) not in sink.held_datasets


def test_an_incomplete_crawl_removes_nothing_and_says_so(
    peer: Peer, client: httpx.Client, validator: ShaclValidator
) -> None:
    sink = DictSink()
    harvest(client, sink, validator, peer.catalog)
    peer.drop(seed_iri(RADIOLOGY))
    report = harvest(client, sink, validator, peer.catalog, max_pages=1)
    assert (report.pages, report.removed, report.complete) == (1, 0, False)
    assert seed_iri(RADIOLOGY) in sink.held_datasets
    assert any("limit of 1 page(s)" in w for w in report.warnings)
    assert any("no dataset was removed" in w for w in report.warnings)
    assert "INCOMPLETE" in report.summary()


def test_an_invalid_dataset_is_rejected_and_the_others_arrive(
    peer: Peer, client: httpx.Client, validator: ShaclValidator
) -> None:
    broken = "https://peer.example.org/dataset/untitled"
    peer.load_unchecked(
        broken,
        f'<{broken}> a <{DCAT}Dataset> ; <http://purl.org/dc/terms/description> "Without a title"@en .'.encode(),
    )
    sink = DictSink()
    report = harvest(client, sink, validator, peer.catalog)
    assert [iri for iri, _ in report.rejected] == [broken]
    assert "SHACL violations" in report.rejected[0][1] and "dcat:distribution is mandatory" in report.rejected[0][1]
    assert (report.added, report.complete) == (5, True)
    assert broken not in sink.held_datasets


# -- pages, hashes and splitting, without a server ----------------------------------------------------------


PAGE = b"""
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
<https://ex.org/catalog> a dcat:Catalog ; dcat:dataset <https://ex.org/a>, <https://ex.org/b> ;
    dct:publisher <https://ex.org/org> .
<https://ex.org/a> a dcat:Dataset ; dct:title "A" ; dct:publisher <https://ex.org/org> ;
    dct:relation <https://ex.org/b> ;
    dcat:distribution [ a dcat:Distribution ; dct:format "CSV" ; dct:temporal [ dcat:startDate "2020-01-01" ] ] .
<https://ex.org/b> a dcat:Dataset ; dct:title "B" ; dct:publisher <https://ex.org/org> .
<https://ex.org/org> a foaf:Agent ; foaf:name "Org" .
<https://ex.org/catalog?page=1> a hydra:PagedCollection ; hydra:next <https://ex.org/catalog?page=2> .
"""


def triples_of(turtle: bytes) -> list[ox.Triple]:
    return parse_document(turtle, RdfFormat.TURTLE, source="test")


def test_a_page_splits_into_datasets_with_what_they_refer_to() -> None:
    datasets, blank = split_datasets(triples_of(PAGE))
    assert (sorted(datasets), blank) == (["https://ex.org/a", "https://ex.org/b"], 0)
    a = datasets["https://ex.org/a"]
    subjects = {t.subject.value for t in a if isinstance(t.subject, ox.NamedNode)}
    assert subjects == {"https://ex.org/a", "https://ex.org/org"}, "the agent comes along, the related dataset not"
    assert sum(1 for t in a if isinstance(t.subject, ox.BlankNode)) == 4, "the distribution and its period"
    assert not any(t.predicate.value.startswith(HYDRA) for t in a)


def test_the_hash_ignores_blank_node_labels_and_order_but_not_content() -> None:
    one = split_datasets(triples_of(PAGE))[0]["https://ex.org/a"]
    relabelled = split_datasets(triples_of(PAGE.replace(b'"CSV" ;', b'"CSV" ; ')))[0]["https://ex.org/a"]
    assert {t.subject for t in one if isinstance(t.subject, ox.BlankNode)} != {
        t.subject for t in relabelled if isinstance(t.subject, ox.BlankNode)
    }
    assert content_hash(one) == content_hash(list(reversed(relabelled)))
    changed = split_datasets(triples_of(PAGE.replace(b'"CSV"', b'"TSV"')))[0]["https://ex.org/a"]
    assert content_hash(changed) != content_hash(one)


# -- what a source must not make the node do ----------------------------------------------------------------


def test_a_next_link_to_another_origin_is_not_followed(
    canned: Canned, client: httpx.Client, validator: ShaclValidator
) -> None:
    with canned_server() as foreign:
        page = canned.url + "/catalog"
        canned.serve("/catalog", seed_turtle(RADIOLOGY) + next_link(page, foreign.url + "/catalog?page=2"))
        sink = DictSink()
        report = harvest(client, sink, validator, page)
        assert foreign.requests == []
    assert (report.pages, report.added, report.complete) == (1, 1, False)
    assert any("another origin" in w and foreign.url in w for w in report.warnings)


def test_a_redirect_to_another_origin_is_not_followed(
    canned: Canned, client: httpx.Client, validator: ShaclValidator
) -> None:
    with canned_server() as foreign:
        canned.answers["/catalog"] = (302, {"Location": foreign.url + "/catalog"}, b"")
        with pytest.raises(HarvestError, match="another origin"):
            harvest(client, DictSink(), validator, canned.url + "/catalog")
        assert foreign.requests == []


def test_pages_that_link_in_a_loop_end_the_crawl(
    canned: Canned, client: httpx.Client, validator: ShaclValidator
) -> None:
    first, second = canned.url + "/catalog?page=1", canned.url + "/catalog?page=2"
    canned.serve("/catalog?page=1", seed_turtle(RADIOLOGY) + next_link(first, second))
    canned.serve("/catalog?page=2", seed_turtle(SEED_DATASETS[1]) + next_link(second, first))
    sink = DictSink()
    report = harvest(client, sink, validator, first)
    assert (report.pages, report.added, report.complete) == (2, 2, False)
    assert any("loop" in w for w in report.warnings)
    assert canned.requests == ["/catalog?page=1", "/catalog?page=2"]


def test_a_page_over_the_byte_cap_is_refused_while_it_arrives(
    canned: Canned, client: httpx.Client, validator: ShaclValidator
) -> None:
    url = canned.serve("/catalog", seed_turtle(RADIOLOGY) + b"# padding\n" * 50_000)
    with pytest.raises(HarvestError) as caught:
        harvest(client, DictSink(), validator, url, max_page_bytes=100_000)
    assert url in caught.value.message and "100,000 bytes" in caught.value.message


def test_a_later_page_that_fails_ends_the_crawl_incomplete(
    canned: Canned, client: httpx.Client, validator: ShaclValidator
) -> None:
    first = canned.url + "/catalog"
    canned.serve("/catalog", seed_turtle(RADIOLOGY) + next_link(first, canned.url + "/missing"))
    sink = DictSink()
    report = harvest(client, sink, validator, first)
    assert (report.pages, report.added, report.complete) == (1, 1, False)
    assert any("HTTP 404" in w and "/missing" in w for w in report.warnings)


@pytest.mark.parametrize(
    ("status", "media_type", "body", "expected"),
    [
        (200, "text/html; charset=utf-8", b"<html><body>a portal</body></html>", "'text/html; charset=utf-8'"),
        (200, "", b"<> <> <> .", "no Content-Type"),
        (404, "text/plain", b"not found", "HTTP 404"),
    ],
)
def test_an_answer_that_is_not_an_rdf_page_is_a_clear_error(
    canned: Canned,
    client: httpx.Client,
    validator: ShaclValidator,
    status: int,
    media_type: str,
    body: bytes,
    expected: str,
) -> None:
    canned.answers["/catalog"] = (status, {"Content-Type": media_type} if media_type else {}, body)
    sink = DictSink()
    with pytest.raises(HarvestError) as caught:
        harvest(client, sink, validator, canned.url + "/catalog")
    message = caught.value.message
    assert canned.url + "/catalog" in message and expected in message and "text/turtle" in message
    assert sink.held_datasets == {}


def test_rdf_that_is_no_catalogue_is_refused(canned: Canned, client: httpx.Client, validator: ShaclValidator) -> None:
    url = canned.serve("/catalog", b'<https://ex.org/x> <https://ex.org/p> "1" .', "application/n-triples")
    with pytest.raises(HarvestError, match="no dcat:Catalog and no dcat:Dataset"):
        harvest(client, DictSink(), validator, url)


def test_a_page_that_does_not_parse_names_the_page(
    canned: Canned, client: httpx.Client, validator: ShaclValidator
) -> None:
    url = canned.serve("/catalog", b"this is not turtle")
    with pytest.raises(ParseError) as caught:
        harvest(client, DictSink(), validator, url)
    assert caught.value.source == url


@pytest.mark.parametrize("url", ["ftp://peer.example.org/catalog", "peer.example.org/catalog", "http://"])
def test_a_url_that_is_not_http_is_bad_input(client: httpx.Client, validator: ShaclValidator, url: str) -> None:
    with pytest.raises(BadInputError, match="http:// or https://"):
        harvest(client, DictSink(), validator, url)
