"""``hdsgraph serve`` as a real process on a free loopback port, queried over HTTP."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.e2e._server import Server

pytestmark = pytest.mark.e2e

QUERY = """query($id: ID!) { dataset(id: $id) {
  id title publisher { id name } healthCategories { id label } distributions { id title accessURL } } }"""
BLADDER = "https://seed.hdsgraph.org/dataset/lih-bladder-cancer-cohort"
PARKINSON = "https://seed.hdsgraph.org/dataset/ncck-parkinsons-feasibility-cohort"


def graphql(server: Server, query: str, **variables: object) -> dict:  # type: ignore[type-arg]
    response = httpx.post(server.url + "/graphql", json={"query": query, "variables": variables}, timeout=10)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def test_the_bladder_cancer_cohort(server: Server) -> None:
    ds = graphql(server, QUERY, id=BLADDER)["dataset"]
    assert "Bladder Cancer Cohort" in ds["title"]
    assert ds["publisher"]["id"] == "https://seed.hdsgraph.org/participant/lih"
    assert ds["publisher"]["name"]
    categories = {c["id"].rsplit("/", 1)[1] for c in ds["healthCategories"]}
    assert {"HGPD", "HPML"} <= categories
    assert all(c["label"] for c in ds["healthCategories"])
    titles = " ".join(d["title"].lower() for d in ds["distributions"])
    assert "clinical" in titles and "omics" in titles


def test_the_parkinsons_cohort(server: Server) -> None:
    ds = graphql(server, QUERY, id=PARKINSON)["dataset"]
    assert "Parkinson" in ds["title"]
    assert ds["publisher"]["id"] == "https://seed.hdsgraph.org/participant/ncck"


def test_paging_through_every_dataset(server: Server) -> None:
    query = """query($after: String) { datasets(first: 7, after: $after) {
        totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = graphql(server, query, after=after)["datasets"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"] >= 30
    assert BLADDER in seen and PARKINSON in seen


def test_health_endpoints(server: Server) -> None:
    assert httpx.get(server.url + "/healthz", timeout=5).json()["status"] == "ok"
    assert httpx.get(server.url + "/readyz", timeout=5).status_code == 200


def test_a_restart_uses_the_data_on_disk(server: Server, data_dir: Path) -> None:
    first_output = server.stop()
    assert "seeded" in first_output
    again = Server(data_dir)
    try:
        again.wait_ready(timeout=30)
        ds = graphql(again, QUERY, id=PARKINSON)["dataset"]
        assert "Parkinson" in ds["title"]
    finally:
        output = again.stop()
    assert "seeded" not in output and "seeding" not in output
