"""The in-memory search engine: columns, postings and bitmaps over every dataset, answering in milliseconds.

Each dataset has a slot, its persistent id in the index database, so positions survive restarts. A search is a few
vectorised steps over boolean masks of all slots: text (AND of words), filters (OR within a field, AND across),
ranges, then facet counts with ``bincount`` and a top-k selection with ``partition``, never a sort of everything.
Not thread-safe by itself; ``SearchIndex`` serialises access.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from hdsgraph.core.errors import BadInputError
from hdsgraph.index import cursor as cursors
from hdsgraph.index.entry import IndexEntry, date_key
from hdsgraph.index.fields import Field
from hdsgraph.index.query import SearchQuery, SearchResult, SortKey
from hdsgraph.index.text import MAX_QUERY_WORDS, normalise, words

__all__ = ["IndexEngine"]

Mask = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]

# A word of the search also finds longer words it begins (``diabet`` finds ``diabetes``), weighted lower than an
# exact match, and only from this length on and for this many longer words, so that a short prefix stays cheap.
_PREFIX_MIN = 4
_PREFIX_MAX_EXPANSIONS = 64
_PREFIX_WEIGHT = 0.5
_NUMERIC = ("min_age", "max_age", "individuals", "modified", "issued")


class _Postings:
    """Slots holding one word (with its weight there) or one field value."""

    __slots__ = ("slots", "weights")

    def __init__(self, weighted: bool) -> None:
        self.slots = array("i")
        self.weights = array("f") if weighted else None

    def add(self, slot: int, weight: float = 0.0) -> None:
        self.slots.append(slot)
        if self.weights is not None:
            self.weights.append(weight)

    def remove(self, slot: int) -> None:
        i = self.slots.index(slot)
        del self.slots[i]
        if self.weights is not None:
            del self.weights[i]

    def slot_array(self) -> npt.NDArray[np.int32]:
        return np.array(self.slots, dtype=np.int32)

    def weight_array(self) -> npt.NDArray[np.float32]:
        assert self.weights is not None
        return np.array(self.weights, dtype=np.float32)


class IndexEngine:
    def __init__(self) -> None:
        self._size = 0  # one more than the highest slot in use
        self._alive: Mask = np.zeros(1024, dtype=np.bool_)
        self._columns: dict[str, Floats] = {name: np.full(1024, np.nan) for name in _NUMERIC}
        self._entries: dict[int, IndexEntry] = {}
        self._slot_of: dict[str, int] = {}
        self._names: dict[str, dict[str, str]] = {}  # agent IRI -> language -> name, as the datasets give them
        self._words: dict[str, _Postings] = {}
        self._values: dict[Field, dict[str, _Postings]] = {f: {} for f in Field}
        # Derived structures, rebuilt on first use after a change.
        self._sorted_words: list[str] | None = None
        self._pairs: dict[Field, tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], list[str]]] = {}
        self._iri_order: tuple[list[str], npt.NDArray[np.int64]] | None = None
        self._title_order: tuple[list[tuple[str, str]], Floats] | None = None

    # -- changes ---------------------------------------------------------------------------------------------

    def add(self, slot: int, entry: IndexEntry) -> None:
        """Put ``entry`` in ``slot``, replacing what the slot or the entry's IRI held before."""
        if slot in self._entries:
            self.remove(slot)
        old = self._slot_of.get(entry.iri)
        if old is not None:
            self.remove(old)
        self._grow(slot + 1)
        self._alive[slot] = True
        self._entries[slot] = entry
        self._slot_of[entry.iri] = slot
        for word, weight in entry.terms.items():
            postings = self._words.get(word)
            if postings is None:
                postings = self._words[word] = _Postings(weighted=True)
                self._sorted_words = None
            postings.add(slot, weight)
        for field in Field:
            for value in entry.values.get(field.name, ()):
                self._values[field].setdefault(value, _Postings(weighted=False)).add(slot)
        self._set_columns(slot, entry)
        self._names.update(entry.names)
        self._changed()

    def remove(self, slot: int) -> None:
        entry = self._entries.pop(slot, None)
        if entry is None:
            return
        self._alive[slot] = False
        if self._slot_of.get(entry.iri) == slot:
            del self._slot_of[entry.iri]
        for word in entry.terms:
            self._words[word].remove(slot)
        for field in Field:
            for value in entry.values.get(field.name, ()):
                self._values[field][value].remove(slot)
        for name in _NUMERIC:
            self._columns[name][slot] = np.nan
        self._changed()

    def _set_columns(self, slot: int, entry: IndexEntry) -> None:
        values = {
            "min_age": entry.min_age,
            "max_age": entry.max_age,
            "individuals": entry.individuals,
            "modified": date_key(entry.modified),
            "issued": date_key(entry.issued),
        }
        for name, value in values.items():
            self._columns[name][slot] = np.nan if value is None else float(value)

    def _grow(self, size: int) -> None:
        if size > len(self._alive):
            capacity = max(size, 2 * len(self._alive))
            self._alive = np.concatenate([self._alive, np.zeros(capacity - len(self._alive), dtype=np.bool_)])
            for name, column in self._columns.items():
                self._columns[name] = np.concatenate([column, np.full(capacity - len(column), np.nan)])
        self._size = max(self._size, size)

    def _changed(self) -> None:
        self._pairs.clear()
        self._iri_order = None
        self._title_order = None

    # -- reads -----------------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, iri: str) -> IndexEntry | None:
        slot = self._slot_of.get(iri)
        return self._entries[slot] if slot is not None else None

    def slot(self, iri: str) -> int | None:
        return self._slot_of.get(iri)

    def iris_in_graph(self, graph: str) -> list[str]:
        return sorted(e.iri for e in self._entries.values() if e.graph == graph)

    def agent_names(self, iri: str) -> dict[str, str]:
        return dict(self._names.get(iri, {}))

    def known_values(self, field: Field) -> set[str]:
        return {v for v, p in self._values[field].items() if p.slots}

    def iris(self, after: str | None, limit: int) -> list[str]:
        """Dataset IRIs in IRI order, the ``limit`` after ``after``."""
        ordered, _ = self._iris_sorted()
        start = bisect.bisect_right(ordered, after) if after is not None else 0
        return ordered[start : start + limit]

    # -- search ----------------------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        n = self._size
        base = self._alive[:n].copy()
        scores = self._match_text(query.text, n, base) if query.text else None
        base &= self._ranges(query, n)
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
        iris = tuple(self._entries[int(s)].iri for s in page)
        return SearchResult(
            iris=iris,
            cursors=tuple(
                cursors.encode(cursors.Cursor(fp, self._cursor_key(query, int(s), scores), self._entries[int(s)].iri))
                for s in page
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
        more = (query.modified_before, query.issued_after, query.issued_before)
        text = " ".join(words(query.text or ""))
        return cursors.fingerprint(text, filters, ranges, more, query.sort.value, query.is_descending)

    def _match_text(self, text: str, n: int, base: Mask) -> npt.NDArray[np.float32]:
        scores = np.zeros(n, dtype=np.float32)
        for word in dict.fromkeys(words(text[:2000])[:MAX_QUERY_WORDS]):
            found = np.zeros(n, dtype=np.float32)
            exact = self._words.get(word)
            if exact is not None and exact.slots:
                found[exact.slot_array()] = exact.weight_array()
            for longer in self._expansions(word):
                postings = self._words[longer]
                slots = postings.slot_array()
                found[slots] = np.maximum(found[slots], postings.weight_array() * _PREFIX_WEIGHT)
            base &= found > 0
            scores += found
        return scores

    def _expansions(self, word: str) -> list[str]:
        if len(word) < _PREFIX_MIN:
            return []
        if self._sorted_words is None:
            self._sorted_words = sorted(self._words)
        ordered = self._sorted_words
        start = bisect.bisect_right(ordered, word)
        out = []
        for candidate in ordered[start : start + _PREFIX_MAX_EXPANSIONS]:
            if not candidate.startswith(word):
                break
            if self._words[candidate].slots:
                out.append(candidate)
        return out

    def _any_of(self, field: Field, values: Iterable[str], n: int) -> Mask:
        mask = np.zeros(n, dtype=np.bool_)
        for value in values:
            postings = self._values[field].get(value)
            if postings is not None and postings.slots:
                mask[postings.slot_array()] = True
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
        cached = self._pairs.get(field)
        if cached is None:
            names = [v for v, p in self._values[field].items() if p.slots]
            docs = [self._values[field][v].slot_array() for v in names]
            vals = [np.full(len(d), i, dtype=np.int32) for i, d in enumerate(docs)]
            empty = np.zeros(0, dtype=np.int32)
            cached = (np.concatenate(docs) if docs else empty, np.concatenate(vals) if vals else empty, names)
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
            return self._entries[slot].title
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
            pairs = sorted((e.iri, slot) for slot, e in self._entries.items())
            ranks = np.full(max(self._size, 1), len(pairs), dtype=np.int64)
            if pairs:
                ranks[np.fromiter((s for _, s in pairs), dtype=np.int64, count=len(pairs))] = np.arange(len(pairs))
            self._iri_order = ([iri for iri, _ in pairs], ranks)
        return self._iri_order

    def _titles_sorted(self) -> tuple[list[tuple[str, str]], Floats]:
        if self._title_order is None:
            keyed = sorted((normalise(e.title), e.iri, slot) for slot, e in self._entries.items())
            ranks = np.full(max(self._size, 1), np.inf)
            if keyed:
                ranks[np.fromiter((s for *_, s in keyed), dtype=np.int64, count=len(keyed))] = np.arange(len(keyed))
            self._title_order = ([(t, i) for t, i, _ in keyed], ranks)
        return self._title_order
