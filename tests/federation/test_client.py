"""Asking peers over real loopback HTTP: each way a peer can fail has its status, and failing peers rest a while."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from hdsgraph.credentials.keys import KeyPair
from hdsgraph.federation.answers import read_page
from hdsgraph.federation.client import ANSWER_RESERVE_S, InvalidAnswer, PeerAnswer, PeerClient, PeerStatus
from hdsgraph.federation.peer_tokens import PeerTokenVerifier
from hdsgraph.federation.peers import FederationLimits, Peer, PeerConfig
from hdsgraph.index import SortKey

NODE_KEY = KeyPair.generate("EdDSA", kid="lu#node-key")
PAGE = {"datasets": {"totalCount": 0, "pageInfo": {"hasNextPage": False}, "edges": [], "facets": []}}


class Canned(BaseHTTPRequestHandler):
    """Answers each path as ``ANSWERS[path]`` says: (status, content type, body); records what it was sent."""

    answers: dict[str, tuple[int, str, bytes]] = {}
    seen: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        Canned.seen.append({"path": self.path, "auth": self.headers.get("authorization"), "body": json.loads(body)})
        status, media, answer = Canned.answers[self.path]
        self.send_response(status)
        self.send_header("content-type", media)
        self.send_header("content-length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Canned)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def peer(url: str, path: str) -> Peer:
    return Peer("https://peer.example/node", "Peer", "KR", url + path, KeyPair.generate().public_key())


def ask(config: PeerConfig, target: Peer, client: PeerClient | None = None) -> PeerAnswer[Any]:
    def read(p: Peer, data: dict[str, Any]) -> Any:
        return read_page(data, "datasets", first=20, sort=SortKey.RELEVANCE, descending=True)

    async def go() -> PeerAnswer[Any]:
        used = client or PeerClient(config, node_id="https://lih.lu/node", key=NODE_KEY)
        try:
            return await used.ask(target, "query { __typename }", {}, read)
        finally:
            if client is None:
                await used.aclose()

    return asyncio.run(go())


def answer(path: str, status: int, media: str, body: object) -> None:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    Canned.answers[path] = (status, media, raw)


@pytest.mark.parametrize(
    ("status", "media", "body", "expected", "words"),
    [
        (200, "application/graphql-response+json", {"data": PAGE}, PeerStatus.OK, ""),
        (200, "text/html", b"<html>", PeerStatus.INVALID_RESPONSE, "'text/html', not a GraphQL JSON response"),
        (200, "application/json", b"{nope", PeerStatus.INVALID_RESPONSE, "not JSON"),
        (200, "application/json", b'{"data": NaN}', PeerStatus.INVALID_RESPONSE, "not JSON"),
        (200, "application/json", {"data": {"datasets": {**PAGE["datasets"], "totalCount": -1}}},
         PeerStatus.INVALID_RESPONSE, "datasets.totalCount is not a whole number"),
        (200, "application/json", {"data": {"datasets": {**PAGE["datasets"], "edges": [{"cursor": "c"}]}}},
         PeerStatus.INVALID_RESPONSE, "datasets.edges[0].node is not an object"),
        (401, "application/json", {"errors": [{"message": "no"}]}, PeerStatus.REFUSED, "HTTP 401"),
        (200, "application/json", {"errors": [{"message": "bad filter", "extensions": {"code": "BAD_INPUT"}}]},
         PeerStatus.REFUSED, "bad filter"),
        (503, "text/plain", b"down", PeerStatus.UNAVAILABLE, "HTTP 503"),
    ],
)  # fmt: skip
def test_each_kind_of_answer_has_its_status(
    server: str, status: int, media: str, body: object, expected: PeerStatus, words: str
) -> None:
    path = f"/case-{expected.value}-{status}-{abs(hash(words))}"
    answer(path, status, media, body)
    got = ask(PeerConfig((peer(server, path),)), peer(server, path))
    assert got.status is expected, got.message
    assert words in got.message


def test_requests_carry_a_peer_token_for_that_peer(server: str) -> None:
    answer("/token", 200, "application/json", {"data": PAGE})
    target = peer(server, "/token")
    ask(PeerConfig((target,)), target)
    sent = next(s for s in reversed(Canned.seen) if s["path"] == "/token")
    me = Peer("https://lih.lu/node", "LIH", "LU", "https://lih.lu/graphql", NODE_KEY.public_key())
    token = sent["auth"].removeprefix("Bearer ")
    assert PeerTokenVerifier(PeerConfig((me,)), target.id).verify(token).id == "https://lih.lu/node"


def test_a_peer_token_is_reused_for_a_while_then_signed_anew(server: str) -> None:
    answer("/tokens", 200, "application/json", {"data": PAGE})
    target = peer(server, "/tokens")
    now = [500.0]

    async def tokens_sent() -> list[str]:
        client = PeerClient(PeerConfig((target,)), node_id="https://lih.lu/node", key=NODE_KEY, clock=lambda: now[0])
        sent = []
        try:
            for step in (0, 19, 2):  # t = 500, 519 (still the first token), 521 (a new one)
                now[0] += step
                await client.ask(target, "query { __typename }", {}, lambda p, d: d)
                sent.append(next(s for s in reversed(Canned.seen) if s["path"] == "/tokens")["auth"])
        finally:
            await client.aclose()
        return sent

    first, again, renewed = asyncio.run(tokens_sent())
    assert first == again and renewed != first
    me = Peer("https://lih.lu/node", "LIH", "LU", "https://lih.lu/graphql", NODE_KEY.public_key())
    assert PeerTokenVerifier(PeerConfig((me,)), target.id).verify(renewed.removeprefix("Bearer ")).id == me.id


def test_a_deadline_counts_from_when_the_request_arrived() -> None:
    # The peer accepts and never answers. The request being answered arrived 300 ms ago: of its 600 ms deadline,
    # what is left (less the reserve for writing the answer) is all the peer gets, so the answer stays in time.
    with socket.socket() as hanging:
        hanging.bind(("127.0.0.1", 0))
        hanging.listen()
        target = peer(f"http://127.0.0.1:{hanging.getsockname()[1]}", "/graphql")
        config = PeerConfig((target,), FederationLimits(peer_timeout_ms=600, overall_timeout_ms=600))

        async def wait_for_the_deadline(arrived_ago: float) -> tuple[PeerAnswer[Any], float]:
            client = PeerClient(config, node_id="https://lih.lu/node", key=None)
            try:
                started = time.monotonic()
                got = await client.ask(target, "{ __typename }", {}, lambda p, d: d, since=started - arrived_ago)
                return got, time.monotonic() - started
            finally:
                await client.aclose()

        late, waited_late = asyncio.run(wait_for_the_deadline(0.3))
        fresh, waited_fresh = asyncio.run(wait_for_the_deadline(0.0))
    assert late.status is PeerStatus.TIMEOUT and fresh.status is PeerStatus.TIMEOUT
    assert 0.6 - 0.3 - ANSWER_RESERVE_S - 0.05 <= waited_late < 0.45 <= waited_fresh


def test_an_answer_over_the_size_cap_is_refused(server: str) -> None:
    answer("/big", 200, "application/json", {"data": PAGE, "padding": "x" * 4000})
    target = peer(server, "/big")
    got = ask(PeerConfig((target,), FederationLimits(max_response_kb=2)), target)
    assert got.status is PeerStatus.INVALID_RESPONSE
    assert "larger than 2 KB" in got.message


def test_a_peer_that_keeps_failing_rests_then_is_asked_once_more(server: str) -> None:
    answer("/flaky", 503, "text/plain", b"down")
    target = peer(server, "/flaky")
    now = [1000.0]
    config = PeerConfig((target,), FederationLimits(breaker_failures=2, breaker_cooldown_s=30))

    async def round_trip(client: PeerClient) -> PeerAnswer[Any]:
        return await client.ask(target, "query { __typename }", {}, lambda p, d: d)

    async def scenario() -> list[PeerAnswer[Any]]:
        client = PeerClient(config, node_id="https://lih.lu/node", key=None, clock=lambda: now[0])
        try:
            out = [await round_trip(client), await round_trip(client)]
            asked = len(Canned.seen)
            out.append(await round_trip(client))  # resting: not asked
            assert len(Canned.seen) == asked
            now[0] += 31
            answer("/flaky", 200, "application/json", {"data": PAGE})
            out.append(await round_trip(client))  # asked again after the rest, and it recovered
            return out
        finally:
            await client.aclose()

    statuses = asyncio.run(scenario())
    assert [a.status for a in statuses] == [
        PeerStatus.UNAVAILABLE,
        PeerStatus.UNAVAILABLE,
        PeerStatus.UNAVAILABLE,
        PeerStatus.OK,
    ]
    assert "failed 2 times in a row; it is not asked again for 30 s" in statuses[2].message


def test_a_reader_that_finds_the_answer_wrong_makes_it_invalid(server: str) -> None:
    answer("/wrong", 200, "application/json", {"data": PAGE})
    target = peer(server, "/wrong")

    def read(p: Peer, data: dict[str, Any]) -> Any:
        raise InvalidAnswer("datasets.edges[0].node.rdf is not N-Triples")

    async def go() -> PeerAnswer[Any]:
        client = PeerClient(PeerConfig((target,)), node_id="https://lih.lu/node", key=None)
        try:
            return await client.ask(target, "query { __typename }", {}, read)
        finally:
            await client.aclose()

    got = asyncio.run(go())
    assert got.status is PeerStatus.INVALID_RESPONSE and "not N-Triples" in got.message
