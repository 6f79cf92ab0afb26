"""Session fixtures: the shapes and vocabulary graphs are parsed once for all shape tests."""

from __future__ import annotations

import pytest
from rdflib import Graph

from hdsgraph.validation import _query_cache
from tests.shapes._shapes import shapes_graph, vocabulary_graph


@pytest.fixture(autouse=True, scope="package")
def _parse_each_sparql_query_once() -> None:
    # The project's prepared-query cache, as the node runs with it; test_shapes_load checks it changes no result.
    _query_cache.install()


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return shapes_graph()


@pytest.fixture(scope="session")
def vocabulary() -> Graph:
    return vocabulary_graph()
