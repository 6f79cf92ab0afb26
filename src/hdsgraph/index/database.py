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

# Every write transaction takes the next generation number; rows and removals carry the generation that wrote them,
# so that a snapshot of generation g is brought up to date by replaying what came after g.
_VERSION = 3
_SCHEMA = """
CREATE TABLE IF NOT EXISTS dataset (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    iri TEXT NOT NULL UNIQUE,
    graph TEXT NOT NULL,
    entry TEXT NOT NULL,
    generation INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS dataset_graph ON dataset(graph);
CREATE INDEX IF NOT EXISTS dataset_generation ON dataset(generation);
CREATE TABLE IF NOT EXISTS removed (id INTEGER PRIMARY KEY, generation INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pending (graph TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('generation', 0);
"""


# An IRI keeps its id when its entry is replaced: the id is the dataset's slot, and cursors rely on it.
_UPSERT = (
    "INSERT INTO dataset (iri, graph, entry, generation) VALUES (?, ?, ?, ?) ON CONFLICT(iri) DO UPDATE SET "
    "graph = excluded.graph, entry = excluded.entry, generation = excluded.generation"
)


class IndexDatabase:
    def __init__(self, path: Path | None = None) -> None:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: every write below opens its own explicit transaction.
        self._db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        if self._db.execute("PRAGMA user_version").fetchone()[0] != _VERSION:
            # An index file of another layout: it is derived data, so start empty; the node rebuilds it.
            self._db.executescript(
                "DROP TABLE IF EXISTS dataset; DROP TABLE IF EXISTS removed; DROP TABLE IF EXISTS meta;"
            )
            self._db.execute(f"PRAGMA user_version = {_VERSION}")
        self._db.executescript(_SCHEMA)
        self._generation = 0

    @property
    def generation(self) -> int:
        return int(self._db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])

    def rows(self, since: int = -1) -> Iterator[tuple[int, IndexEntry]]:
        """Every entry (with its id), or those written after generation ``since``."""
        query = "SELECT id, entry FROM dataset WHERE generation > ? ORDER BY id"
        for rowid, text in self._db.execute(query, (since,)).fetchall():
            yield rowid, IndexEntry.from_json(text)

    def removed(self, since: int) -> list[int]:
        return [r for (r,) in self._db.execute("SELECT id FROM removed WHERE generation > ?", (since,))]

    def entry(self, iri: str) -> IndexEntry | None:
        row = self._db.execute("SELECT entry FROM dataset WHERE iri = ?", (iri,)).fetchone()
        return IndexEntry.from_json(row[0]) if row else None

    def replace_graphs(
        self, changes: Mapping[str, Sequence[IndexEntry]]
    ) -> tuple[list[int], list[tuple[int, IndexEntry]]]:
        """Make each graph hold exactly its entries and clear its pending mark, in one transaction.

        Returns the ids removed and the rows written.
        """
        with self._transaction() as db:
            old = self._rows_of(db, list(changes))
            keep = {e.iri for entries in changes.values() for e in entries}
            removed = [rowid for rowid, iri in old if iri not in keep]
            db.executemany("DELETE FROM dataset WHERE id = ?", [(r,) for r in removed])
            db.executemany("INSERT OR REPLACE INTO removed VALUES (?, ?)", [(r, self._generation) for r in removed])
            entries = [e for batch in changes.values() for e in batch]
            db.executemany(_UPSERT, [(e.iri, e.graph, e.to_json(), self._generation) for e in entries])
            ids = dict(db.execute("SELECT iri, id FROM dataset WHERE generation = ?", (self._generation,)))
            if db.execute("SELECT 1 FROM pending LIMIT 1").fetchone():
                db.executemany("DELETE FROM pending WHERE graph = ?", [(g,) for g in changes])
        return removed, [(ids[e.iri], e) for e in entries]

    @staticmethod
    def _rows_of(db: sqlite3.Connection, graphs: list[str]) -> list[tuple[int, str]]:
        if len(graphs) > 500:
            # Many graphs (a bulk load): one scan beats a lookup per graph.
            wanted = set(graphs)
            return [(r, i) for r, i, g in db.execute("SELECT id, iri, graph FROM dataset") if g in wanted]
        return [row for g in graphs for row in db.execute("SELECT id, iri FROM dataset WHERE graph = ?", (g,))]

    def rebuild(self, entries: Iterable[IndexEntry]) -> None:
        """Replace every entry, keeping the ids of IRIs already known (cursors stay valid across a reindex)."""
        with self._transaction() as db:
            db.execute("CREATE TEMP TABLE seen (iri TEXT PRIMARY KEY)")
            try:
                for entry in entries:
                    self._upsert(db, entry)
                    db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (entry.iri,))
                db.execute(
                    "INSERT OR REPLACE INTO removed SELECT id, ? FROM dataset WHERE iri NOT IN (SELECT iri FROM seen)",
                    (self._generation,),
                )
                db.execute("DELETE FROM dataset WHERE iri NOT IN (SELECT iri FROM seen)")
                db.execute("DELETE FROM pending")
            finally:
                db.execute("DROP TABLE temp.seen")

    def _upsert(self, db: sqlite3.Connection, entry: IndexEntry) -> None:
        db.execute(_UPSERT, (entry.iri, entry.graph, entry.to_json(), self._generation))

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
        return _Transaction(self)


class _Transaction:
    def __init__(self, owner: IndexDatabase) -> None:
        self._owner = owner
        self._db = owner._db

    def __enter__(self) -> sqlite3.Connection:
        self._db.execute("BEGIN IMMEDIATE")
        row = self._db.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation' RETURNING value").fetchone()
        self._owner._generation = int(row[0])
        return self._db

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._db.execute("ROLLBACK" if exc_type is not None else "COMMIT")
