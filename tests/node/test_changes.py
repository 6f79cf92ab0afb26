"""The node's change count grows with every write path, so that caches of whole answers know they are stale."""

from __future__ import annotations

from pathlib import Path

from hdsgraph.ingest import Document
from hdsgraph.node import Node
from hdsgraph.node.changes import ChangeCounter
from hdsgraph.validation import ShaclValidator
from tests.conftest import ROOT, make_settings

BLADDER = ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl"


def test_publish_reindex_and_bulk_load_each_count(tmp_path: Path, validator: ShaclValidator) -> None:
    node = Node.in_memory(make_settings(tmp_path / "data"))
    node.__dict__["validator"] = validator
    seen = [node.changes.value]
    node.loader.load(Document.from_file(BLADDER))
    seen.append(node.changes.value)
    node.reindex()
    seen.append(node.changes.value)
    quads = tmp_path / "one.nq"
    quads.write_text('<https://example.org/s> <https://example.org/p> "o" <urn:g:one> .\n', encoding="utf-8")
    node.bulk_load(quads)
    seen.append(node.changes.value)
    assert seen == sorted(set(seen)), seen


def test_new_ontologies_count(tmp_path: Path) -> None:
    node = Node.in_memory(make_settings(tmp_path / "data", seed_on_first_start=False))
    before = node.changes.value
    node.prepare()
    assert node.changes.value > before


def test_a_counted_change_is_counted_before_and_after_the_store_write() -> None:
    counter = ChangeCounter()
    change = counter.stage("urn:g", [])
    change.begin()
    during = counter.value
    change.commit()
    assert 0 < during < counter.value
