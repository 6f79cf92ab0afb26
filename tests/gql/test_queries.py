from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import strawberry

from hdsgraph.core.formats import RdfFormat
from hdsgraph.gql import build_schema
from hdsgraph.node import Node
from hdsgraph.store import EmbeddedStore
from tests.conftest import make_settings

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue.ttl"
EX = "https://example.org/"


@pytest.fixture(scope="module")
def schema() -> strawberry.Schema:
    return build_schema()


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Node:
    store = EmbeddedStore()
    store.load(FIXTURE.read_bytes(), RdfFormat.TURTLE, "urn:hdsgraph:document:test")
    node = Node(make_settings(tmp_path_factory.mktemp("gql")), store)
    node.reindex()
    return node


def run(schema: strawberry.Schema, node: Node, query: str, **variables: Any) -> Any:
    return asyncio.run(schema.execute(query, variable_values=variables, context_value={"node": node}))


def test_dataset_by_iri(schema: strawberry.Schema, node: Node) -> None:
    result = run(
        schema,
        node,
        """query($id: ID!) { dataset(id: $id) {
            id title fr: title(lang: "fr") description publisher { id name }
            themes { id label(lang: "ko") } healthCategories { label }
            distributions { id title accessURL byteSize format { label } } } }""",
        id=EX + "ds-a",
    )
    assert result.errors is None
    ds = result.data["dataset"]
    assert ds["id"] == EX + "ds-a" and ds["title"] == "Alpha cohort" and ds["fr"] == "Cohorte alpha"
    assert ds["publisher"] == {"id": EX + "org", "name": "Example Institute"}
    assert ds["themes"] == [{"id": "http://publications.europa.eu/resource/authority/data-theme/HEAL", "label": "보건"}]
    assert ds["distributions"][0] == {
        "id": EX + "dist-a1",
        "title": "Clinical data",
        "accessURL": "https://example.org/access/a1",
        "byteSize": 2048,
        "format": {"label": "CSV"},
    }


def test_unknown_dataset_is_null(schema: strawberry.Schema, node: Node) -> None:
    result = run(schema, node, '{ dataset(id: "https://example.org/none") { id } }')
    assert result.errors is None and result.data == {"dataset": None}


def test_relay_connection_pages(schema: strawberry.Schema, node: Node) -> None:
    query = """query($after: String) { datasets(first: 2, after: $after) {
        totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""
    page1 = run(schema, node, query, after=None).data["datasets"]
    assert page1["totalCount"] == 3 and page1["pageInfo"]["hasNextPage"] is True
    assert page1["pageInfo"]["endCursor"] == page1["edges"][-1]["cursor"]
    page2 = run(schema, node, query, after=page1["pageInfo"]["endCursor"]).data["datasets"]
    ids = [e["node"]["id"] for e in page1["edges"] + page2["edges"]]
    assert ids == [EX + "ds-a", EX + "ds-b", EX + "ds-c"]
    assert page2["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "startCursor": page2["edges"][0]["cursor"],
        "endCursor": page2["edges"][0]["cursor"],
    }


def test_bad_input_becomes_an_error_with_a_stable_code(schema: strawberry.Schema, node: Node) -> None:
    result = run(schema, node, '{ datasets(after: "nope") { totalCount } }')
    assert result.errors is not None
    error = result.errors[0]
    assert error.extensions["code"] == "BAD_INPUT"
    assert "'nope' is not a cursor of this node" in error.message


def test_page_size_limit_is_named(schema: strawberry.Schema, node: Node) -> None:
    result = run(schema, node, "{ datasets(first: 1000) { totalCount } }")
    assert result.errors[0].extensions["code"] == "BAD_INPUT"
    assert "first=1000 is outside the page-size limit; give 0 to 100" in result.errors[0].message


def test_alias_limit_is_enforced(schema: strawberry.Schema, node: Node) -> None:
    within = "{ " + " ".join(f"a{i}: datasets(first: 1) {{ totalCount }}" for i in range(30)) + " }"
    assert run(schema, node, within).errors is None
    over = "{ " + " ".join(f"a{i}: datasets(first: 1) {{ totalCount }}" for i in range(31)) + " }"
    errors = run(schema, node, over).errors
    assert errors is not None and errors[0].message == "the query has 31 aliases; the limit is 30 (max_aliases)"
    assert errors[0].extensions == {"code": "QUERY_LIMIT_EXCEEDED", "limit": "max_aliases", "maximum": 30, "actual": 31}


def test_an_unexpected_failure_is_masked(schema: strawberry.Schema, caplog: pytest.LogCaptureFixture) -> None:
    class Broken:
        def cached(self, iris: list[str]) -> tuple[dict[str, object], list[str]]:
            return {}, list(iris)

        def describe(self, iris: list[str]) -> None:
            raise RuntimeError("secret internal detail /var/lib/store")

    class BrokenNode:
        reader = Broken()

    result = asyncio.run(
        schema.execute('{ dataset(id: "https://e.org/x") { id } }', context_value={"node": BrokenNode()})
    )
    assert result.errors is not None
    assert result.errors[0].message == "internal error; the node's log has the details"
    assert result.errors[0].extensions == {"code": "INTERNAL"}
    assert "secret internal detail" in caplog.text  # the operator still sees it
