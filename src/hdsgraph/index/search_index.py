"""``SearchIndex``: the search side index of the catalogue, persistent (SQLite) and queried in memory (numpy).

Three files beside each other: ``index.sqlite`` (the entries, the source of truth, transactional) and a snapshot of
the in-memory engine (``index.snapshot.json`` and ``.npz``) that makes a restart a matter of loading arrays. A
snapshot names the database generation it reflects; opening replays what the database wrote after it, so a missing,
stale or damaged snapshot costs time, never correctness.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from hdsgraph.index.database import BulkWriter, IndexDatabase
from hdsgraph.index.engine import EngineBatch, IndexEngine
from hdsgraph.index.entry import IndexEntry
from hdsgraph.index.fields import Field
from hdsgraph.index.query import SearchQuery, SearchResult
from hdsgraph.index.result_cache import ResultCache

__all__ = ["BulkWrite", "SearchIndex"]

log = logging.getLogger("hdsgraph.index")

# After this many datasets changed since the snapshot, the next write takes a new one (it also happens on close).
_SNAPSHOT_AFTER = 20_000
_FORMAT = 1
_BULK = 1000


class SearchIndex:
    """``SearchIndex(path)`` opens (or creates) the index file and loads it; ``SearchIndex()`` lives in memory.

    Writes go to the database first and to the in-memory engine after they commit, under one lock that searches
    take too, so a search sees a dataset's old entry or its new one, never a mixture. Writes to the database take
    a lock of their own, held for the whole of a bulk write, so that none lands inside another's transaction.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._db = IndexDatabase(path)
        self._lock = threading.Lock()
        self._write_lock = threading.RLock()
        self._engine = self._open_engine()
        # Emptied under the lock by every write below, so a kept result is always the engine's current answer. Public:
        # capacity 0 turns it off (the benchmark measures the engine itself).
        self.results = ResultCache()

    def _open_engine(self) -> IndexEngine:
        snapshot = self._read_snapshot()
        if snapshot is None:
            engine = IndexEngine.build(self._db.rows())
            if len(engine) and self.path is not None:
                self._write_snapshot(engine, self._db.generation)
            return engine
        engine, generation = snapshot
        for slot in self._db.removed(generation):
            engine.remove(slot)
        for slot, entry in self._db.rows(since=generation):
            engine.add(slot, entry)
        return engine

    def __len__(self) -> int:
        return len(self._engine)

    def search(self, query: SearchQuery) -> SearchResult:
        with self._lock:
            found = self.results.get(query)
            if found is None:
                found = self._engine.search(query)
                self.results.put(query, found)
            return found

    def contains(self, iri: str) -> bool:
        """Whether the dataset ``iri`` is indexed."""
        with self._lock:
            return self._engine.contains(iri)

    def entry(self, iri: str) -> IndexEntry | None:
        """The entry of the dataset ``iri`` (read from the database: the engine keeps only what search needs)."""
        return self._db.entry(iri)

    def page(self, offset: int, limit: int) -> tuple[list[str], int]:
        """Dataset IRIs in IRI order from ``offset`` on, at most ``limit``, and how many datasets there are."""
        with self._lock:
            return self._engine.page(offset, limit)

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
        with self._write_lock, self._lock:
            self.results.clear()
            removed, written = self._db.replace_graphs(changes)
            for slot in removed:
                self._engine.remove(slot)
            if len(written) > _BULK:
                # A bulk change: postings built in bulk beat adding one by one; leave a snapshot behind.
                self._engine.add_many(written)
                self._snapshot()
                return
            for slot, entry in written:
                self._engine.add(slot, entry)
            if self._engine.delta_size >= _SNAPSHOT_AFTER:
                self._snapshot()

    @contextmanager
    def bulk(self) -> Iterator[BulkWrite]:
        """A write of many graphs' entries as they come, in one transaction: ``put`` them, then leave the block.

        Leaving normally commits and hands the entries to the engine in bulk (searches see all of them at once);
        an exception rolls everything back. Only what the engine needs is kept of each entry meanwhile.
        """
        with self._write_lock:
            write = BulkWrite(self._db.bulk_writer())
            try:
                yield write
            except BaseException:
                write.writer.abort()
                raise
            write.batch.bases()  # built before the commit, so that searches wait only for the hand-over
            removed = write.writer.commit()
            with self._lock:
                self.results.clear()
                for slot in removed:
                    self._engine.remove(slot)
                self._engine.add_batch(write.batch)
                if len(write.batch) > _BULK or self._engine.delta_size >= _SNAPSHOT_AFTER:
                    self._snapshot()

    def rebuild(self, entries: Iterable[IndexEntry]) -> int:
        """Replace the whole index with ``entries``; returns how many it now holds."""
        with self._write_lock, self._lock:
            self.results.clear()
            self._db.rebuild(entries)
            self._engine = IndexEngine.build(self._db.rows())
            self._snapshot()
            return len(self._engine)

    def mark_pending(self, graph: str) -> None:
        """Note that ``graph`` is about to change in the graph store, before it does."""
        with self._write_lock:
            self._db.mark_pending(graph)

    def clear_pending(self, graph: str) -> None:
        """The change to ``graph`` did not happen: drop its mark."""
        with self._write_lock:
            self._db.clear_pending(graph)

    def pending(self) -> list[str]:
        """Graphs whose change may have reached the graph store without reaching the index (a crash between)."""
        return self._db.pending()

    def close(self) -> None:
        with self._write_lock, self._lock:
            if self._engine.delta_size:
                self._snapshot()
            self._db.close()

    # -- snapshots -------------------------------------------------------------------------------------------

    def _snapshot(self) -> None:
        if self.path is None:
            return
        self._engine = self._engine.compacted()
        self._write_snapshot(self._engine, self._db.generation)

    def _files(self) -> tuple[Path, Path]:
        assert self.path is not None
        stem = self.path.with_suffix("")
        return stem.with_name(stem.name + ".snapshot.json"), stem.with_name(stem.name + ".snapshot.npz")

    def _write_snapshot(self, engine: IndexEngine, generation: int) -> None:
        meta, arrays = engine.state()
        meta |= {"format": _FORMAT, "generation": generation}
        meta_path, arrays_path = self._files()
        # Arrays first, then the metadata that names their generation, each written aside and renamed: a crash
        # leaves the old snapshot or the new one, and a mismatch is detected on reading.
        tmp_arrays = arrays_path.with_name(arrays_path.name + ".tmp")
        with tmp_arrays.open("wb") as out:
            np.savez(out, **{"generation": np.array(generation), **arrays})  # type: ignore[arg-type]
        os.replace(tmp_arrays, arrays_path)
        tmp_meta = meta_path.with_name(meta_path.name + ".tmp")
        tmp_meta.write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp_meta, meta_path)

    def _read_snapshot(self) -> tuple[IndexEngine, int] | None:
        if self.path is None:
            return None
        meta_path, arrays_path = self._files()
        if not meta_path.exists() or not arrays_path.exists():
            return None
        try:
            meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
            with np.load(arrays_path, allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files}
            generation = int(meta["generation"])
            if meta.get("format") != _FORMAT or int(arrays.pop("generation")) != generation:
                raise ValueError("the snapshot's files are from different writes")
            if generation > self._db.generation:
                raise ValueError("the snapshot is newer than the database")
            return IndexEngine.from_state(meta, arrays), generation
        except (OSError, ValueError, KeyError, TypeError) as e:
            log.warning("ignoring the search index snapshot (%s); rebuilding it from %s", e, self.path)
            return None


class BulkWrite:
    """What ``SearchIndex.bulk`` yields: ``put`` graphs' entries into its transaction as they come."""

    def __init__(self, writer: BulkWriter) -> None:
        self.writer = writer
        self.batch = EngineBatch()
        self._slots: set[int] = set()

    def put(self, graph: str, entries: Sequence[IndexEntry]) -> None:
        """Make ``graph`` hold ``entries``, besides what earlier puts of this write gave it."""
        for slot, entry in self.writer.put(graph, entries):
            self.batch.add(slot, entry)
            self._slots.add(slot)

    @property
    def datasets(self) -> int:
        """How many datasets were put (each counted once)."""
        return len(self._slots)

    def prepare(self) -> None:
        """Build the engine's postings of what was put so far (later puts are added one by one at the end)."""
        self.batch.bases()
