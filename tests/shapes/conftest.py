"""Session fixtures: the shapes and vocabulary graphs are parsed once for all shape tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph

from tests.shapes._shapes import shapes_graph, sparql_parse_cache, vocabulary_graph


@pytest.fixture(autouse=True, scope="package")
def _parse_each_sparql_query_once() -> Iterator[None]:
    with sparql_parse_cache():
        yield


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return shapes_graph()


@pytest.fixture(scope="session")
def vocabulary() -> Graph:
    return vocabulary_graph()
