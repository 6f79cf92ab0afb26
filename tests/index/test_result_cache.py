"""Repeated searches come from the result cache until the index changes, and every query field is part of the key."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from hdsgraph.index import Field, SearchIndex, SearchQuery, SortKey
from hdsgraph.index.result_cache import cache_key
from tests.index.test_search_index import CATALOGUE, entry


@pytest.fixture
def index() -> SearchIndex:
    ix = SearchIndex()
    ix.replace_graphs({e.graph: [e] for e in CATALOGUE})
    return ix


def test_a_repeated_search_is_the_kept_result(index: SearchIndex) -> None:
    query = SearchQuery(text="cohort", facets=(Field.THEME,))
    first = index.search(query)
    assert index.search(SearchQuery(text="cohort", facets=(Field.THEME,))) is first
    assert len(index.results) == 1


def test_a_change_to_the_index_is_seen_by_the_next_search(index: SearchIndex) -> None:
    query = SearchQuery(text="cohort")
    before = index.search(query).total_count
    new = entry("asthma", "Asthma cohort")
    index.replace_graph(new.graph, [new])
    assert index.search(query).total_count == before + 1
    index.replace_graph(new.graph, [])
    assert index.search(query).total_count == before
    index.rebuild([CATALOGUE[0]])
    assert index.search(query).total_count == 1


def test_capacity_zero_keeps_nothing(index: SearchIndex) -> None:
    index.results.capacity = 0
    query = SearchQuery(text="cohort")
    assert index.search(query) is not index.search(query)
    assert len(index.results) == 0


# A value other than the default for every field of SearchQuery: a field added without one here fails the test below.
CHANGED: dict[str, Any] = {
    "text": "cancer",
    "filters": {Field.THEME: frozenset({"HEAL"})},
    "age_min": 1.0,
    "age_max": 2.0,
    "min_individuals": 3,
    "modified_after": 4.0,
    "modified_before": 5.0,
    "issued_after": 6.0,
    "issued_before": 7.0,
    "sort": SortKey.TITLE,
    "descending": True,
    "first": 7,
    "after": "c1.x",
    "facets": (Field.COUNTRY,),
    "facet_limit": 9,
    "allowed": frozenset({"https://example.org/ds/bladder"}),
}


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(SearchQuery)])
def test_every_field_of_a_query_is_part_of_its_key(name: str) -> None:
    assert name in CHANGED, f"give SearchQuery.{name} a changed value in CHANGED"
    assert cache_key(dataclasses.replace(SearchQuery(), **{name: CHANGED[name]})) != cache_key(SearchQuery())


def test_filter_order_does_not_make_another_key() -> None:
    a = SearchQuery(filters={Field.THEME: frozenset({"A", "B"}), Field.COUNTRY: frozenset({"C"})})
    b = SearchQuery(filters={Field.COUNTRY: frozenset({"C"}), Field.THEME: frozenset({"B", "A"})})
    assert cache_key(a) == cache_key(b)


def test_allow_lists_of_other_content_make_other_keys() -> None:
    a = SearchQuery(allowed=frozenset({"x", "y"}))
    assert cache_key(a) == cache_key(SearchQuery(allowed=frozenset({"y", "x"})))
    assert cache_key(a) != cache_key(SearchQuery(allowed=frozenset({"x"})))
    assert cache_key(SearchQuery(allowed=frozenset())) != cache_key(SearchQuery())
