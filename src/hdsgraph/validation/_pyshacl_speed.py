"""Constant-time lookup of SHACL constraint parameters inside pyshacl.

For every shape it evaluates, pyshacl asks of each predicate of the shape ``p in search_parameters``, where
``search_parameters`` is a plain list of ~40 IRIs: a linear scan calling rdflib's Python ``__eq__`` each time. On
a HealthDCAT-AP dataset that is ~75,000 comparisons, about a third of the validation. pyshacl reads the list from
the module attribute ``CONSTRAINT_PARAMS`` (setting it itself on first use) and copies it before appending the
SHACL-AF parameters; a list that keeps a set beside it answers the same membership in one hash lookup. The order
and contents are pyshacl's own, so which constraints run does not change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, SupportsIndex

import pyshacl.shape
from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

__all__ = ["IndexedList", "install"]


class IndexedList(list[Any]):
    """A list whose ``in`` is a set lookup; ``copy`` and ``append`` keep the set in step (all pyshacl calls)."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(items)
        self._members = set(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members

    def copy(self) -> IndexedList:
        return IndexedList(self)

    def append(self, item: Any) -> None:
        super().append(item)
        self._members.add(item)

    def extend(self, items: Iterable[Any]) -> None:
        for item in items:
            self.append(item)

    def insert(self, index: SupportsIndex, item: Any) -> None:
        super().insert(index, item)
        self._members.add(item)

    def remove(self, item: Any) -> None:
        super().remove(item)
        if item not in list(self):
            self._members.discard(item)

    def __setitem__(self, index: Any, value: Any) -> None:
        super().__setitem__(index, value)
        self._members = set(self)

    def __delitem__(self, index: Any) -> None:
        super().__delitem__(index)
        self._members = set(self)

    def pop(self, index: SupportsIndex = -1) -> Any:
        item = super().pop(index)
        self._members = set(self)
        return item


def install() -> None:
    """Give pyshacl the indexed parameter list (idempotent; pyshacl keeps an existing ``CONSTRAINT_PARAMS``)."""
    current = getattr(pyshacl.shape.module, "CONSTRAINT_PARAMS", None)
    if current is not None and isinstance(current[0], IndexedList):
        return
    # pyshacl creates this module attribute itself on first use; setting it first hands it the indexed list.
    module: Any = pyshacl.shape.module
    module.CONSTRAINT_PARAMS = (IndexedList(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)
