"""``SearchIndex``: the search side index of the catalogue, persistent (SQLite) and queried in memory (numpy)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from hdsgraph.index.database import IndexDatabase
from hdsgraph.index.engine import IndexEngine
from hdsgraph.index.entry import IndexEntry
from hdsgraph.index.fields import Field
from hdsgraph.index.query import SearchQuery, SearchResult

__all__ = ["SearchIndex"]


class SearchIndex:
    """``SearchIndex(path)`` opens (or creates) the index file and loads it; ``SearchIndex()`` lives in memory.

    Writes go to the database first and to the in-memory engine after they commit, under one lock that searches
    take too, so a search sees a dataset's old entry or its new one, never a mixture.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._db = IndexDatabase(path)
        self._engine = IndexEngine()
        self._lock = threading.Lock()
        for slot, entry in self._db.rows():
            self._engine.add(slot, entry)

    def __len__(self) -> int:
        return len(self._engine)

    def search(self, query: SearchQuery) -> SearchResult:
        with self._lock:
            return self._engine.search(query)

    def entry(self, iri: str) -> IndexEntry | None:
        with self._lock:
            return self._engine.entry(iri)

    def iris(self, after: str | None = None, limit: int = 100) -> list[str]:
        """Dataset IRIs in IRI order: the ``limit`` that come after ``after``."""
        with self._lock:
            return self._engine.iris(after, limit)

    def agent_names(self, iri: str) -> dict[str, str]:
        """An agent's name by language, as the datasets that name it give it."""
        with self._lock:
            return self._engine.agent_names(iri)

    def known_values(self, field: Field) -> set[str]:
        """The values of ``field`` that some indexed dataset has."""
        with self._lock:
            return self._engine.known_values(field)

    def replace_graph(self, graph: str, entries: Sequence[IndexEntry]) -> None:
        """Make the index hold exactly ``entries`` for the datasets of ``graph`` (none: the graph was dropped)."""
        self.replace_graphs({graph: entries})

    def replace_graphs(self, changes: Mapping[str, Sequence[IndexEntry]]) -> None:
        """``replace_graph`` for many graphs at once, in one transaction (bulk loads)."""
        with self._lock:
            removed, written = self._db.replace_graphs(changes)
            for slot in removed:
                self._engine.remove(slot)
            for slot, entry in written:
                self._engine.add(slot, entry)

    def rebuild(self, entries: Iterable[IndexEntry]) -> int:
        """Replace the whole index with ``entries``; returns how many it now holds."""
        with self._lock:
            self._db.rebuild(entries)
            self._engine = IndexEngine()
            for slot, entry in self._db.rows():
                self._engine.add(slot, entry)
            return len(self._engine)

    def mark_pending(self, graph: str) -> None:
        """Note that ``graph`` is about to change in the graph store, before it does."""
        self._db.mark_pending(graph)

    def clear_pending(self, graph: str) -> None:
        """The change to ``graph`` did not happen: drop its mark."""
        self._db.clear_pending(graph)

    def pending(self) -> list[str]:
        """Graphs whose change may have reached the graph store without reaching the index (a crash between)."""
        return self._db.pending()

    def close(self) -> None:
        self._db.close()
