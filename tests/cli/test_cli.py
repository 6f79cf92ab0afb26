"""The command line, run in process."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from hdsgraph.cli.main import main
from hdsgraph.core.vocab import HEALTHDCATAP
from tests.conftest import ROOT

BLADDER = ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl"
PARKINSON = ROOT / "seeds" / "datasets" / "ncck-parkinsons-feasibility-cohort.ttl"


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HDSGRAPH_RESOURCES_DIR", str(ROOT))
    monkeypatch.setenv("HDSGRAPH_DATA_DIR", str(tmp_path / "data"))
    # These tests load their own files; seeding a new data directory is the node tests' business.
    monkeypatch.setenv("HDSGRAPH_SEED", "false")


def bad_copy(tmp_path: Path) -> Path:
    graph = Graph().parse(BLADDER, format="turtle")
    graph.remove((None, HEALTHDCATAP.hasStructuredData, None))
    path = tmp_path / "bad.ttl"
    graph.serialize(path, format="turtle")
    return path


def test_validate_a_conforming_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BLADDER)]) == 0
    assert f"{BLADDER}: conforms" in capsys.readouterr().out


def test_validate_reports_each_violation_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(bad_copy(tmp_path))]) == 1
    out = capsys.readouterr().out
    assert "does not conform" in out
    assert "Violation: <https://seed.hdsgraph.org/dataset/lih-bladder-cancer-cohort>" in out
    assert "property healthdcatap:hasStructuredData" in out


def test_validate_a_file_that_does_not_parse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix ex: <https://e.org/> .\nex:a ex:b ex:c ;\n  ex:d .\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: line 3" in err


def test_validate_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no/such/file.ttl"]) == 2
    assert "no/such/file.ttl: no such file" in capsys.readouterr().err


def test_load_then_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", str(BLADDER), str(PARKINSON)]) == 0
    out = capsys.readouterr()
    assert "urn:hdsgraph:document:https://seed.hdsgraph.org/dataset/lih-bladder-cancer-cohort" in out.out
    assert "loading [" in out.err and "2/2" in out.err
    target = tmp_path / "dump.nq"
    assert main(["export", "-o", str(target)]) == 0
    dump = target.read_text(encoding="utf-8")
    assert "<https://seed.hdsgraph.org/dataset/ncck-parkinsons-feasibility-cohort>" in dump
    assert all(line.endswith(" .") for line in dump.splitlines())


def test_load_stores_the_good_files_and_nothing_of_the_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = bad_copy(tmp_path)
    assert main(["load", str(PARKINSON), str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: 1 SHACL violation; nothing was stored" in err
    assert "1 of 2 file(s) not loaded" in err
    target = tmp_path / "dump.nq"
    main(["export", "-o", str(target)])
    dump = target.read_text(encoding="utf-8")
    assert "ncck-parkinsons-feasibility-cohort" in dump
    assert "lih-bladder-cancer-cohort" not in dump


def test_schema_prints_the_published_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == (ROOT / "api" / "schema.graphql").read_text(encoding="utf-8")


def test_export_of_a_data_directory_without_a_store(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export"]) == 2
    assert "holds no store" in capsys.readouterr().err


def test_export_to_a_missing_directory_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", str(PARKINSON)]) == 0
    target = tmp_path / "missing" / "dump.nq"
    assert main(["export", "-o", str(target)]) == 2
    assert f"No such file or directory: {target}" in capsys.readouterr().err


def test_export_of_a_graph_name_that_is_not_an_iri(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", str(PARKINSON)]) == 0
    assert main(["export", "--graph", "not an iri"]) == 2
    assert "'not an iri' is not a graph name" in capsys.readouterr().err


def test_load_of_a_directory_says_what_to_give(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", str(ROOT / "seeds")]) == 2
    assert "is a directory; give the RDF files in it" in capsys.readouterr().err


def test_a_corrupt_state_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "node.json").write_text("[]", encoding="utf-8")
    assert main(["load", str(PARKINSON)]) == 2
    assert "node.json is not a JSON object" in capsys.readouterr().err


def test_a_seed_that_does_not_conform_stops_with_its_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    checkout = tmp_path / "checkout"
    for part in ("shapes", "ontologies"):
        shutil.copytree(ROOT / part, checkout / part)
    (checkout / "seeds" / "datasets").mkdir(parents=True)
    shutil.copy(bad_copy(tmp_path), checkout / "seeds" / "datasets" / "bad.ttl")
    monkeypatch.setenv("HDSGRAPH_RESOURCES_DIR", str(checkout))
    monkeypatch.setenv("HDSGRAPH_SEED", "true")
    assert main(["load", str(PARKINSON)]) == 1
    err = capsys.readouterr().err
    assert "bad.ttl: healthdcatap:hasStructuredData is mandatory" in err and "nothing was stored" in err
    assert "VALIDATION_FAILED" in err and "| healthdcatap:hasStructuredData" in err


def test_export_then_bulk_load_elsewhere_then_reindex(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", str(BLADDER), str(PARKINSON)]) == 0
    dump = tmp_path / "dump.nq"
    assert main(["export", "-o", str(dump)]) == 0
    other = tmp_path / "restored"
    assert main(["load", "--bulk", str(dump), "--data", str(other)]) == 0
    assert "2 datasets indexed from the file" in capsys.readouterr().out
    (other / "index.sqlite").unlink()  # the index is derived: losing it loses nothing
    for suffix in ("-wal", "-shm"):
        (other / f"index.sqlite{suffix}").unlink(missing_ok=True)
    assert main(["reindex", "--data", str(other)]) == 0
    assert "indexed 2 datasets" in capsys.readouterr().out


def test_bulk_load_reads_n_quads_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", "--bulk", "--format", "turtle", str(BLADDER)]) == 2
    assert "--bulk reads N-Quads only" in capsys.readouterr().err
