"""``hdsgraph reason [--write]``: reports consistency, counts and time; writes the closure; exit 1 when stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdsgraph.cli.main import main
from hdsgraph.core.vocab import HDS
from hdsgraph.ontology import Closure, OntologyInconsistentError, ShippedOntology, read_closure
from tests.ontologies.conftest import needs_java


@pytest.fixture
def resources(checkout: Path, monkeypatch: pytest.MonkeyPatch) -> ShippedOntology:
    monkeypatch.setenv("HDSGRAPH_RESOURCES_DIR", str(checkout))
    return ShippedOntology(checkout / "ontologies")


def _committed_closure(self: ShippedOntology) -> Closure:
    # Stands in for HermiT where the command's own logic is under test: the committed closure, as derived.
    closure = self.committed()
    assert closure is not None
    return closure


@needs_java
def test_write_classifies_and_rewrites_the_closure(
    resources: ShippedOntology, capsys: pytest.CaptureFixture[str]
) -> None:
    resources.closure_file.unlink()
    assert main(["reason", "--write"]) == 0
    out = capsys.readouterr().out
    assert "consistent, no unsatisfiable classes" in out
    assert "classification time:" in out and " classes and concepts" in out
    assert read_closure(resources.closure_file).content_hash == resources.inputs_hash()


def test_an_up_to_date_closure_passes_the_check(
    resources: ShippedOntology, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(ShippedOntology, "classify", _committed_closure)
    assert main(["reason"]) == 0
    assert "is up to date" in capsys.readouterr().out


def test_a_stale_closure_fails_the_check(
    resources: ShippedOntology, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(ShippedOntology, "classify", _committed_closure)
    ontology = resources.directory / "hdsgraph.ttl"
    ontology.write_text(ontology.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert main(["reason"]) == 1
    assert "run `hdsgraph reason --write`" in capsys.readouterr().err


def test_an_inconsistent_ontology_fails_naming_the_class(
    resources: ShippedOntology, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def inconsistent(self: ShippedOntology) -> Closure:
        raise OntologyInconsistentError([str(HDS.ResearchForAdvertising)])

    monkeypatch.setattr(ShippedOntology, "classify", inconsistent)
    assert main(["reason", "--write"]) == 1
    assert "hds:ResearchForAdvertising" in capsys.readouterr().err
    assert resources.closure_file.is_file(), "an inconsistent ontology leaves the committed closure alone"
