"""The HTTP application in process, through httpx's ASGI transport."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette

from hdsgraph.app import create_app
from hdsgraph.core.formats import RdfFormat
from hdsgraph.node import Node
from hdsgraph.store import EmbeddedStore
from tests.app._client import call
from tests.conftest import make_settings

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue.ttl"


@pytest.fixture
def node(tmp_path: Path) -> Node:
    store = EmbeddedStore()
    store.load(FIXTURE.read_bytes(), RdfFormat.TURTLE, "urn:hdsgraph:document:test")
    node = Node(make_settings(tmp_path), store)
    node.reindex()
    return node


@pytest.fixture
def app(node: Node) -> Starlette:
    return create_app(node, prepare=False)


def test_healthz_and_readyz(app: Starlette) -> None:
    assert call(app, "GET", "/healthz").json()["status"] == "ok"
    ready = call(app, "GET", "/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


def test_readyz_is_503_when_the_store_fails(app: Starlette, node: Node) -> None:
    node.store.close()  # every query fails from now on
    response = call(app, "GET", "/readyz")
    assert response.status_code == 503 and response.json()["status"] == "not ready"


def test_graphql_over_post(app: Starlette) -> None:
    response = call(app, "POST", "/graphql", json={"query": "{ datasets { totalCount } }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"datasets": {"totalCount": 3}}}


def test_graphql_over_get(app: Starlette) -> None:
    response = call(app, "GET", "/graphql", params={"query": "{ datasets(first: 1) { edges { node { id } } } }"})
    assert response.json()["data"]["datasets"]["edges"][0]["node"]["id"] == "https://example.org/ds-a"


def test_graphiql_in_a_browser(app: Starlette) -> None:
    response = call(app, "GET", "/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


def test_root_leads_to_graphql(app: Starlette) -> None:
    response = call(app, "GET", "/", follow_redirects=False)
    assert response.status_code in (302, 307) and response.headers["location"] == "/graphql"
