"""Results of repeated searches, kept until the index next changes.

Clients repeat searches (a landing page's facets, the next page of a result list, many users of one portal), and a
search with facets at 100,000 datasets costs milliseconds. Results are exact: the owner empties the cache in the same
locked step that changes the index.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import fields

from hdsgraph.index.query import SearchQuery, SearchResult

__all__ = ["ResultCache", "cache_key"]


class ResultCache:
    """An LRU of search results by query; not locked itself: its owner holds the index's lock around each call."""

    def __init__(self, capacity: int = 512) -> None:
        self.capacity = capacity
        self._results: OrderedDict[Hashable, SearchResult] = OrderedDict()

    def __len__(self) -> int:
        return len(self._results)

    def get(self, query: SearchQuery) -> SearchResult | None:
        key = cache_key(query)
        found = self._results.get(key)
        if found is not None:
            self._results.move_to_end(key)
        return found

    def put(self, query: SearchQuery, result: SearchResult) -> None:
        self._results[cache_key(query)] = result
        if len(self._results) > self.capacity:
            self._results.popitem(last=False)

    def clear(self) -> None:
        self._results.clear()


def cache_key(query: SearchQuery) -> Hashable:
    """Every field of the query, hashable (filters in a fixed order): a field added later is part of the key too."""
    parts: list[Hashable] = [query.is_descending]
    for spec in fields(query):
        value = getattr(query, spec.name)
        if spec.name == "filters":
            value = tuple(sorted((f.name, tuple(sorted(values))) for f, values in value.items() if values))
        parts.append(value)
    return tuple(parts)
