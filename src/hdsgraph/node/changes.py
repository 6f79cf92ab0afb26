"""``ChangeCounter``: a number that grows with every change to the node's graph, for caches of whole answers.

An answer computed while the counter read ``n`` is still exact while it reads ``n``: every write path (a published
or withdrawn document, a bulk load, a reindex, new ontologies) counts, and a document counts in the same step as its
index change, once the store holds it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

__all__ = ["ChangeCounter"]


class ChangeCounter:
    def __init__(self) -> None:
        self._value = 0
        self._lock = threading.Lock()

    @property
    def value(self) -> int:
        return self._value

    def bump(self) -> None:
        with self._lock:
            self._value += 1

    def stage(self, graph: str, triples: Sequence[Any]) -> _CountOnCommit:
        """The loader's view protocol: count the change once the store holds it."""
        return _CountOnCommit(self)


class _CountOnCommit:
    def __init__(self, counter: ChangeCounter) -> None:
        self._counter = counter

    def begin(self) -> None:
        # Counted before the store changes too: an answer computed during the write is not kept as current.
        self._counter.bump()

    def commit(self) -> None:
        self._counter.bump()

    def abort(self) -> None:
        """Nothing changed; the early count only costs a cache miss."""
