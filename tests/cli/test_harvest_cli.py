"""``hdsgraph harvest URL``, run in process against real servers on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hdsgraph.cli.main import main
from hdsgraph.node import Node
from hdsgraph.validation import ShaclValidator
from tests.conftest import ROOT
from tests.federation._loopback import Peer, canned_server, next_link, peer_node, seed_turtle


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, validator: ShaclValidator) -> None:
    monkeypatch.setenv("HDSGRAPH_RESOURCES_DIR", str(ROOT))
    monkeypatch.setenv("HDSGRAPH_SEED", "false")
    # The same shapes, parsed once for the session rather than by every command.
    monkeypatch.setattr(Node, "validator", property(lambda node: validator))


@pytest.fixture
def peer(tmp_path: Path, validator: ShaclValidator) -> Iterator[Peer]:
    with peer_node(tmp_path, validator) as p:
        yield p


def test_a_complete_harvest_exits_0_and_a_second_finds_nothing_new(
    peer: Peer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    assert main(["harvest", peer.catalog, "--data", data]) == 0
    assert f"{peer.catalog}: complete crawl of 3 pages" in capsys.readouterr().out
    assert main(["harvest", peer.catalog, "--data", data]) == 0
    out = capsys.readouterr().out
    assert "0 added, 0 updated, 5 unchanged, 0 rejected, 0 removed" in out


def test_rejected_datasets_are_listed_and_exit_1(
    peer: Peer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = "https://peer.example.org/dataset/untitled"
    peer.load_unchecked(broken, f"<{broken}> a <http://www.w3.org/ns/dcat#Dataset> .".encode())
    assert main(["harvest", peer.catalog, "--data", str(tmp_path / "data")]) == 1
    out = capsys.readouterr().out
    assert "5 added" in out and "1 rejected" in out
    assert f"  rejected {broken}: " in out and "SHACL violations" in out


def test_an_incomplete_crawl_exits_1_with_its_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with canned_server() as canned:
        url = canned.url + "/catalog"
        canned.serve("/catalog", seed_turtle("hrs-radiology-imaging-archive") + next_link(url, canned.url + "/gone"))
        assert main(["harvest", url, "--data", str(tmp_path / "data")]) == 1
    out = capsys.readouterr().out
    assert "INCOMPLETE crawl of 1 page" in out and "1 added" in out
    assert "  warning: page 2 was not read" in out and "HTTP 404" in out


def test_a_source_that_does_not_answer_rdf_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with canned_server() as canned:
        url = canned.serve("/catalog", b"<html></html>", "text/html")
        assert main(["harvest", url, "--data", str(tmp_path / "data")]) == 1
    err = capsys.readouterr().err
    assert f"error: {url} answered with Content-Type 'text/html'" in err and "the cache was not changed" in err


def test_a_url_that_is_not_http_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert main(["harvest", "file:///etc/passwd", "--data", str(data)]) == 2
    assert "'file:///etc/passwd' is not an http:// or https:// URL" in capsys.readouterr().err
    assert not data.exists(), "bad usage touches nothing"
