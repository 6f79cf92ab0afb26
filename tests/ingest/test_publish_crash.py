"""A process that dies in the middle of a publish leaves, after the next start, a node as if the publish had
happened whole or not at all: store, search index and records agree.

Each case runs a real node on disk in a child process that publishes once and is killed (``os._exit``) at one
step of the write; the test then opens the same data directory the way ``hdsgraph serve`` does.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib import URIRef

from hdsgraph.core.vocab import GraphNames
from hdsgraph.index import SearchQuery
from hdsgraph.node import Node
from tests.conftest import ROOT, make_settings

DATASET = "https://seed.hdsgraph.org/dataset/lih-bladder-cancer-cohort"
LIH = "https://seed.hdsgraph.org/participant/lih"

CHILD = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from hdsgraph.core.formats import RdfFormat
    from hdsgraph.node import Node
    from hdsgraph.store.embedded import EmbeddedStore
    from tests.conftest import make_settings

    data, step, version = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    node = Node(make_settings(data, seed_on_first_start=False))
    node.prepare()
    original = EmbeddedStore.replace_graphs

    def dying(self, graphs):
        if step == "before-store":
            os._exit(3)
        result = original(self, graphs)
        if step == "after-store":
            os._exit(3)
        return result

    EmbeddedStore.replace_graphs = dying
    document = Path(sys.argv[4]).read_bytes()
    if version == "2":
        title = b'title "IHDSI Prospective '
        document = document.replace(title + b"Bladder", title + b"Quokkaline Bladder", 1)
    node.publisher.publish_dataset(document, RdfFormat.TURTLE, sys.argv[5])
    node.close()
    """
)


def run_child(data: Path, step: str, version: str) -> int:
    bladder = ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl"
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(data), step, version, str(bladder), LIH], cwd=ROOT, timeout=300
    ).returncode


def reopen(data: Path) -> Node:
    node = Node(make_settings(data, seed_on_first_start=False))
    node.prepare()  # what `hdsgraph serve` does before it serves
    return node


def titles(node: Node) -> list[str]:
    rows = node.store.select(
        "SELECT ?t WHERE { GRAPH ?g { ?d <http://purl.org/dc/terms/title> ?t FILTER(lang(?t) = 'en') } }",
        {"g": URIRef(GraphNames.for_resource(DATASET))},
    )
    return [str(r["t"]) for r in rows]


def found(node: Node, text: str) -> int:
    node.index.results.clear()
    return node.index.search(SearchQuery(text=text)).total_count


@pytest.fixture
def published_once(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    assert run_child(data, "none", "1") == 0
    return data


def test_a_crash_before_the_store_write_leaves_the_previous_version(published_once: Path) -> None:
    assert run_child(published_once, "before-store", "2") == 3
    node = reopen(published_once)
    try:
        record = node.publisher.record(DATASET)
        assert record is not None and [v.number for v in record.versions] == [1]
        assert titles(node) and all("Quokkaline" not in t for t in titles(node))
        assert node.index.pending() == [] and len(node.index) == 1
        assert found(node, "quokkaline") == 0 and found(node, "bladder") == 1
    finally:
        node.close()


def test_a_crash_between_the_store_and_the_index_is_repaired_on_the_next_start(published_once: Path) -> None:
    assert run_child(published_once, "after-store", "2") == 3
    node = reopen(published_once)
    try:
        record = node.publisher.record(DATASET)
        assert record is not None and [v.number for v in record.versions] == [1, 2]
        assert any("Quokkaline" in t for t in titles(node))
        # The index was marked before the store changed; the start re-derived the entry from the store.
        assert node.index.pending() == [] and len(node.index) == 1
        assert found(node, "quokkaline") == 1
    finally:
        node.close()


def test_a_crash_on_the_first_publish_before_the_store_write_leaves_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_child(data, "before-store", "1") == 3
    node = reopen(data)
    try:
        assert node.publisher.record(DATASET) is None
        assert not node.store.has_graph(GraphNames.for_resource(DATASET))
        assert node.index.pending() == [] and len(node.index) == 0
    finally:
        node.close()
