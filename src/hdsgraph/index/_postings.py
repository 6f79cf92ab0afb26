"""Postings: which slots hold a word or a field value. A compact base read from a snapshot, plus a small delta.

The base is CSR-shaped (names sorted, one offsets array, one slots array, one weights array) so that it loads from
disk in milliseconds and costs a few bytes per posting. What changed since the snapshot lives in ``Delta``, plain
Python lists, cheap to change. A slot written after the snapshot is no longer valid in the base (the engine keeps
that mask), so a replaced dataset's old words stop matching.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import numpy.typing as npt

__all__ = ["Base", "Builder", "Delta", "merge"]

Slots = npt.NDArray[np.int32]
Weights = npt.NDArray[np.float32]


@dataclass
class Base:
    names: list[str]  # sorted
    offsets: npt.NDArray[np.int64]  # len(names) + 1
    slots: Slots
    weights: Weights | None
    ids: dict[str, int]

    @classmethod
    def empty(cls, weighted: bool) -> Base:
        return cls([], np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int32), _weights(weighted, []), {})

    @classmethod
    def of(cls, names: list[str], offsets: npt.NDArray[np.int64], slots: Slots, weights: Weights | None) -> Base:
        return cls(names, offsets, slots, weights, {n: i for i, n in enumerate(names)})

    def get(self, name: str) -> tuple[Slots, Weights | None] | None:
        i = self.ids.get(name)
        if i is None:
            return None
        a, b = int(self.offsets[i]), int(self.offsets[i + 1])
        return self.slots[a:b], self.weights[a:b] if self.weights is not None else None

    def name_ids(self) -> npt.NDArray[np.int32]:
        """The name id of each posting, parallel to ``slots``."""
        return np.repeat(np.arange(len(self.names), dtype=np.int32), np.diff(self.offsets))


class _List:
    __slots__ = ("slots", "weights")

    def __init__(self) -> None:
        self.slots = array("i")
        self.weights = array("f")


class Delta:
    """Postings written since the base: name -> slots (and weights)."""

    def __init__(self) -> None:
        self._lists: dict[str, _List] = {}

    def add(self, name: str, slot: int, weight: float = 0.0) -> bool:
        """Add a posting; returns whether the name is new to the delta."""
        entry = self._lists.get(name)
        new = entry is None
        if entry is None:
            entry = self._lists[name] = _List()
        entry.slots.append(slot)
        entry.weights.append(weight)
        return new

    def remove(self, name: str, slot: int) -> None:
        entry = self._lists[name]
        i = entry.slots.index(slot)
        del entry.slots[i]
        del entry.weights[i]
        if not entry.slots:
            del self._lists[name]

    def get(self, name: str) -> tuple[Slots, Weights] | None:
        entry = self._lists.get(name)
        if entry is None:
            return None
        return np.array(entry.slots, dtype=np.int32), np.array(entry.weights, dtype=np.float32)

    def names(self) -> Iterable[str]:
        return self._lists.keys()

    def __len__(self) -> int:
        return len(self._lists)

    def items(self) -> Iterator[tuple[str, array[int], array[float]]]:
        for name, entry in self._lists.items():
            yield name, entry.slots, entry.weights


class _Ids(dict[str, int]):
    """Name -> id, numbering a name on first sight: ``map(ids.__getitem__, names)`` runs in C for known names."""

    def __missing__(self, name: str) -> int:
        self[name] = number = len(self)
        return number


class Builder:
    """Collects postings slot by slot, then makes a base in one vectorised step."""

    def __init__(self, weighted: bool) -> None:
        self.weighted = weighted
        self._ids = _Ids()
        self._name_ids = array("i")
        # One (slot, count) pair per call rather than a slot per posting: expanded with ``np.repeat`` at the end.
        self._slots = array("i")
        self._counts = array("i")
        self._weights = array("f")

    def add(self, slot: int, names: Iterable[str], weights: Iterable[float] | None = None) -> None:
        before = len(self._name_ids)
        self._name_ids.extend(map(self._ids.__getitem__, names))
        added = len(self._name_ids) - before
        if not added:
            return
        self._slots.append(slot)
        self._counts.append(added)
        if self.weighted:
            self._weights.extend(weights if weights is not None else repeat(0.0, added))

    def __len__(self) -> int:
        return len(self._name_ids)

    def base(self) -> Base:
        slots = np.repeat(np.array(self._slots, dtype=np.int32), np.array(self._counts, dtype=np.int64))
        weights = np.array(self._weights, dtype=np.float32) if self.weighted else np.zeros(len(slots), np.float32)
        return _compact(list(self._ids), np.array(self._name_ids, dtype=np.int32), slots, weights, self.weighted)


def _compact(names: list[str], name_ids: npt.NDArray[np.int32], slots: Slots, weights: Weights, weighted: bool) -> Base:
    # Sort names, renumber the postings to match, and group them by name (then slot): the CSR layout.
    order = sorted(range(len(names)), key=names.__getitem__)
    renumber = np.empty(len(names), dtype=np.int32)
    renumber[np.array(order, dtype=np.int64)] = np.arange(len(names), dtype=np.int32)
    new_ids = renumber[name_ids] if len(name_ids) else name_ids
    by = np.argsort((new_ids.astype(np.int64) << 32) | slots.astype(np.int64), kind="stable")
    counts = np.bincount(new_ids, minlength=len(names)) if len(names) else np.zeros(0, dtype=np.int64)
    offsets = np.zeros(len(names) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return Base.of(
        [names[i] for i in order],
        offsets,
        slots[by].astype(np.int32),
        weights[by].astype(np.float32)
        if weighted and len(weights)
        else (np.zeros(0, np.float32) if weighted else None),
    )


def merge(base: Base, valid: npt.NDArray[np.bool_], delta: Delta, weighted: bool, extra: Base | None = None) -> Base:
    """One base holding the valid postings of ``base``, everything in ``delta`` and all of ``extra``."""
    keep = valid[base.slots] if len(base.slots) else np.zeros(0, dtype=np.bool_)
    if extra is not None and not len(delta) and not keep.any():
        # Nothing of the old base survives and the delta is empty (a bulk load into an empty index): ``extra`` is
        # already the answer, and sorting millions of postings again would cost a second.
        return extra
    names = list(base.names)
    ids = dict(base.ids)
    parts_ids = [base.name_ids()[keep]]
    parts_slots = [base.slots[keep]]
    parts_weights = [base.weights[keep] if base.weights is not None else np.zeros(int(keep.sum()), dtype=np.float32)]
    if extra is not None and len(extra.slots):
        remap = np.array([ids.setdefault(n, len(ids)) for n in extra.names], dtype=np.int32)
        names += [n for n in extra.names if ids[n] >= len(names)]
        parts_ids.append(remap[extra.name_ids()])
        parts_slots.append(extra.slots)
        parts_weights.append(
            extra.weights
            if extra.weights is not None and len(extra.weights)
            else np.zeros(len(extra.slots), np.float32)
        )
    for name, slots, weights in delta.items():
        i = ids.setdefault(name, len(ids))
        if i == len(names):
            names.append(name)
        parts_ids.append(np.full(len(slots), i, dtype=np.int32))
        parts_slots.append(np.array(slots, dtype=np.int32))
        parts_weights.append(np.array(weights, dtype=np.float32))
    return _compact(
        names, np.concatenate(parts_ids), np.concatenate(parts_slots), np.concatenate(parts_weights), weighted
    )


def _weights(weighted: bool, values: list[float]) -> Weights | None:
    return np.array(values, dtype=np.float32) if weighted else None
