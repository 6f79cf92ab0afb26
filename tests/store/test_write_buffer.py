"""The embedded store flushes Oxigraph's write buffer on its own, in the background, and nothing is lost by it."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import pytest

from hdsgraph.core.formats import RdfFormat
from hdsgraph.rdfio import parse_document
from hdsgraph.store import EmbeddedStore, embedded
from hdsgraph.store.base import ParsedGraph

EX = "http://example.org/"


def _document(n: int, triples: int = 10) -> bytes:
    return "\n".join(f'<{EX}s{n}> <{EX}p{i}> "value {n} {i}" .' for i in range(triples)).encode()


@pytest.fixture
def flushes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Background flushes as they happen (after every 25 quads written), each waiting its turn to end."""
    monkeypatch.setattr(embedded, "_FLUSH_AFTER_QUADS", 25)
    seen: list[str] = []
    flush = embedded._flush_in_background

    def counted(store: Any, path: Path) -> None:
        seen.append(threading.current_thread().name)
        flush(store, path)

    monkeypatch.setattr(embedded, "_flush_in_background", counted)
    return seen


def test_writes_past_the_threshold_are_flushed_on_a_thread_of_their_own(tmp_path: Path, flushes: list[str]) -> None:
    store = EmbeddedStore(tmp_path / "store")
    try:
        store.load(_document(0), RdfFormat.N_TRIPLES, f"{EX}g0")  # 10 quads: not yet
        store.load(_document(1), RdfFormat.N_TRIPLES, f"{EX}g1")
        assert flushes == []
        store.replace_graphs({f"{EX}g2": ParsedGraph(parse_document(_document(2), RdfFormat.N_TRIPLES, source="g2"))})
        store._wait_for_flusher()
        assert flushes == ["hdsgraph-store-flush"]
        assert [store.count(f"{EX}g{n}") for n in range(3)] == [10, 10, 10]
    finally:
        store.close()


def test_what_was_written_around_flushes_survives_a_reopen(tmp_path: Path, flushes: list[str]) -> None:
    path = tmp_path / "store"
    store = EmbeddedStore(path)
    for n in range(40):
        store.replace_graph(f"{EX}g{n}", _document(n), RdfFormat.N_TRIPLES)
    store.close()  # waits for a flush still running
    assert flushes, "the writes crossed the threshold: at least one flush ran beside them"
    with EmbeddedStore(path) as again:
        assert again.count() == 400
        assert again.graphs() == sorted(f"{EX}g{n}" for n in range(40))


def test_a_store_in_memory_or_read_only_never_flushes(tmp_path: Path, flushes: list[str]) -> None:
    memory = EmbeddedStore()
    for n in range(10):
        memory.load(_document(n), RdfFormat.N_TRIPLES, f"{EX}g{n}")
    memory.flush()
    memory.close()
    path = tmp_path / "store"
    EmbeddedStore(path).close()
    reader = EmbeddedStore(path, read_only=True)
    reader.flush()
    reader.close()
    assert flushes == []


def test_a_flush_that_fails_is_logged_and_loses_nothing(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    class Failing:
        def flush(self) -> None:
            raise OSError("disk full")

    with caplog.at_level(logging.WARNING, logger=embedded.__name__):
        embedded._flush_in_background(Failing(), tmp_path)  # type: ignore[arg-type]
    assert "disk full" in caplog.text and str(tmp_path) in caplog.text


def test_an_explicit_flush_keeps_every_quad(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as store:
        store.load(_document(0), RdfFormat.N_TRIPLES, f"{EX}g0")
        store.flush()
        store.load(_document(1), RdfFormat.N_TRIPLES, f"{EX}g1")
        assert store.count() == 20
