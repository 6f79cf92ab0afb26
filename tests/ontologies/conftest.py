"""Fixtures of the ontology tests: a copy of the shipped ontology files that a test may edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hdsgraph.ontology import shipped
from hdsgraph.ontology.shipped import CLOSURE_FILE, ONTOLOGY_FILES, VOCABULARY_FILES
from tests.conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures"
HAS_JAVA = shutil.which("java") is not None
needs_java = pytest.mark.skipif(not HAS_JAVA, reason="HermiT needs a Java runtime ('java' is not on PATH)")


@pytest.fixture(autouse=True)
def _forget_classifications() -> None:
    # load_closure remembers what it classified in this process; each test here starts from the files alone.
    shipped._classified.clear()


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A resources directory holding the closure's input files and the committed closure, nothing else."""
    for name in (*ONTOLOGY_FILES, *VOCABULARY_FILES, CLOSURE_FILE):
        target = tmp_path / "checkout" / "ontologies" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "ontologies" / name, target)
    return tmp_path / "checkout"


def append_fixture(checkout: Path, fixture: str) -> None:
    """Edit the copy's hdsgraph.ttl as a contributor would: the fixture's statements added at its end."""
    ontology = checkout / "ontologies" / "hdsgraph.ttl"
    ontology.write_text(
        ontology.read_text(encoding="utf-8") + "\n" + (FIXTURES / fixture).read_text(encoding="utf-8"),
        encoding="utf-8",
    )
