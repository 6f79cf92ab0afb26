"""What the JSON-LD tests share: the fixtures, their expected quads, and canonical comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from hdsgraph.rdfio import parse_jsonld
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "jsonld"
CONTEXTS = ROOT / "src" / "hdsgraph" / "rdfio" / "contexts"
BASE = "https://fixtures.example.org/"


def canonical(quads: list[ox.Quad]) -> set[str]:
    """The quads as N-Quads lines with canonical blank-node labels, so that two parses compare equal."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {f"{quad} ." for quad in dataset}


def expected(name: str) -> set[str]:
    text = (FIXTURES / f"{name}.nq").read_text(encoding="utf-8")
    return canonical(list(ox.parse(text, format=ox.RdfFormat.N_QUADS)))


def parse(document: bytes | str | dict[str, object], *, base_iri: str | None = BASE) -> list[ox.Quad]:
    if isinstance(document, dict):
        document = json.dumps(document)
    if isinstance(document, str):
        document = document.encode()
    return parse_jsonld(document, source="test.jsonld", base_iri=base_iri, without_named_graphs=False)


def fixture_text(name: str) -> str:
    return (FIXTURES / f"{name}.jsonld").read_text(encoding="utf-8")


def index() -> dict[str, str]:
    loaded: dict[str, str] = json.loads((CONTEXTS / "index.json").read_text(encoding="utf-8"))
    return loaded


def files_in(folder: Path, *suffixes: str) -> set[str]:
    return {p.name for p in folder.iterdir() if p.suffix in suffixes}
