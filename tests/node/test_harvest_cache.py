"""The harvest cache: harvested datasets searchable and readable apart from the node's own, over a real peer."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hdsgraph.core.formats import RdfFormat
from hdsgraph.index import SearchQuery
from hdsgraph.ingest import Document
from hdsgraph.node import Node
from hdsgraph.validation import ShaclValidator
from tests.conftest import make_settings
from tests.federation._loopback import SEED_DATASETS, Peer, peer_node, seed_iri, seed_turtle

# A word of each dataset's title, found by text search.
WORDS = {
    "hrs-radiology-imaging-archive": "radiology",
    "uks-hospital-quality-indicators": "saarland",
    "lnds-causes-of-death-registry": "causes",
    "ncck-cancer-screening-survey": "screening",
    "hus-antimicrobial-resistance-isolates": "antimicrobial",
}
RADIOLOGY = "hrs-radiology-imaging-archive"
OWN = "esante-medicinal-product-catalogue"  # a dataset of the harvesting node itself


@pytest.fixture
def peer(tmp_path: Path, validator: ShaclValidator) -> Iterator[Peer]:
    with peer_node(tmp_path, validator) as p:
        yield p


@pytest.fixture
def node(tmp_path: Path, validator: ShaclValidator) -> Iterator[Node]:
    """The harvesting node, in memory, holding one dataset of its own."""
    n = Node.in_memory(make_settings(tmp_path / "node"))
    n.__dict__["validator"] = validator
    n.loader.load(Document(f"{OWN}.ttl", seed_turtle(OWN), RdfFormat.TURTLE))
    yield n
    n.close()


def found(node: Node, text: str) -> set[str]:
    return set(node.cache.search.search(SearchQuery(text=text, first=50)).result.iris)


def test_a_paged_catalogue_arrives_searchable_and_readable(node: Node, peer: Peer) -> None:
    report = node.harvest(peer.catalog)
    assert (report.pages, report.added, report.complete) == (3, 5, True)
    for name, word in WORDS.items():
        assert found(node, word) == {seed_iri(name)}
    described = node.cache.reader.describe([seed_iri(n) for n in SEED_DATASETS])
    assert set(described) == {seed_iri(n) for n in SEED_DATASETS}
    [source] = node.cache.sources()
    assert (source.url, source.datasets) == (peer.catalog, 5)
    assert node.cache.source_of(seed_iri(RADIOLOGY)) == source
    assert node.cache.source_of(seed_iri(OWN)) is None
    times = node.cache.harvested_at([seed_iri(RADIOLOGY), seed_iri(OWN)])
    assert list(times) == [seed_iri(RADIOLOGY)] and report.started <= times[seed_iri(RADIOLOGY)] <= report.finished


def test_the_node_s_own_store_and_index_are_untouched(node: Node, peer: Peer) -> None:
    def snapshot() -> bytes:
        out = io.BytesIO()
        node.store.export(out)
        return out.getvalue()

    before, indexed = snapshot(), len(node.index)
    node.harvest(peer.catalog)
    assert snapshot() == before
    assert len(node.index) == indexed == 1
    assert not node.index.contains(seed_iri(RADIOLOGY))
    assert found(node, "medicinal") == set(), "the cache holds harvested datasets only"


def test_a_second_crawl_skips_everything_and_moves_the_harvest_time_on(node: Node, peer: Peer) -> None:
    node.harvest(peer.catalog)
    first = node.cache.harvested_at([seed_iri(RADIOLOGY)])[seed_iri(RADIOLOGY)]
    again = node.harvest(peer.catalog)
    assert (again.unchanged, again.added, again.updated) == (5, 0, 0)
    assert node.cache.harvested_at([seed_iri(RADIOLOGY)])[seed_iri(RADIOLOGY)] > first
    assert node.cache.sources()[0].harvested_at >= again.started


def test_a_changed_dataset_is_updated_and_the_index_follows(node: Node, peer: Peer) -> None:
    node.harvest(peer.catalog)
    peer.load(RADIOLOGY, (b"Oncology Radiology Imaging Archive", b"Oncology Tomography Zebrafinch Archive"))
    report = node.harvest(peer.catalog)
    assert (report.updated, report.unchanged) == (1, 4)
    assert found(node, "zebrafinch") == {seed_iri(RADIOLOGY)}
    entry = node.cache.index.entry(seed_iri(RADIOLOGY))
    assert entry is not None and "Zebrafinch" in entry.title


def test_removed_after_a_complete_crawl_kept_after_an_incomplete_one(node: Node, peer: Peer) -> None:
    node.harvest(peer.catalog)
    peer.drop(seed_iri(RADIOLOGY))
    with httpx.Client(timeout=10) as client:
        partial = node.cache.harvester(client, max_pages=1).harvest(peer.catalog)
    assert (partial.complete, partial.removed) == (False, 0)
    assert found(node, "radiology") == {seed_iri(RADIOLOGY)}
    complete = node.harvest(peer.catalog)
    assert (complete.complete, complete.removed) == (True, 1)
    assert found(node, "radiology") == set()
    assert node.cache.reader.describe([seed_iri(RADIOLOGY)]) == {}
    assert node.cache.sources()[0].datasets == 4


def test_an_invalid_dataset_stays_out_of_the_cache(node: Node, peer: Peer) -> None:
    broken = "https://peer.example.org/dataset/untitled"
    peer.load_unchecked(
        broken,
        f"<{broken}> a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> "
        '"Untitled zebrafinch"@en .'.encode(),
    )
    report = node.harvest(peer.catalog)
    assert [iri for iri, _ in report.rejected] == [broken]
    assert found(node, "zebrafinch") == set()
    assert node.cache.hash_of(broken) is None
    assert len(node.cache.index) == 5


def test_on_disk_the_cache_lives_beside_the_store_and_survives_a_restart(
    tmp_path: Path, validator: ShaclValidator, peer: Peer
) -> None:
    settings = make_settings(tmp_path / "data")
    node = Node(settings)
    node.__dict__["validator"] = validator
    try:
        node.harvest(peer.catalog)
    finally:
        node.close()
    assert (settings.data_dir / "cache" / "store").is_dir()
    assert (settings.data_dir / "cache" / "index.sqlite").is_file()
    reopened = Node(settings)
    reopened.__dict__["validator"] = validator
    try:
        assert found(reopened, "screening") == {seed_iri("ncck-cancer-screening-survey")}
        assert reopened.harvest(peer.catalog).unchanged == 5
        assert len(reopened.index) == 0, "the node's own index holds none of it"
    finally:
        reopened.close()
