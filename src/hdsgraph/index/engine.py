"""The in-memory search engine: columns, postings and bitmaps over every dataset, answering in milliseconds.

Each dataset has a slot, its persistent id in the index database, so positions survive restarts. Postings are a
compact base (from the last snapshot) plus a delta of what changed since (see ``_postings``). A search is a few
vectorised steps over boolean masks of all slots: text (AND of words), filters (OR within a field, AND across),
ranges, then facet counts with ``bincount`` and a top-k selection with ``partition``, never a sort of everything.
Not thread-safe by itself; ``SearchIndex`` serialises access.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from hdsgraph.core.errors import BadInputError
from hdsgraph.index import cursor as cursors
from hdsgraph.index._postings import Base, Builder, Delta, merge
from hdsgraph.index.entry import IndexEntry, date_key
from hdsgraph.index.fields import Field
from hdsgraph.index.query import SearchQuery, SearchResult, SortKey
from hdsgraph.index.text import MAX_QUERY_WORDS, normalise, words

__all__ = ["EngineBatch", "IndexEngine"]

Mask = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]

# A word of the search also finds longer words it begins (``diabet`` finds ``diabetes``), weighted lower than an
# exact match, and only from this length on and for this many longer words, so that a short prefix stays cheap.
_PREFIX_MIN = 4
_PREFIX_MAX_EXPANSIONS = 64
_PREFIX_WEIGHT = 0.5
_NUMERIC = ("min_age", "max_age", "individuals", "modified", "issued")


class EngineBatch:
    """Entries collected for ``IndexEngine.add_batch`` without an engine: what a bulk write gathers as it streams.

    It keeps only what the engine needs (postings as numbers, the sort title, the numeric columns), so that a bulk
    load need not hold its entries. ``bases`` builds the postings once; entries added after that, and a second
    entry for a slot (the last one wins), wait in ``late`` and are added one by one.
    """

    def __init__(self) -> None:
        self._words = Builder(weighted=True)
        self._values = {f: Builder(weighted=False) for f in Field}
        self._fields = [(f, f.name, self._values[f]) for f in Field]
        self._seen: set[int] = set()
        self._built: tuple[Base, dict[Field, Base]] | None = None
        self.slots = array("q")
        self.iris: list[str] = []
        self.titles: list[str] = []
        self.names: dict[str, dict[str, str]] = {}
        self.columns: dict[str, array[float]] = {name: array("d") for name in _NUMERIC}
        self.late: dict[int, IndexEntry] = {}

    def __len__(self) -> int:
        return len(self.slots) + len(self.late)

    def add(self, slot: int, entry: IndexEntry) -> None:
        if self._built is not None or slot in self._seen:
            self.late[slot] = entry
            return
        self._seen.add(slot)
        self.slots.append(slot)
        self.iris.append(entry.iri)
        self.titles.append(entry.title)
        self.names.update(entry.names)
        columns = self.columns
        nan = float("nan")
        columns["min_age"].append(nan if entry.min_age is None else float(entry.min_age))
        columns["max_age"].append(nan if entry.max_age is None else float(entry.max_age))
        columns["individuals"].append(nan if entry.individuals is None else float(entry.individuals))
        modified, issued = date_key(entry.modified), date_key(entry.issued)
        columns["modified"].append(nan if modified is None else modified)
        columns["issued"].append(nan if issued is None else issued)
        self._words.add(slot, entry.terms.keys(), entry.terms.values())
        values = entry.values
        for _, name, builder in self._fields:
            found = values.get(name)
            if found:
                builder.add(slot, found)

    def bases(self) -> tuple[Base, dict[Field, Base]]:
        """The postings collected so far, in the base layout (built once; later entries go to ``late``)."""
        if self._built is None:
            self._built = (self._words.base(), {f: b.base() for f, _, b in self._fields})
        return self._built


class IndexEngine:
    def __init__(self) -> None:
        self._size = 0  # one more than the highest slot in use
        self._alive: Mask = np.zeros(1024, dtype=np.bool_)
        self._valid: Mask = np.zeros(1024, dtype=np.bool_)  # the slot's base postings are current
        self._columns: dict[str, Floats] = {name: np.full(1024, np.nan) for name in _NUMERIC}
        self._iris: list[str | None] = []
        self._titles: list[str] = []
        self._slot_of: dict[str, int] = {}
        self._names: dict[str, dict[str, str]] = {}  # agent IRI -> language -> name, as the datasets give them
        self._words = Base.empty(weighted=True)
        self._values: dict[Field, Base] = {f: Base.empty(weighted=False) for f in Field}
        self._delta_words = Delta()
        self._delta_values: dict[Field, Delta] = {f: Delta() for f in Field}
        self._delta_keys: dict[int, tuple[tuple[str, ...], dict[str, tuple[str, ...]]]] = {}
        # Derived structures, rebuilt on first use after a change.
        self._sorted_words: list[str] | None = None
        self._pairs: dict[Field, tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], list[str]]] = {}
        self._iri_order: tuple[list[str], npt.NDArray[np.int64]] | None = None
        self._title_order: tuple[list[tuple[str, str]], Floats] | None = None

    # -- building and snapshots ------------------------------------------------------------------------------

    @classmethod
    def build(cls, rows: Iterable[tuple[int, IndexEntry]]) -> IndexEngine:
        """An engine holding ``rows`` (slot, entry), built in bulk."""
        engine = cls()
        engine.add_many(rows)
        return engine

    def add_many(self, rows: Iterable[tuple[int, IndexEntry]]) -> None:
        """``add`` for many entries at once: their postings go straight into the base, built in bulk (vectorised),
        rather than one Python append at a time into the delta."""
        batch = EngineBatch()
        for slot, entry in rows:
            batch.add(slot, entry)
        self.add_batch(batch)

    def add_batch(self, batch: EngineBatch) -> None:
        """Put every entry ``batch`` collected in its slot, replacing what the slots or the entries' IRIs held."""
        slots = np.array(batch.slots, dtype=np.int64)
        if len(self._slot_of):
            for slot, iri in zip(batch.slots, batch.iris, strict=True):
                self._vacate(slot, iri)
        if len(slots):
            self._grow(int(slots.max()) + 1)
            self._alive[slots] = True
            self._valid[slots] = False
            iris, titles, slot_of = self._iris, self._titles, self._slot_of
            for slot, iri, title in zip(batch.slots, batch.iris, batch.titles, strict=True):
                iris[slot] = iri
                titles[slot] = title
                slot_of[iri] = slot
            for name, column in batch.columns.items():
                self._columns[name][slots] = np.array(column, dtype=np.float64)
        self._names.update(batch.names)
        words, values = batch.bases()
        valid = self._valid[: self._size]
        empty = Delta()
        self._words = merge(self._words, valid, empty, True, extra=words)
        self._values = {f: merge(self._values[f], valid, empty, False, extra=values[f]) for f in Field}
        self._valid[slots] = True
        self._sorted_words = None
        self._changed()
        # Entries that came after the postings were built, or a second entry for a slot: one at a time, after.
        for slot, entry in batch.late.items():
            self.add(slot, entry)

    def compacted(self) -> IndexEngine:
        """The same contents with every change folded into the base (what a snapshot stores)."""
        n = self._size
        valid = self._valid[:n] & self._alive[:n]
        if not self._delta_keys and all(
            bool(np.all(valid[b.slots])) for b in (self._words, *self._values.values()) if len(b.slots)
        ):
            return self  # nothing to fold in
        words = merge(self._words, valid, self._delta_words, weighted=True)
        values = {f: merge(self._values[f], valid, self._delta_values[f], weighted=False) for f in Field}
        engine = IndexEngine()
        engine._grow(n)
        engine._alive[:n] = self._alive[:n]
        engine._valid[:n] = self._alive[:n]
        for name, column in self._columns.items():
            engine._columns[name][:n] = column[:n]
        engine._iris, engine._titles = list(self._iris), list(self._titles)
        engine._slot_of, engine._names = dict(self._slot_of), dict(self._names)
        engine._words, engine._values = words, values
        return engine

    def state(self) -> tuple[dict[str, Any], dict[str, npt.NDArray[Any]]]:
        """The engine as JSON-able metadata and arrays; only for a compacted engine (no delta)."""
        if self._delta_keys:
            raise ValueError("only a compacted engine has a state; call compacted() first")
        n = self._size
        meta = {
            "size": n,
            "iris": self._iris,
            "titles": self._titles,
            "names": self._names,
            "words": self._words.names,
            "values": {f.name: self._values[f].names for f in Field},
        }
        arrays: dict[str, npt.NDArray[Any]] = {"alive": self._alive[:n]}
        arrays |= {f"column_{name}": column[:n] for name, column in self._columns.items()}
        arrays |= {"words_offsets": self._words.offsets, "words_slots": self._words.slots}
        assert self._words.weights is not None
        arrays["words_weights"] = self._words.weights
        for f in Field:
            arrays[f"values_{f.name}_offsets"] = self._values[f].offsets
            arrays[f"values_{f.name}_slots"] = self._values[f].slots
        return meta, arrays

    @classmethod
    def from_state(cls, meta: dict[str, Any], arrays: dict[str, npt.NDArray[Any]]) -> IndexEngine:
        engine = cls()
        n = int(meta["size"])
        engine._grow(n)
        engine._alive[:n] = arrays["alive"]
        engine._valid[:n] = arrays["alive"]
        for name in _NUMERIC:
            engine._columns[name][:n] = arrays[f"column_{name}"]
        engine._iris = list(meta["iris"])
        engine._titles = list(meta["titles"])
        engine._slot_of = {iri: slot for slot, iri in enumerate(engine._iris) if iri is not None}
        engine._names = dict(meta["names"])
        engine._words = Base.of(meta["words"], arrays["words_offsets"], arrays["words_slots"], arrays["words_weights"])
        engine._values = {
            f: Base.of(
                meta["values"][f.name], arrays[f"values_{f.name}_offsets"], arrays[f"values_{f.name}_slots"], None
            )
            for f in Field
        }
        return engine

    # -- changes ---------------------------------------------------------------------------------------------

    def add(self, slot: int, entry: IndexEntry) -> None:
        """Put ``entry`` in ``slot``, replacing what the slot or the entry's IRI held before."""
        self._vacate(slot, entry.iri)
        self._place(slot, entry)
        for word, weight in entry.terms.items():
            if self._delta_words.add(word, slot, weight) and word not in self._words.ids:
                self._sorted_words = None
        values = {f.name: entry.values.get(f.name, ()) for f in Field}
        for field in Field:
            for value in values[field.name]:
                self._delta_values[field].add(value, slot)
        self._delta_keys[slot] = (tuple(entry.terms), values)
        self._changed()

    def _vacate(self, slot: int, iri: str) -> None:
        """Empty ``slot`` and whichever slot holds ``iri``, before an entry moves in."""
        if slot < self._size and self._alive[slot]:
            self.remove(slot)
        old = self._slot_of.get(iri)
        if old is not None:
            self.remove(old)

    def _place(self, slot: int, entry: IndexEntry) -> None:
        self._grow(slot + 1)
        self._alive[slot] = True
        self._valid[slot] = False
        self._iris[slot] = entry.iri
        self._titles[slot] = entry.title
        self._slot_of[entry.iri] = slot
        self._names.update(entry.names)
        values = {
            "min_age": entry.min_age,
            "max_age": entry.max_age,
            "individuals": entry.individuals,
            "modified": date_key(entry.modified),
            "issued": date_key(entry.issued),
        }
        for name, value in values.items():
            self._columns[name][slot] = np.nan if value is None else float(value)

    def remove(self, slot: int) -> None:
        if slot >= self._size or not self._alive[slot]:
            return
        self._alive[slot] = False
        self._valid[slot] = False
        iri = self._iris[slot]
        if iri is not None and self._slot_of.get(iri) == slot:
            del self._slot_of[iri]
        self._iris[slot] = None
        keys = self._delta_keys.pop(slot, None)
        if keys is not None:
            words, values = keys
            for word in words:
                self._delta_words.remove(word, slot)
            for field in Field:
                for value in values[field.name]:
                    self._delta_values[field].remove(value, slot)
        for name in _NUMERIC:
            self._columns[name][slot] = np.nan
        self._changed()

    def _grow(self, size: int) -> None:
        if size > len(self._alive):
            capacity = max(size, 2 * len(self._alive))
            extra = capacity - len(self._alive)
            self._alive = np.concatenate([self._alive, np.zeros(extra, dtype=np.bool_)])
            self._valid = np.concatenate([self._valid, np.zeros(extra, dtype=np.bool_)])
            for name, column in self._columns.items():
                self._columns[name] = np.concatenate([column, np.full(extra, np.nan)])
        if size > self._size:
            self._iris += [None] * (size - self._size)
            self._titles += [""] * (size - self._size)
            self._size = size

    def _changed(self) -> None:
        self._pairs.clear()
        self._iri_order = None
        self._title_order = None

    # -- reads -----------------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._slot_of)

    @property
    def delta_size(self) -> int:
        """How many datasets changed since the base: when it grows large, a new snapshot pays off."""
        return len(self._delta_keys)

    def agent_names(self, iri: str) -> dict[str, str]:
        return dict(self._names.get(iri, {}))

    def known_values(self, field: Field) -> set[str]:
        docs, vals, names = self._pairs_of(field)
        if not len(docs):
            return set()
        counts = np.bincount(vals[self._alive[docs]], minlength=len(names))
        return {names[i] for i in np.flatnonzero(counts)}

    def page(self, offset: int, limit: int) -> tuple[list[str], int]:
        """The IRIs at ``offset`` in IRI order, and how many there are in all."""
        ordered, _ = self._iris_sorted()
        return ordered[offset : offset + limit], len(ordered)

    # -- search ----------------------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        n = self._size
        base = self._alive[:n].copy()
        scores = self._match_text(query.text, n, base) if query.text else None
        base &= self._ranges(query, n)
        if query.allowed is not None:
            base &= self._allowed(query.allowed, n)
        selected = {f: self._any_of(f, values, n) for f, values in query.filters.items()}
        matching = base.copy()
        for mask in selected.values():
            matching &= mask
        facets = {f: self._facet(f, base, selected, matching, query.facet_limit) for f in query.facets}
        total = int(np.count_nonzero(matching))

        fp = self.fingerprint(query)
        keys, ties = self._order_keys(query, scores, n)
        eligible = matching
        if query.after is not None:
            at = cursors.decode(query.after, fp)
            key_at, tie_at = self._cursor_position(query, at)
            eligible = matching & ((keys > key_at) | ((keys == key_at) & (ties >= tie_at)))
        remaining = int(np.count_nonzero(eligible))
        page = self._top(np.flatnonzero(eligible), keys, ties, query.first)
        iris = tuple(str(self._iris[s]) for s in page)
        return SearchResult(
            iris=iris,
            cursors=tuple(
                cursors.encode(cursors.Cursor(fp, self._cursor_key(query, s, scores), str(self._iris[s]))) for s in page
            ),
            scores=tuple(float(scores[s]) if scores is not None else 0.0 for s in page),
            total_count=total,
            has_next_page=remaining > len(page),
            has_previous_page=query.after is not None and remaining < total,
            facets=facets,
        )

    @staticmethod
    def fingerprint(query: SearchQuery) -> str:
        filters = sorted((f.name, sorted(v)) for f, v in query.filters.items())
        ranges = (query.age_min, query.age_max, query.min_individuals, query.modified_after)
        more: tuple[object, ...] = (query.modified_before, query.issued_after, query.issued_before)
        text = " ".join(words(query.text or ""))
        # Whether an allow-list narrows the search, not its content: an allow-list may change between two pages
        # (a policy published meanwhile), and a cursor names a place in the order, which stays meaningful.
        if query.allowed is not None:
            more = (*more, "allow-list")
        return cursors.fingerprint(text, filters, ranges, more, query.sort.value, query.is_descending)

    def _allowed(self, iris: frozenset[str], n: int) -> Mask:
        mask = np.zeros(n, dtype=np.bool_)
        slot_of = self._slot_of
        slots = [slot for slot in map(slot_of.get, iris) if slot is not None]
        if slots:
            mask[np.fromiter(slots, dtype=np.int64, count=len(slots))] = True
        return mask

    def contains(self, iri: str) -> bool:
        return iri in self._slot_of

    def _match_text(self, text: str, n: int, base: Mask) -> npt.NDArray[np.float32]:
        scores = np.zeros(n, dtype=np.float32)
        for word in dict.fromkeys(words(text[:2000])[:MAX_QUERY_WORDS]):
            found = np.zeros(n, dtype=np.float32)
            for slots, weights in self._postings_of(word):
                found[slots] = weights
            for longer in self._expansions(word):
                for slots, weights in self._postings_of(longer):
                    found[slots] = np.maximum(found[slots], weights * _PREFIX_WEIGHT)
            base &= found > 0
            scores += found
        return scores

    def _postings_of(self, word: str) -> Iterator[tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]]:
        base = self._words.get(word)
        if base is not None:
            slots, weights = base
            keep = self._valid[slots]
            assert weights is not None
            yield slots[keep], weights[keep]
        delta = self._delta_words.get(word)
        if delta is not None:
            yield delta

    def _expansions(self, word: str) -> list[str]:
        if len(word) < _PREFIX_MIN:
            return []
        if self._sorted_words is None:
            self._sorted_words = sorted(set(self._words.names).union(self._delta_words.names()))
        ordered = self._sorted_words
        start = bisect.bisect_right(ordered, word)
        out = []
        for candidate in ordered[start : start + _PREFIX_MAX_EXPANSIONS]:
            if not candidate.startswith(word):
                break
            out.append(candidate)
        return out

    def _any_of(self, field: Field, values: Iterable[str], n: int) -> Mask:
        mask = np.zeros(n, dtype=np.bool_)
        for value in values:
            base = self._values[field].get(value)
            if base is not None:
                slots = base[0]
                mask[slots[self._valid[slots]]] = True
            delta = self._delta_values[field].get(value)
            if delta is not None:
                mask[delta[0]] = True
        return mask

    def _ranges(self, query: SearchQuery, n: int) -> Mask:
        mask = np.ones(n, dtype=np.bool_)
        col = {name: c[:n] for name, c in self._columns.items()}
        with np.errstate(invalid="ignore"):
            if query.age_min is not None or query.age_max is not None:
                low = np.where(np.isnan(col["min_age"]), 0.0, col["min_age"])
                high = np.where(np.isnan(col["max_age"]), np.inf, col["max_age"])
                known = ~(np.isnan(col["min_age"]) & np.isnan(col["max_age"]))
                mask &= known
                if query.age_max is not None:
                    mask &= low <= query.age_max
                if query.age_min is not None:
                    mask &= high >= query.age_min
            if query.min_individuals is not None:
                mask &= col["individuals"] >= query.min_individuals
            for name, after, before in (
                ("modified", query.modified_after, query.modified_before),
                ("issued", query.issued_after, query.issued_before),
            ):
                if after is not None:
                    mask &= col[name] >= after
                if before is not None:
                    mask &= col[name] <= before
        return mask

    def _facet(
        self, field: Field, base: Mask, selected: dict[Field, Mask], matching: Mask, limit: int
    ) -> tuple[tuple[str, int], ...]:
        # A field's own selection does not narrow its own buckets: they count what choosing another value of
        # the field would add (multi-select faceting).
        scope = matching
        if field in selected:
            scope = base.copy()
            for other, mask in selected.items():
                if other is not field:
                    scope &= mask
        docs, vals, names = self._pairs_of(field)
        if not len(docs):
            return ()
        counts = np.bincount(vals[scope[docs]], minlength=len(names))
        nonzero = np.flatnonzero(counts)
        ranked = sorted(((names[i], int(counts[i])) for i in nonzero), key=lambda vc: (-vc[1], vc[0]))
        return tuple(ranked[:limit])

    def _pairs_of(self, field: Field) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], list[str]]:
        """Every (slot, value id) posting of ``field`` still current, and the value names: what facets count."""
        cached = self._pairs.get(field)
        if cached is None:
            base = self._values[field]
            keep = self._valid[base.slots] if len(base.slots) else np.zeros(0, dtype=np.bool_)
            names = list(base.names)
            ids = dict(base.ids)
            docs = [base.slots[keep]]
            vals = [base.name_ids()[keep]]
            for name, slots, _ in self._delta_values[field].items():
                i = ids.setdefault(name, len(ids))
                if i == len(names):
                    names.append(name)
                docs.append(np.array(slots, dtype=np.int32))
                vals.append(np.full(len(slots), i, dtype=np.int32))
            cached = (np.concatenate(docs), np.concatenate(vals), names)
            self._pairs[field] = cached
        return cached

    # -- order and cursors -----------------------------------------------------------------------------------

    def _order_keys(
        self, query: SearchQuery, scores: npt.NDArray[np.float32] | None, n: int
    ) -> tuple[Floats, npt.NDArray[np.int64]]:
        """``(keys, ties)``: ascending order of ``keys`` then ``ties`` is the requested order; missing keys last."""
        _, iri_ranks = self._iris_sorted()
        if query.sort is SortKey.TITLE:
            _, title_ranks = self._titles_sorted()
            keys = -title_ranks[:n] if query.is_descending else title_ranks[:n].copy()
            return keys, iri_ranks[:n]
        if query.sort is SortKey.RELEVANCE:
            raw = scores.astype(np.float64) if scores is not None else np.zeros(n)
        else:
            raw = self._columns[query.sort.value][:n]
        keys = -raw if query.is_descending else raw.copy()
        keys[np.isnan(keys)] = np.inf
        return keys, iri_ranks[:n]

    def _cursor_key(self, query: SearchQuery, slot: int, scores: npt.NDArray[np.float32] | None) -> float | str | None:
        if query.sort is SortKey.TITLE:
            return self._titles[slot]
        if query.sort is SortKey.RELEVANCE:
            return float(scores[slot]) if scores is not None else 0.0
        value = float(self._columns[query.sort.value][slot])
        return None if np.isnan(value) else value

    def _cursor_position(self, query: SearchQuery, at: cursors.Cursor) -> tuple[float, int]:
        """Where ``at`` sits in the order as ``(key, tie)``: the next page is everything after it."""
        ordered, _ = self._iris_sorted()
        tie = bisect.bisect_right(ordered, at.iri)
        if query.sort is SortKey.TITLE:
            pairs, _ = self._titles_sorted()
            point = (normalise(str(at.key)), at.iri)
            # Title ranks are unique, so the tie never decides: place the cursor half-way between two ranks.
            if query.is_descending:
                return -bisect.bisect_left(pairs, point) + 0.5, 0
            return bisect.bisect_right(pairs, point) - 0.5, 0
        if at.key is None:
            return np.inf, tie
        if isinstance(at.key, str):
            raise BadInputError(
                f"after: the cursor's sort key {at.key!r} is not a number; pass a cursor of this search"
            )
        return (-at.key if query.is_descending else at.key), tie

    @staticmethod
    def _top(candidates: npt.NDArray[np.intp], keys: Floats, ties: npt.NDArray[np.int64], k: int) -> list[int]:
        """The ``k`` first candidates by (key, tie), without sorting all of them."""
        if k <= 0 or not len(candidates):
            return []
        if len(candidates) > k:
            ck = keys[candidates]
            threshold = np.partition(ck, k - 1)[k - 1]
            below = candidates[ck < threshold]
            equal = candidates[ck == threshold]
            need = k - len(below)
            if len(equal) > need:
                equal = equal[np.argpartition(ties[equal], need - 1)[:need]]
            candidates = np.concatenate([below, equal])
        order = np.lexsort((ties[candidates], keys[candidates]))
        return [int(s) for s in candidates[order][:k]]

    def _iris_sorted(self) -> tuple[list[str], npt.NDArray[np.int64]]:
        if self._iri_order is None:
            pairs = sorted((iri, slot) for slot, iri in enumerate(self._iris) if iri is not None)
            ranks = np.full(max(self._size, 1), len(pairs), dtype=np.int64)
            if pairs:
                ranks[np.fromiter((s for _, s in pairs), dtype=np.int64, count=len(pairs))] = np.arange(len(pairs))
            self._iri_order = ([iri for iri, _ in pairs], ranks)
        return self._iri_order

    def _titles_sorted(self) -> tuple[list[tuple[str, str]], Floats]:
        if self._title_order is None:
            keyed = sorted(
                (normalise(self._titles[slot]), iri, slot) for slot, iri in enumerate(self._iris) if iri is not None
            )
            ranks = np.full(max(self._size, 1), np.inf)
            if keyed:
                ranks[np.fromiter((s for *_, s in keyed), dtype=np.int64, count=len(keyed))] = np.arange(len(keyed))
            self._title_order = ([(t, i) for t, i, _ in keyed], ranks)
        return self._title_order
