"""The index's persistent half: one SQLite file of entries, each under a stable id, and a journal of pending writes.

SQLite gives the index a transaction of its own: an entry set is replaced whole or not at all. The journal closes
the gap between the two stores (the graph store and this one): a graph is marked pending before the graph store
changes and unmarked in the same transaction that writes its entries, so a crash in between leaves a mark, and the
next start re-derives that graph's entries from the store.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from hdsgraph.index.entry import IndexEntry

__all__ = ["BulkWriter", "IndexDatabase"]

# Every write transaction takes the next generation number; rows and removals carry the generation that wrote them,
# so that a snapshot of generation g is brought up to date by replaying what came after g.
_VERSION = 4
# An entry is three columns: its words (space-separated) and their weights (float64, little-endian: exact, and read
# back without parsing), and the rest as a JSON list. Writing a hundred thousand entries as one JSON object each
# spent most of its time turning weights into decimal text.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS dataset (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    iri TEXT NOT NULL UNIQUE,
    graph TEXT NOT NULL,
    entry TEXT NOT NULL,
    words TEXT NOT NULL,
    weights BLOB NOT NULL,
    generation INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS dataset_graph ON dataset(graph);
CREATE INDEX IF NOT EXISTS dataset_generation ON dataset(generation);
CREATE TABLE IF NOT EXISTS removed (id INTEGER PRIMARY KEY, generation INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pending (graph TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('generation', 0);
"""

_COLUMNS = "iri, graph, entry, words, weights, generation"
# An IRI keeps its id when its entry is replaced: the id is the dataset's slot, and cursors rely on it.
_ON_CONFLICT = (
    "ON CONFLICT(iri) DO UPDATE SET graph = excluded.graph, entry = excluded.entry, words = excluded.words, "
    "weights = excluded.weights, generation = excluded.generation"
)
_UPSERT = f"INSERT INTO dataset ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) {_ON_CONFLICT} RETURNING id"
_INSERT_WITH_ID = f"INSERT INTO dataset (id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) {_ON_CONFLICT}"
_BIG_ENDIAN = sys.byteorder == "big"
_ROWS_PER_STATEMENT = 2000

Row = tuple[str, str, str, str, bytes]  # iri, graph, entry, words, weights: an entry as the database holds it


def _encode(entry: IndexEntry) -> Row:
    rest = [
        entry.title,
        entry.values,
        entry.min_age,
        entry.max_age,
        entry.individuals,
        entry.issued,
        entry.modified,
        entry.names,
    ]
    weights = array("d", entry.terms.values())
    if _BIG_ENDIAN:
        weights.byteswap()
    words = " ".join(entry.terms)
    if words.startswith("[") or words.count(" ") != len(entry.terms) - 1:
        # A word with a space in it (never one of ``term_weights``, which are runs of word characters): JSON.
        words = json.dumps(list(entry.terms), ensure_ascii=False)
    return entry.iri, entry.graph, json.dumps(rest, ensure_ascii=False, separators=(",", ":")), words, weights.tobytes()


def _decode(iri: str, graph: str, rest: str, words: str, blob: bytes) -> IndexEntry:
    title, values, min_age, max_age, individuals, issued, modified, names = json.loads(rest)
    weights = array("d")
    weights.frombytes(blob)
    if _BIG_ENDIAN:
        weights.byteswap()
    return IndexEntry(
        iri=iri,
        graph=graph,
        title=title,
        terms=dict(zip(_words(words), weights, strict=True)),
        values={k: tuple(v) for k, v in values.items()},
        min_age=min_age,
        max_age=max_age,
        individuals=individuals,
        issued=issued,
        modified=modified,
        names=names,
    )


def _words(text: str) -> list[str]:
    if text.startswith("["):
        words: list[str] = json.loads(text)
        return words
    return text.split(" ")


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
        query = f"SELECT id, {_COLUMNS} FROM dataset WHERE generation > ? ORDER BY id"
        for rowid, iri, graph, rest, words, weights, _ in self._db.execute(query, (since,)).fetchall():
            yield rowid, _decode(iri, graph, rest, words, weights)

    def removed(self, since: int) -> list[int]:
        return [r for (r,) in self._db.execute("SELECT id FROM removed WHERE generation > ?", (since,))]

    def entry(self, iri: str) -> IndexEntry | None:
        row = self._db.execute("SELECT iri, graph, entry, words, weights FROM dataset WHERE iri = ?", (iri,)).fetchone()
        return _decode(*row) if row else None

    def replace_graphs(
        self, changes: Mapping[str, Sequence[IndexEntry]]
    ) -> tuple[list[int], list[tuple[int, IndexEntry]]]:
        """Make each graph hold exactly its entries and clear its pending mark, in one transaction.

        Returns the ids removed and the rows written.
        """
        writer = self.bulk_writer()
        try:
            written = [row for graph, entries in changes.items() for row in writer.put(graph, entries)]
        except BaseException:
            writer.abort()
            raise
        return writer.commit(), written

    def bulk_writer(self) -> BulkWriter:
        """A transaction that takes graphs' entries as they come: ``put`` each, then ``commit`` (or ``abort``)."""
        return BulkWriter(self)

    def rebuild(self, entries: Iterable[IndexEntry]) -> None:
        """Replace every entry, keeping the ids of IRIs already known (cursors stay valid across a reindex)."""
        with self._transaction() as db:
            db.execute("CREATE TEMP TABLE seen (iri TEXT PRIMARY KEY)")
            try:
                for entry in entries:
                    db.execute(_UPSERT, (*_encode(entry), self._generation)).fetchall()
                    db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (entry.iri,))
                db.execute(
                    "INSERT OR REPLACE INTO removed SELECT id, ? FROM dataset WHERE iri NOT IN (SELECT iri FROM seen)",
                    (self._generation,),
                )
                db.execute("DELETE FROM dataset WHERE iri NOT IN (SELECT iri FROM seen)")
                db.execute("DELETE FROM pending")
            finally:
                db.execute("DROP TABLE temp.seen")

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

    def _begin(self) -> sqlite3.Connection:
        self._db.execute("BEGIN IMMEDIATE")
        row = self._db.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation' RETURNING value").fetchone()
        self._generation = int(row[0])
        return self._db


class BulkWriter:
    """One write transaction that replaces graphs' entries as they are ``put``, then commits them all at once.

    Into an empty table (a bulk load into a fresh index) rows get their ids here, in order, and go in by thousands
    per statement; otherwise each row is an upsert that keeps the id its IRI already has.
    """

    def __init__(self, owner: IndexDatabase) -> None:
        self._owner = owner
        self._db = owner._begin()
        self._generation = owner._generation
        self._fresh = self._db.execute("SELECT 1 FROM dataset LIMIT 1").fetchone() is None
        self._ids: dict[str, int] = {}
        self._next_id = 1 + int(
            self._db.execute("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'dataset'").fetchone()[0]
        )
        self._graphs: set[str] = set()
        self._batch: list[tuple[Any, ...]] = []
        self._open = True

    def put(self, graph: str, entries: Sequence[IndexEntry]) -> list[tuple[int, IndexEntry]]:
        """Make ``graph`` hold ``entries`` (once committed); returns them with their ids."""
        self._graphs.add(graph)
        written = []
        for entry in entries:
            row = _encode(entry)
            if self._fresh:
                rowid = self._ids.get(entry.iri)
                if rowid is None:
                    rowid = self._ids[entry.iri] = self._next_id
                    self._next_id += 1
                self._batch.append((rowid, *row, self._generation))
                if len(self._batch) >= _ROWS_PER_STATEMENT:
                    self._flush()
            else:
                rowid = int(self._db.execute(_UPSERT, (*row, self._generation)).fetchone()[0])
            written.append((rowid, entry))
        return written

    def _flush(self) -> None:
        self._db.executemany(_INSERT_WITH_ID, self._batch)
        self._batch = []

    def commit(self) -> list[int]:
        """Remove what the graphs held and were not given again, clear their pending marks, commit.

        Returns the ids removed.
        """
        self._flush()
        db, generation = self._db, self._generation
        removed: list[int] = []
        try:
            if not self._fresh:
                # Rows of a graph that this transaction did not write (their generation is older) are gone from it.
                db.execute("CREATE TEMP TABLE touched (graph TEXT PRIMARY KEY)")
                try:
                    db.executemany("INSERT OR IGNORE INTO touched VALUES (?)", [(g,) for g in self._graphs])
                    removed = [
                        r
                        for (r,) in db.execute(
                            "SELECT id FROM dataset WHERE graph IN (SELECT graph FROM touched) AND generation < ?",
                            (generation,),
                        )
                    ]
                finally:
                    db.execute("DROP TABLE temp.touched")
                db.executemany("DELETE FROM dataset WHERE id = ?", [(r,) for r in removed])
                db.executemany("INSERT OR REPLACE INTO removed VALUES (?, ?)", [(r, generation) for r in removed])
            if db.execute("SELECT 1 FROM pending LIMIT 1").fetchone():
                db.executemany("DELETE FROM pending WHERE graph = ?", [(g,) for g in self._graphs])
        except BaseException:
            self.abort()
            raise
        self._open = False
        db.execute("COMMIT")
        return removed

    def abort(self) -> None:
        if self._open:
            self._open = False
            self._batch = []
            self._db.execute("ROLLBACK")


class _Transaction:
    def __init__(self, owner: IndexDatabase) -> None:
        self._owner = owner

    def __enter__(self) -> sqlite3.Connection:
        return self._owner._begin()

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._owner._db.execute("ROLLBACK" if exc_type is not None else "COMMIT")
