"""Federated discovery across three real nodes on loopback: Luxembourg (LIH), Korea (NCCK) and the USA (Cipherome).

Each node serves its own part of the seeds, knows the other two from its peers file and signs its requests with
its own key. A federated search on any node must return every node's matches, merged, de-duplicated and paged
without a skip or a repeat; with peers stopped, hanging or answering garbage, it must still answer within its
deadline, with the healthy nodes' results and one precise error per failed peer.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from bench.federation import HangingPeer

from hdsgraph.credentials.keys import KeyPair, read_jwk_file
from hdsgraph.federation.peer_tokens import peer_token
from tests.conftest import ROOT
from tests.e2e._server import Server, free_port

GRAPHQL_JSON = "application/graphql-response+json"


class Site:
    def __init__(self, key: str, node_id: str, name: str, country: str, holds: Callable[[str], bool]) -> None:
        self.key, self.node_id, self.name, self.country, self.holds = key, node_id, name, country, holds
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.jwk: dict[str, Any] = {}
        self.data = Path()
        self.server: Server | None = None


SITES = [
    Site("lu", "https://lih.lu/hdsgraph/node", "Luxembourg Institute of Health", "LU",
         lambda name: not name.startswith(("ncck-", "cipherome-"))),
    Site("kr", "https://ncc.re.kr/hdsgraph/node", "National Cancer Center Korea", "KR",
         lambda name: name.startswith("ncck-")),
    Site("us", "https://cipherome.com/hdsgraph/node", "Cipherome", "US",
         lambda name: name.startswith("cipherome-")),
]  # fmt: skip


def _seeds_part(site: Site, into: Path) -> Path:
    """The seeds a site publishes: the catalogue, every participant's self-description, and its own datasets."""
    seeds = ROOT / "seeds"
    shutil.copy(seeds / "catalog.ttl", into / "catalog.ttl")
    shutil.copytree(seeds / "self-descriptions", into / "self-descriptions")
    for folder in ("datasets", "policies"):
        (into / folder).mkdir()
        for path in (seeds / folder).glob("*.ttl"):
            if site.holds(path.stem):
                shutil.copy(path, into / folder / path.name)
    return into


def _peer_table(site: Site, *, harvest: bool = False) -> str:
    return (
        f'[[peer]]\nid = "{site.node_id}"\nname = "{site.name}"\ncountry = "{site.country}"\n'
        f"url = \"{site.url}/graphql\"\njwk = '{json.dumps(site.jwk)}'\nharvest = {str(harvest).lower()}\n"
    )


def _env(site: Site) -> dict[str, str]:
    return {
        "HDSGRAPH_NODE_ID": site.node_id,
        "HDSGRAPH_NODE_NAME": site.name,
        "HDSGRAPH_SEEDS_DIR": str(site.data.parent / "seeds"),
        "HDSGRAPH_RESPONSE_CACHE_MB": "0",
    }


def _start(site: Site, peers_file: Path) -> Server:
    return Server(site.data, env=_env(site), args=("--peers", str(peers_file)), port=site.port)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Site]]:
    root = tmp_path_factory.mktemp("federation")
    for site in SITES:
        home = root / site.key
        (home / "seeds").mkdir(parents=True)
        _seeds_part(site, home / "seeds")
        site.data = home / "data"
        made = subprocess.run(
            [sys.executable, "-m", "hdsgraph", "keygen", "--node", "--data", str(site.data)],
            env={**os.environ, "HDSGRAPH_NODE_ID": site.node_id},
            capture_output=True,
            text=True,
            check=True,
        )
        site.jwk = json.loads(made.stdout.strip().splitlines()[-1])
    for site in SITES:
        peers = root / site.key / "peers.toml"
        limits = "[federation]\npeer_timeout_ms = 4000\noverall_timeout_ms = 6000\n\n"
        # Luxembourg also keeps a harvested copy of Korea's catalogue (the scheduled crawl, first at start).
        tables = [_peer_table(s, harvest=site.key == "lu" and s.key == "kr") for s in SITES if s is not site]
        peers.write_text(limits + "\n".join(tables), encoding="utf-8")
        site.server = _start(site, peers)
    try:
        for site in SITES:
            assert site.server is not None
            site.server.wait_ready(timeout=300)
        yield {s.key: s for s in SITES}
    finally:
        for site in SITES:
            if site.server is not None:
                site.server.stop()


def ask(site: Site, query: str, variables: dict[str, Any] | None = None, **headers: str) -> dict[str, Any]:
    response = httpx.post(
        site.url + "/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"Accept": GRAPHQL_JSON, **headers},
        timeout=30,
    )
    body: dict[str, Any] = response.json()
    body["_status"] = response.status_code
    return body


SEARCH = """
query($scope: Scope, $search: String, $first: Int, $after: String, $sort: DatasetSort) {
  datasets(scope: $scope, search: $search, first: $first, after: $after, sort: $sort) {
    totalCount partial
    nodes { id name status latencyMs totalCount cachedAt }
    edges { cursor node { id title node { id name } } }
    pageInfo { hasNextPage endCursor }
    facets { field values { value label count } }
  }
}
"""


def local(site: Site, **variables: Any) -> dict[str, Any]:
    body = ask(site, SEARCH, {"scope": "LOCAL", "first": 100, **variables})
    assert "errors" not in body, body
    return body["data"]["datasets"]


def held(sites: dict[str, Site], **variables: Any) -> dict[str, str]:
    """Every node's own matches: dataset IRI -> the node that holds it."""
    found: dict[str, str] = {}
    for site in sites.values():
        for edge in local(site, **variables)["edges"]:
            assert edge["node"]["id"] not in found, "the seeds are split: no dataset on two nodes"
            found[edge["node"]["id"]] = site.node_id
    return found


def pages(site: Site, first: int, **variables: Any) -> list[dict[str, Any]]:
    out, after = [], None
    while True:
        body = ask(site, SEARCH, {"scope": "FEDERATED", "first": first, "after": after, **variables})
        assert "errors" not in body, body
        connection = body["data"]["datasets"]
        out.append(connection)
        if not connection["pageInfo"]["hasNextPage"]:
            return out
        after = connection["pageInfo"]["endCursor"]
        assert len(out) < 200


def test_each_node_holds_its_own_part_of_the_seeds(sites: dict[str, Site]) -> None:
    for site in sites.values():
        assert local(site)["totalCount"] > 0, f"{site.name} holds no dataset"


@pytest.mark.parametrize("search", [None, "cohort"])
def test_a_federated_search_returns_every_nodes_matches_merged(sites: dict[str, Site], search: str | None) -> None:
    expected = held(sites, search=search)
    for site in sites.values():
        body = ask(site, SEARCH, {"scope": "FEDERATED", "first": 100, "search": search})
        assert "errors" not in body, body
        connection = body["data"]["datasets"]
        got = {e["node"]["id"]: e["node"]["node"]["id"] for e in connection["edges"]}
        assert got == expected
        assert connection["totalCount"] == len(expected)
        assert connection["partial"] is False
        nodes = connection["nodes"]
        assert nodes[0]["id"] == site.node_id, "this node first"
        assert {n["id"] for n in nodes} == {s.node_id for s in sites.values()}
        assert all(n["status"] == "OK" and n["latencyMs"] is not None and n["cachedAt"] is None for n in nodes)
        assert sum(n["totalCount"] for n in nodes) == len(expected)


@pytest.mark.parametrize(
    ("search", "sort"), [("cohort", None), (None, None), (None, {"by": "MODIFIED"}), ("cancer", {"by": "INDIVIDUALS"})]
)
def test_paging_through_a_federated_search_skips_and_repeats_nothing(
    sites: dict[str, Site], search: str | None, sort: dict[str, str] | None
) -> None:
    expected = held(sites, search=search)
    walked = pages(sites["kr"], 4, search=search, sort=sort)
    seen = [e["node"]["id"] for p in walked for e in p["edges"]]
    assert len(seen) == len(set(seen)), "a dataset repeated across pages"
    assert set(seen) == set(expected)
    assert all(len(p["edges"]) <= 4 for p in walked)
    if search is None and sort is None:  # without search text: by title
        titles = [e["node"]["title"].casefold() for p in walked for e in p["edges"]]
        assert titles == sorted(titles), "merged by title, the pages are in title order"
    if search is not None and sort is None:
        # By rank: each node's best come first, interleaved, so the first page has every node that has matches.
        first_page = {e["node"]["node"]["id"] for e in walked[0]["edges"]}
        assert first_page == set(expected.values())


def test_facet_counts_are_summed_by_value_over_the_nodes(sites: dict[str, Site]) -> None:
    totals: dict[tuple[str, str], int] = {}
    for site in sites.values():
        for facet in local(site)["facets"]:
            for value in facet["values"]:
                key = (facet["field"], value["value"])
                totals[key] = totals.get(key, 0) + value["count"]
    body = ask(sites["us"], SEARCH, {"scope": "FEDERATED", "first": 1})
    merged = {(f["field"], v["value"]): v["count"] for f in body["data"]["datasets"]["facets"] for v in f["values"]}
    assert merged == totals
    labels = {v["value"]: v["label"] for f in body["data"]["datasets"]["facets"] for v in f["values"]}
    assert labels["http://publications.europa.eu/resource/authority/data-theme/HEAL"]


DATASET = """
query($id: ID!) { dataset(id: $id) { id title description publisher { name } distributions { title format { id } }
  accessRights { id label } quality { score } } }
"""
FEDERATED_DETAIL = """
query($search: String) { datasets(scope: FEDERATED, search: $search, first: 100) { edges { node { id node { id name }
  title description publisher { name } distributions { title format { id } } accessRights { id label }
  quality { score } } } } }
"""


def test_a_peers_dataset_answers_every_field_as_on_its_own_node(sites: dict[str, Site]) -> None:
    body = ask(sites["lu"], FEDERATED_DETAIL, {"search": "cancer"})
    assert "errors" not in body, body
    from_korea = [e["node"] for e in body["data"]["datasets"]["edges"] if e["node"]["node"]["id"] == SITES[1].node_id]
    assert from_korea, "the Korean node has cancer datasets"
    for dataset in from_korea:
        own = ask(sites["kr"], DATASET, {"id": dataset["id"]})["data"]["dataset"]
        assert dataset["node"]["name"] == "National Cancer Center Korea"
        assert {k: v for k, v in dataset.items() if k != "node"} == own


def test_requests_between_nodes_are_authenticated_and_go_one_hop(sites: dict[str, Site]) -> None:
    korea, usa = sites["kr"], sites["us"]
    forged = peer_token(KeyPair.generate("EdDSA", kid="forged"), node_id=korea.node_id, audience=usa.node_id)
    body = ask(usa, SEARCH, {"scope": "LOCAL"}, Authorization=f"Bearer {forged}")
    assert body["_status"] == 401
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "does not verify" in body["errors"][0]["message"]
    key = read_jwk_file(korea.data / "keys" / "node.jwk")
    genuine = peer_token(key, node_id=korea.node_id, audience=usa.node_id)
    body = ask(usa, SEARCH, {"scope": "FEDERATED"}, Authorization=f"Bearer {genuine}")
    assert body["errors"][0]["extensions"]["code"] == "HOP_LIMIT"
    body = ask(usa, SEARCH, {"scope": "LOCAL"}, Authorization=f"Bearer {genuine}")
    assert "errors" not in body and body["data"]["datasets"]["totalCount"] == local(usa)["totalCount"]


ELIGIBLE = """
query($request: EligibilityRequest!, $scope: Scope) {
  eligibleDatasets(request: $request, scope: $scope, first: 100) {
    totalCount partial nodes { id status } edges { node { id node { id } } }
  }
}
"""
HEALTH_RESEARCH_FROM_SEOUL = {
    "requester": "https://seed.hdsgraph.org/participant/ncck",
    "action": "http://www.w3.org/ns/odrl/2/use",
    "purpose": "https://w3id.org/hdsgraph/ontology#HealthScientificResearch",
    "environment": "https://w3id.org/hdsgraph/ontology#SecureProcessingEnvironment",
    "dataForm": "https://w3id.org/hdsgraph/ontology#PseudonymisedData",
}


def test_federated_eligibility_is_decided_by_each_node_under_its_own_policies(sites: dict[str, Site]) -> None:
    expected = {}
    for site in sites.values():
        body = ask(site, ELIGIBLE, {"request": HEALTH_RESEARCH_FROM_SEOUL, "scope": "LOCAL"})
        assert "errors" not in body, body
        expected.update({e["node"]["id"]: site.node_id for e in body["data"]["eligibleDatasets"]["edges"]})
    assert expected and len(set(expected.values())) >= 2, "the request is allowed somewhere on two nodes at least"
    body = ask(sites["kr"], ELIGIBLE, {"request": HEALTH_RESEARCH_FROM_SEOUL, "scope": "FEDERATED"})
    assert "errors" not in body, body
    got = {e["node"]["id"]: e["node"]["node"]["id"] for e in body["data"]["eligibleDatasets"]["edges"]}
    assert got == expected
    assert len(got) < len(held(sites)), "eligibility narrows the catalogue"


def test_a_harvested_catalogue_answers_scope_cached_and_says_when(sites: dict[str, Site]) -> None:
    korea = {e["node"]["id"] for e in local(sites["kr"])["edges"]}
    deadline = time.monotonic() + 120
    while True:
        body = ask(sites["lu"], SEARCH, {"scope": "CACHED", "first": 100})
        assert "errors" not in body, body
        connection = body["data"]["datasets"]
        if connection["totalCount"] == len(korea) or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert {e["node"]["id"] for e in connection["edges"]} == korea
    (source,) = connection["nodes"]
    assert source["cachedAt"] is not None and source["status"] == "OK"
    assert source["id"] == sites["kr"].url + "/catalog"
    assert all(e["node"]["node"]["id"] == source["id"] for e in connection["edges"]), "each says where it came from"
    assert local(sites["lu"])["totalCount"] == len(held(sites)) - len(korea) - 1, "the cache is not the catalogue"


# -- failing peers -----------------------------------------------------------------------------------------------


class Garbage(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        body = b'{"data": {"datasets": {"totalCount": "many", "edges": "none"}}}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_failing_peers_cost_their_deadline_and_each_get_one_precise_error(sites: dict[str, Site]) -> None:
    lu, kr, us = sites["lu"], sites["kr"], sites["us"]
    hanging = HangingPeer()
    garbage = ThreadingHTTPServer(("127.0.0.1", 0), Garbage)
    threading.Thread(target=garbage.serve_forever, daemon=True).start()
    stopped_port = free_port()
    broken = {
        "stopped": f"http://127.0.0.1:{stopped_port}/graphql",
        "hanging": f"http://127.0.0.1:{hanging.port}/graphql",
        "garbage": f"http://127.0.0.1:{garbage.server_address[1]}/graphql",
    }
    tables = [_peer_table(kr), _peer_table(us)]
    for name, url in broken.items():
        jwk = json.dumps(KeyPair.generate("EdDSA", kid=name).public_jwk())
        tables.append(
            f'[[peer]]\nid = "https://{name}.example/node"\nname = "{name}"\ncountry = "DE"\nurl = "{url}"\n'
            f"jwk = '{jwk}'\n"
        )
    peers = lu.data.parent / "peers-with-failures.toml"
    peers.write_text("[federation]\npeer_timeout_ms = 1500\noverall_timeout_ms = 2500\n\n" + "\n".join(tables))
    assert lu.server is not None
    lu.server.stop()
    lu.server = _start(lu, peers)
    try:
        lu.server.wait_ready(timeout=120)
        expected = held(sites)
        started = time.monotonic()
        body = ask(lu, SEARCH, {"scope": "FEDERATED", "first": 100})
        elapsed = time.monotonic() - started
    finally:
        hanging.close()
        garbage.shutdown()
        garbage.server_close()
    assert elapsed < 2.5 + 1.0, f"the answer took {elapsed:.1f} s; the deadline is 1.5 s per peer, 2.5 s overall"
    connection = body["data"]["datasets"]
    assert connection["partial"] is True
    assert {e["node"]["id"] for e in connection["edges"]} == set(expected), "every healthy node's results"
    errors = {e["extensions"]["peer"]: e for e in body["errors"]}
    assert len(body["errors"]) == 3, body["errors"]
    assert errors["https://stopped.example/node"]["extensions"]["code"] == "PEER_UNAVAILABLE"
    assert errors["https://hanging.example/node"]["extensions"]["code"] == "PEER_TIMEOUT"
    assert errors["https://garbage.example/node"]["extensions"]["code"] == "PEER_INVALID_RESPONSE"
    assert "datasets.totalCount" in errors["https://garbage.example/node"]["message"]
    assert errors["https://hanging.example/node"]["extensions"]["retryable"] is True
    assert errors["https://garbage.example/node"]["extensions"]["retryable"] is False
    assert all(e["path"] == ["datasets"] for e in body["errors"])
    status = {n["id"]: n["status"] for n in connection["nodes"]}
    assert status == {
        lu.node_id: "OK",
        kr.node_id: "OK",
        us.node_id: "OK",
        "https://stopped.example/node": "UNAVAILABLE",
        "https://hanging.example/node": "TIMEOUT",
        "https://garbage.example/node": "INVALID_RESPONSE",
    }
