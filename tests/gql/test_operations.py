"""The published example operations (api/operations) and the README's queries run on a seeded node."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from strawberry.types import ExecutionResult

from hdsgraph.gql import build_schema
from hdsgraph.node import Node
from tests.conftest import ROOT

OPERATIONS = sorted((ROOT / "api" / "operations").glob("*.graphql"))
BLADDER = "https://seed.hdsgraph.org/dataset/lih-bladder-cancer-cohort"
# Writes run here without a token: they must answer (Rejected, UNAUTHENTICATED) and change nothing of the shared node.
VARIABLES = {
    "DatasetById": {"id": BLADDER},
    "PublicationRecord": {"id": BLADDER},
    "PublishDataset": {
        "document": (ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl").read_text(),
        "format": "TURTLE",
    },
    "PublishSelfDescription": {"document": "{}"},
    "Withdraw": {"id": BLADDER},
    "Decide": {
        "request": {
            "requester": "https://seed.hdsgraph.org/participant/ncck",
            "action": "http://www.w3.org/ns/odrl/2/use",
            "datasets": [BLADDER],
            "purpose": "https://w3id.org/hdsgraph/ontology#HealthScientificResearch",
            "environment": "https://w3id.org/hdsgraph/ontology#SecureProcessingEnvironment",
        }
    },
    "PeerDatasets": {"search": "cancer", "first": 5, "facets": True},
    "PeerEligibleDatasets": {
        "request": {
            "requester": "https://seed.hdsgraph.org/participant/ncck",
            "action": "http://www.w3.org/ns/odrl/2/use",
            "purpose": "https://w3id.org/hdsgraph/ontology#HealthScientificResearch",
            "environment": "https://w3id.org/hdsgraph/ontology#SecureProcessingEnvironment",
        },
        "first": 5,
        "facets": False,
    },
    "EligibleDatasets": {
        # A biomarker study (health research) by a Korean research organisation, inside a secure environment.
        "request": {
            "requester": "https://seed.hdsgraph.org/participant/ncck",
            "action": "http://www.w3.org/ns/odrl/2/use",
            "purpose": "https://w3id.org/hdsgraph/ontology#HealthScientificResearch",
            "environment": "https://w3id.org/hdsgraph/ontology#SecureProcessingEnvironment",
        },
        "search": "bladder cancer biomarker",
        "first": 10,
    },
}


def execute(query: str, node: Node, variables: dict[str, Any] | None = None) -> ExecutionResult:
    return asyncio.run(build_schema().execute(query, variable_values=variables, context_value={"node": node}))


def readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```graphql\n(.*?)```", text, flags=re.S)


@pytest.mark.parametrize("path", OPERATIONS, ids=lambda p: p.stem)
def test_each_operation_answers_without_errors(path: Path, seeded_node: Node) -> None:
    result = execute(path.read_text(encoding="utf-8"), seeded_node, VARIABLES.get(path.stem))
    assert result.errors is None, result.errors
    assert result.data and all(value for value in result.data.values())
    for value in result.data.values():
        if isinstance(value, dict) and value.get("__typename") == "Rejected":
            assert [e["code"] for e in value["errors"]] == ["UNAUTHENTICATED"]


def test_the_readme_shows_queries_that_answer(seeded_node: Node) -> None:
    queries = readme_queries()
    assert len(queries) >= 2
    for query in queries:
        result = execute(query, seeded_node)
        assert result.errors is None, (query, result.errors)
        assert result.data and all(value for value in result.data.values())


def test_the_first_readme_query_is_the_published_operation() -> None:
    first = readme_queries()[0]
    published = (ROOT / "api" / "operations" / "FirstDatasets.graphql").read_text(encoding="utf-8")
    body = published[published.index("{") :]
    assert " ".join(first.split())[1:] == " ".join(body.split())[1:]


def test_every_seed_dataset_reads_whole_through_graphql(seeded_node: Node) -> None:
    query = """{ datasets(first: 100) { totalCount edges { node { id title publisher { id name }
        themes { id label } healthCategories { id label }
        distributions { id title accessURL downloadURL mediaType byteSize
            format { id label } license { id label } } } } } }"""
    result = execute(query, seeded_node)
    assert result.errors is None, result.errors
    nodes = [e["node"] for e in result.data["datasets"]["edges"]]
    assert len(nodes) == result.data["datasets"]["totalCount"] >= 30
    sizes = [d["byteSize"] for n in nodes for d in n["distributions"] if d["byteSize"] is not None]
    assert max(sizes) > 2**31, "sizes past GraphQL's 32-bit Int come through whole"
    assert all(n["title"] and n["publisher"]["name"] and n["distributions"] for n in nodes)


def test_the_eligibility_example_finds_the_bladder_cohort(seeded_node: Node) -> None:
    path = ROOT / "api" / "operations" / "EligibleDatasets.graphql"
    result = execute(path.read_text(encoding="utf-8"), seeded_node, VARIABLES["EligibleDatasets"])
    assert result.errors is None, result.errors
    assert result.data is not None
    edges = result.data["eligibleDatasets"]["edges"]
    assert edges and edges[0]["node"]["id"] == BLADDER


def test_the_peer_operations_are_the_ones_the_node_sends() -> None:
    from hdsgraph.federation.operations import PEER_DATASETS, PEER_ELIGIBLE_DATASETS

    folder = ROOT / "api" / "operations"
    assert (folder / "PeerDatasets.graphql").read_text(encoding="utf-8") == PEER_DATASETS
    assert (folder / "PeerEligibleDatasets.graphql").read_text(encoding="utf-8") == PEER_ELIGIBLE_DATASETS
