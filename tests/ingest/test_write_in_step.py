"""``write_in_step``: the store's write and the derived views' changes, all of it or none of it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from hdsgraph.ingest.loader import write_in_step


class _Change:
    def __init__(self, log: list[str], name: str) -> None:
        self.log, self.name = log, name

    def begin(self) -> None:
        self.log.append(f"{self.name} begin")

    def commit(self) -> None:
        self.log.append(f"{self.name} commit")

    def abort(self) -> None:
        self.log.append(f"{self.name} abort")


class _View:
    def __init__(self, change: _Change) -> None:
        self.change = change

    def stage(self, graph: str, triples: Sequence[Any]) -> _Change:
        self.change.log.append(f"{self.change.name} stage {graph}")
        return self.change


def test_views_stage_and_begin_before_the_store_writes_and_commit_after() -> None:
    log: list[str] = []
    views = [_View(_Change(log, "index")), _View(_Change(log, "cache"))]

    def write() -> int:
        log.append("store write")
        return 7

    assert write_in_step(views, "urn:g", [], write) == 7
    assert log == [
        "index stage urn:g",
        "cache stage urn:g",
        "index begin",
        "cache begin",
        "store write",
        "index commit",
        "cache commit",
    ]


def test_a_failing_store_write_aborts_every_change() -> None:
    log: list[str] = []
    views = [_View(_Change(log, "index")), _View(_Change(log, "cache"))]

    def write() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_in_step(views, "urn:g", [], write)
    assert log[-2:] == ["index abort", "cache abort"]
    assert not any(entry.endswith("commit") for entry in log)


def test_a_view_that_cannot_stage_stops_the_write() -> None:
    class Broken:
        def stage(self, graph: str, triples: Sequence[Any]) -> _Change:
            raise ValueError("no entry")

    written: list[str] = []
    with pytest.raises(ValueError, match="no entry"):
        write_in_step([Broken()], "urn:g", [], lambda: written.append("store"))  # type: ignore[list-item]
    assert written == []
