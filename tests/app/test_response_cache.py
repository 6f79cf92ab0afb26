"""Repeated GraphQL reads answered from the response cache, exactly, and never after the graph changed."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from hdsgraph.app import create_app
from hdsgraph.app.response_cache import CACHE_HEADER, CachedAnswer, ResponseCache, is_cacheable
from hdsgraph.ingest import Document
from hdsgraph.node import Node
from hdsgraph.validation import ShaclValidator
from tests.conftest import ROOT, make_settings

BLADDER = ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl"
SEARCH = "query S($q: String) { datasets(search: $q, first: 5) { totalCount edges { node { id title } } } }"


@pytest.fixture
def node(tmp_path: Path, validator: ShaclValidator) -> Node:
    node = Node.in_memory(make_settings(tmp_path / "data", response_cache_mb=1))
    node.__dict__["validator"] = validator
    return node


def post(app: Starlette, body: dict[str, Any], **headers: str) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.post("/graphql", json=body, headers=headers)

    return asyncio.run(go())


def get(app: Starlette, params: dict[str, str]) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.get("/graphql", params=params, headers={"accept": "application/json"})

    return asyncio.run(go())


def test_a_repeated_search_is_answered_from_the_cache_with_the_same_body(node: Node) -> None:
    app = create_app(node, prepare=False)
    first = post(app, {"query": SEARCH, "variables": {"q": "cohort"}})
    again = post(app, {"query": SEARCH, "variables": {"q": "cohort"}})
    assert first.headers[CACHE_HEADER].startswith("miss")
    assert again.headers[CACHE_HEADER].startswith("hit")
    assert again.content == first.content
    assert again.headers["content-type"] == first.headers["content-type"]


def test_other_variables_or_another_media_type_are_other_answers(node: Node) -> None:
    app = create_app(node, prepare=False)
    post(app, {"query": SEARCH, "variables": {"q": "cohort"}})
    assert post(app, {"query": SEARCH, "variables": {"q": "bladder"}}).headers[CACHE_HEADER].startswith("miss")
    other = post(app, {"query": SEARCH, "variables": {"q": "cohort"}}, accept="application/graphql-response+json")
    assert other.headers[CACHE_HEADER].startswith("miss")
    assert other.headers["content-type"].startswith("application/graphql-response+json")


def test_a_publish_makes_the_next_answer_fresh(node: Node) -> None:
    app = create_app(node, prepare=False)
    body = {"query": SEARCH, "variables": {"q": "bladder"}}
    before = post(app, body)
    assert before.json()["data"]["datasets"]["totalCount"] == 0
    assert post(app, body).headers[CACHE_HEADER].startswith("hit")
    node.loader.load(Document.from_file(BLADDER))
    after = post(app, body)
    assert after.headers[CACHE_HEADER].startswith("miss")
    assert after.json()["data"]["datasets"]["totalCount"] == 1


def test_a_reindex_makes_the_next_answer_fresh(node: Node) -> None:
    app = create_app(node, prepare=False)
    body = {"query": SEARCH, "variables": {"q": "cohort"}}
    post(app, body)
    node.reindex()
    assert post(app, body).headers[CACHE_HEADER].startswith("miss")


def test_answers_with_errors_are_not_kept(node: Node) -> None:
    app = create_app(node, prepare=False)
    body = {"query": "{ datasets(first: 1000) { totalCount } }"}
    assert post(app, body).json()["errors"]
    second = post(app, body)
    assert CACHE_HEADER not in second.headers
    assert second.json()["errors"]


def test_get_requests_are_kept_by_their_query_string(node: Node) -> None:
    app = create_app(node, prepare=False)
    params = {"query": "{ datasets(first: 1) { totalCount } }"}
    assert get(app, params).headers[CACHE_HEADER].startswith("miss")
    assert get(app, params).headers[CACHE_HEADER].startswith("hit")


def test_size_zero_turns_the_cache_off(tmp_path: Path) -> None:
    node = Node.in_memory(make_settings(tmp_path / "data", response_cache_mb=0))
    app = create_app(node, prepare=False)
    body = {"query": SEARCH, "variables": {"q": "cohort"}}
    assert CACHE_HEADER not in post(app, body).headers
    assert CACHE_HEADER not in post(app, body).headers


@pytest.mark.parametrize(
    ("query", "operation", "kept"),
    [
        ("{ datasets { totalCount } }", None, True),
        ('query A { dataset(id: "x") { id } } query B { catalog { id } }', "B", True),
        ("{ __typename catalog { id } }", None, True),
        ("{ __schema { types { name } } }", None, False),  # introspection: cheap, and the IDE's business
        ("mutation { publish }", None, False),
        ("query A { catalog { id } } query B { catalog { id } }", None, False),  # which one? not ours to guess
        ("{ ...F } fragment F on Query { catalog { id } }", None, False),
        ("{ datasets(scope: FEDERATED) { totalCount } }", None, False),  # peers and time decide it
        ("{ datasets(scope: $s) { totalCount } }", None, False),
        ("{ datasets(scope: LOCAL) { totalCount } }", None, True),
        ("{ datasets { ", None, False),
    ],
)
def test_only_reads_of_the_local_graph_are_kept(query: str, operation: str | None, kept: bool) -> None:
    import json

    body = json.dumps({"query": query, "operationName": operation}).encode()
    assert is_cacheable("POST", body, "") is kept


def test_batches_and_bodies_that_are_not_json_are_not_kept() -> None:
    assert not is_cacheable("POST", b'[{"query": "{ catalog { id } }"}]', "")
    assert not is_cacheable("POST", b"{ catalog { id } }", "")
    assert not is_cacheable("PUT", b'{"query": "{ catalog { id } }"}', "")


def test_the_cache_stays_within_its_bytes_and_drops_the_least_recently_used() -> None:
    cache = ResponseCache(max_bytes=10_000)
    for n in range(40):
        cache.put(("POST", str(n).encode(), "json"), CachedAnswer(b"x" * 500, 200, "application/json", 1))
    assert cache.size_bytes <= 10_000
    assert cache.get(("POST", b"39", "json"), 1) is not None
    assert cache.get(("POST", b"0", "json"), 1) is None


def test_an_answer_of_an_older_graph_is_a_miss_and_too_big_answers_are_not_kept() -> None:
    cache = ResponseCache(max_bytes=10_000)
    key = ("POST", b"q", "json")
    cache.put(key, CachedAnswer(b"old", 200, "application/json", 1))
    assert cache.get(key, 2) is None
    cache.put(("POST", b"big", "json"), CachedAnswer(b"x" * 5_000, 200, "application/json", 2))
    assert len(cache) == 1 and cache.get(("POST", b"big", "json"), 2) is None
