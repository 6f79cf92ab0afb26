"""Session fixtures: the shapes and vocabulary graphs are parsed once for all shape tests."""

from __future__ import annotations

import pytest
from rdflib import Graph

from tests.shapes._shapes import shapes_graph, vocabulary_graph


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return shapes_graph()


@pytest.fixture(scope="session")
def vocabulary() -> Graph:
    return vocabulary_graph()
