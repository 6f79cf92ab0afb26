"""The index's persistent half: one SQLite file of entries, each under a stable id, and a journal of pending writes.

SQLite gives the index a transaction of its own: an entry set is replaced whole or not at all. The journal closes
the gap between the two stores (the graph store and this one): a graph is marked pending before the graph store
changes and unmarked in the same transaction that writes its entries, so a crash in between leaves a mark, and the
next start re-derives that graph's entries from the store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from hdsgraph.index.entry import IndexEntry

__all__ = ["IndexDatabase"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS dataset (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    iri TEXT NOT NULL UNIQUE,
    graph TEXT NOT NULL,
    entry TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dataset_graph ON dataset(graph);
CREATE TABLE IF NOT EXISTS pending (graph TEXT PRIMARY KEY);
"""


class IndexDatabase:
    def __init__(self, path: Path | None = None) -> None:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: every write below opens its own explicit transaction.
        self._db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def rows(self) -> Iterator[tuple[int, IndexEntry]]:
        for rowid, text in self._db.execute("SELECT id, entry FROM dataset ORDER BY id"):
            yield rowid, IndexEntry.from_json(text)

    def replace_graphs(
        self, changes: Mapping[str, Sequence[IndexEntry]]
    ) -> tuple[list[int], list[tuple[int, IndexEntry]]]:
        """Make each graph hold exactly its entries and clear its pending mark, in one transaction.

        Returns the ids removed and the rows written.
        """
        removed: list[int] = []
        written: list[tuple[int, IndexEntry]] = []
        with self._transaction() as db:
            for graph, entries in changes.items():
                keep = {e.iri for e in entries}
                old = db.execute("SELECT id, iri FROM dataset WHERE graph = ?", (graph,)).fetchall()
                gone = [rowid for rowid, iri in old if iri not in keep]
                db.executemany("DELETE FROM dataset WHERE id = ?", [(r,) for r in gone])
                removed += gone
                written += [(self._upsert(db, e), e) for e in entries]
                db.execute("DELETE FROM pending WHERE graph = ?", (graph,))
        return removed, written

    def rebuild(self, entries: Iterable[IndexEntry]) -> None:
        """Replace every entry, keeping the ids of IRIs already known (cursors stay valid across a reindex)."""
        with self._transaction() as db:
            db.execute("CREATE TEMP TABLE seen (iri TEXT PRIMARY KEY)")
            try:
                for entry in entries:
                    self._upsert(db, entry)
                    db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (entry.iri,))
                db.execute("DELETE FROM dataset WHERE iri NOT IN (SELECT iri FROM seen)")
                db.execute("DELETE FROM pending")
            finally:
                db.execute("DROP TABLE temp.seen")

    @staticmethod
    def _upsert(db: sqlite3.Connection, entry: IndexEntry) -> int:
        row = db.execute(
            "INSERT INTO dataset (iri, graph, entry) VALUES (?, ?, ?) "
            "ON CONFLICT(iri) DO UPDATE SET graph = excluded.graph, entry = excluded.entry RETURNING id",
            (entry.iri, entry.graph, entry.to_json()),
        ).fetchone()
        return int(row[0])

    def mark_pending(self, graph: str) -> None:
        with self._transaction() as db:
            db.execute("INSERT OR IGNORE INTO pending VALUES (?)", (graph,))

    def clear_pending(self, graph: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM pending WHERE graph = ?", (graph,))

    def pending(self) -> list[str]:
        return [g for (g,) in self._db.execute("SELECT graph FROM pending ORDER BY graph")]

    def close(self) -> None:
        self._db.close()

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> sqlite3.Connection:
        self._db.execute("BEGIN IMMEDIATE")
        return self._db

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._db.execute("ROLLBACK" if exc_type is not None else "COMMIT")
