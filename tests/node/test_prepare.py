"""A new data directory is seeded once; later starts use what is on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

from hdsgraph.core.vocab import GraphNames
from hdsgraph.node import Node
from hdsgraph.node.seeding import seed_files
from hdsgraph.validation import ShaclValidator
from tests.conftest import ROOT, make_settings


def open_node(data: Path, validator: ShaclValidator, resources: Path = ROOT) -> Node:
    node = Node(make_settings(data, resources_dir=resources))
    node.__dict__["validator"] = validator
    return node


def test_first_start_seeds_and_second_start_does_not(tmp_path: Path, validator: ShaclValidator) -> None:
    node = open_node(tmp_path / "data", validator)
    report = node.prepare()
    assert report is not None and report.documents == len(seed_files(ROOT / "seeds"))
    assert report.ontology_graphs >= 10
    quads = node.store.count()
    node.close()

    again = open_node(tmp_path / "data", validator)
    assert again.prepare() is None
    assert again.store.count() == quads
    bladder = "https://seed.hdsgraph.org/dataset/lih-bladder-cancer-cohort"
    assert bladder in again.reader.describe([bladder])
    assert again.index.entry(bladder) is not None  # the index reopened from its file, not rebuilt
    again.close()


def test_changed_ontologies_are_reloaded_without_reseeding(tmp_path: Path, validator: ShaclValidator) -> None:
    resources = tmp_path / "checkout"
    for part in ("shapes", "ontologies"):
        shutil.copytree(ROOT / part, resources / part)
    (resources / "seeds").mkdir()
    node = open_node(tmp_path / "data", validator, resources)
    node.prepare()
    extra = resources / "ontologies" / "extra.ttl"
    extra.write_text('<https://e.org/c> <http://www.w3.org/2004/02/skos/core#prefLabel> "Extra"@en .\n')
    assert node.prepare() is None
    assert node.store.has_graph(GraphNames.for_ontology("extra.ttl"))
    extra.unlink()
    node.prepare()
    assert not node.store.has_graph(GraphNames.for_ontology("extra.ttl"))
    node.close()
