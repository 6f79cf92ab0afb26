"""The published example operations (api/operations) and the README's queries run on a seeded node."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hdsgraph.gql import build_schema
from hdsgraph.node import Node
from tests.conftest import ROOT

OPERATIONS = sorted((ROOT / "api" / "operations").glob("*.graphql"))
VARIABLES = {"DatasetById": {"id": "https://seed.hdsgraph.org/dataset/lih-bladder-cancer-cohort"}}


def readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```graphql\n(.*?)```", text, flags=re.S)


@pytest.mark.parametrize("path", OPERATIONS, ids=lambda p: p.stem)
def test_each_operation_answers_without_errors(path: Path, seeded_node: Node) -> None:
    result = build_schema().execute_sync(
        path.read_text(encoding="utf-8"), variable_values=VARIABLES.get(path.stem), context_value={"node": seeded_node}
    )
    assert result.errors is None, result.errors
    assert result.data and all(value for value in result.data.values())


def test_the_readme_shows_queries_that_answer(seeded_node: Node) -> None:
    queries = readme_queries()
    assert len(queries) >= 2
    for query in queries:
        result = build_schema().execute_sync(query, context_value={"node": seeded_node})
        assert result.errors is None, (query, result.errors)
        assert result.data and all(value for value in result.data.values())


def test_the_first_readme_query_is_the_published_operation() -> None:
    first = readme_queries()[0]
    published = (ROOT / "api" / "operations" / "FirstDatasets.graphql").read_text(encoding="utf-8")
    body = published[published.index("{") :]
    assert " ".join(first.split())[1:] == " ".join(body.split())[1:]
