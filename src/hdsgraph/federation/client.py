"""Asking peers: one pooled HTTP client, a deadline per peer and for all, a size cap, and a circuit breaker.

Every peer's answer is untrusted input: it arrives within its deadline and its size cap or not at all, it must be
a GraphQL response, and the caller's ``read`` turns it into what it expects or says what was wrong with it. Each
failure has one status, so that the federated answer can say exactly which peer failed and how.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

import httpx

from hdsgraph.credentials.keys import KeyPair
from hdsgraph.federation._transport import StreamTransport
from hdsgraph.federation.peer_tokens import peer_token
from hdsgraph.federation.peers import Peer, PeerConfig

__all__ = ["ANSWER_RESERVE_S", "InvalidAnswer", "PeerAnswer", "PeerClient", "PeerStatus"]

T = TypeVar("T")
log = logging.getLogger("hdsgraph.federation")

_MEDIA = "application/graphql-response+json, application/json;q=0.9"
# A peer token lives a minute; one is signed per peer and sent for this long, so that every token a peer receives
# has most of its life ahead (signing one costs a few hundred microseconds of every federated search otherwise).
_TOKEN_REUSE_S = 20.0
# Kept from every deadline counted from a request's arrival: the time a node needs, once it stops waiting, to merge
# what arrived and write its answer, so that the answer itself arrives within the deadline.
ANSWER_RESERVE_S = 0.015
# A peer's GraphQL errors with these codes mean it would not answer this node, not that it is broken.
_REFUSALS = {"UNAUTHENTICATED", "FORBIDDEN", "PEER_REFUSED", "HOP_LIMIT"}


class PeerStatus(Enum):
    OK = "OK"
    TIMEOUT = "TIMEOUT"
    UNAVAILABLE = "UNAVAILABLE"
    INVALID_RESPONSE = "INVALID_RESPONSE"
    REFUSED = "REFUSED"

    @property
    def retryable(self) -> bool:
        """Whether asking again later may succeed: an outage may pass; a refusal or a broken answer will not."""
        return self in (PeerStatus.TIMEOUT, PeerStatus.UNAVAILABLE)


class InvalidAnswer(Exception):
    """A peer's answer is not what the operation asked for; the message says where and what."""


@dataclass(frozen=True)
class PeerAnswer(Generic[T]):
    peer: Peer
    status: PeerStatus
    latency_ms: float
    value: T | None = None
    message: str = ""


class _Breaker:
    """Per peer: failures in a row, and until when the peer is left alone."""

    def __init__(self, failures: int, cooldown_s: float) -> None:
        self._limit = failures
        self._cooldown = cooldown_s
        self._failures: dict[str, int] = {}
        self._open_until: dict[str, float] = {}

    def closed_for(self, peer: Peer, now: float) -> float:
        """Seconds until ``peer`` may be asked again (0: now)."""
        return max(0.0, self._open_until.get(peer.id, 0.0) - now)

    def record(self, peer: Peer, status: PeerStatus, now: float) -> None:
        if status in (PeerStatus.OK, PeerStatus.REFUSED):
            self._failures.pop(peer.id, None)
            self._open_until.pop(peer.id, None)
            return
        failures = self._failures.get(peer.id, 0) + 1
        self._failures[peer.id] = failures
        if failures >= self._limit:
            # Half-open afterwards: the next request after the cooldown asks once, and one more failure reopens.
            self._open_until[peer.id] = now + self._cooldown
            self._failures[peer.id] = self._limit - 1


class PeerClient:
    """``ask_all(query, variables, read)``: every configured peer asked at once; answers in configuration order."""

    def __init__(
        self,
        config: PeerConfig,
        *,
        node_id: str,
        key: KeyPair | None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self._node_id = node_id
        self._key = key
        self._transport = transport
        self._clock = clock
        self._client: httpx.AsyncClient | None = None
        limits = config.limits
        self._breaker = _Breaker(limits.breaker_failures, limits.breaker_cooldown_s)
        self._tokens: dict[str, tuple[str, float]] = {}  # peer id -> (token, when it was signed)

    def _http(self) -> httpx.AsyncClient:
        # Made on first use, inside the event loop that will use it; one pool for every peer and request.
        if self._client is None:
            self._client = httpx.AsyncClient(
                transport=self._transport or StreamTransport(keep=16),
                follow_redirects=False,  # a peer's URL comes from configuration, never from a peer's answer
                trust_env=False,
            )
        return self._client

    async def ask_all(
        self,
        query: str,
        variables: Callable[[Peer], Mapping[str, Any]],
        read: Callable[[Peer, dict[str, Any]], T],
        *,
        since: float | None = None,
    ) -> list[PeerAnswer[T]]:
        """Every peer asked ``query`` with its own ``variables(peer)`` at once; answers in configuration order.

        With ``since`` (this clock's time when the request being answered arrived), every deadline counts from then,
        less ``ANSWER_RESERVE_S``: the caller's answer, not only the peers', is then within the deadline.
        """
        peers = self.config.peers
        if not peers:
            return []
        overall = self.config.limits.overall_timeout_ms / 1000
        asks = [asyncio.ensure_future(self.ask(p, query, variables(p), read, since=since)) for p in peers]
        # Each ask keeps its own deadline (never past the overall one); this bound only guards against the unforeseen.
        done, pending = await asyncio.wait(asks, timeout=overall + 0.25)
        for task in pending:
            task.cancel()
        answers: list[PeerAnswer[T]] = []
        for peer, task in zip(peers, asks, strict=True):
            if task not in done or task.cancelled():
                answers.append(PeerAnswer(peer, PeerStatus.TIMEOUT, overall * 1000, message="no answer in time"))
            elif task.exception() is not None:
                # A fault of this node's reading, not of the peer: said as such, and in the log.
                log.error("reading the answer of peer %s failed", peer.id, exc_info=task.exception())
                answers.append(
                    PeerAnswer(peer, PeerStatus.INVALID_RESPONSE, 0.0, message="its answer could not be read")
                )
            else:
                answers.append(task.result())
        return answers

    async def ask(
        self,
        peer: Peer,
        query: str,
        variables: Mapping[str, Any],
        read: Callable[[Peer, dict[str, Any]], T],
        *,
        since: float | None = None,
    ) -> PeerAnswer[T]:
        started = self._clock()
        wait = self._breaker.closed_for(peer, started)
        if wait > 0:
            return PeerAnswer(
                peer,
                PeerStatus.UNAVAILABLE,
                0.0,
                message=f"{peer.name} failed {self.config.limits.breaker_failures} times in a row; it is not asked "
                f"again for {wait:.0f} s",
            )
        deadline_ms = self.config.deadline_ms(peer)
        left = deadline_ms / 1000 if since is None else deadline_ms / 1000 - ANSWER_RESERVE_S - (started - since)
        try:
            data = await asyncio.wait_for(self._post(peer, query, variables), max(0.0, left))
            value = read(peer, data)
        except TimeoutError:
            answer: PeerAnswer[T] = PeerAnswer(
                peer, PeerStatus.TIMEOUT, self._since(started), message=f"no answer within {deadline_ms} ms"
            )
        except _Refused as e:
            answer = PeerAnswer(peer, PeerStatus.REFUSED, self._since(started), message=str(e))
        except (InvalidAnswer, _Invalid) as e:
            answer = PeerAnswer(peer, PeerStatus.INVALID_RESPONSE, self._since(started), message=str(e))
        except httpx.HTTPError as e:
            reason = str(e) or type(e).__name__
            answer = PeerAnswer(peer, PeerStatus.UNAVAILABLE, self._since(started), message=f"{reason}")
        else:
            answer = PeerAnswer(peer, PeerStatus.OK, self._since(started), value)
        if answer.status is not PeerStatus.OK:
            log.warning(
                "peer %s: %s after %.0f ms: %s", peer.id, answer.status.value, answer.latency_ms, answer.message
            )
        self._breaker.record(peer, answer.status, self._clock())
        return answer

    async def _post(self, peer: Peer, query: str, variables: Mapping[str, Any]) -> dict[str, Any]:
        headers = {"Accept": _MEDIA, "Content-Type": "application/json"}
        if self._key is not None:
            headers["Authorization"] = "Bearer " + self._token(self._key, peer)
        body = json.dumps({"query": query, "variables": dict(variables)}).encode()
        cap = self.config.limits.max_response_kb * 1024
        async with self._http().stream("POST", peer.url, content=body, headers=headers) as response:
            if response.status_code in (401, 403):
                raise _Refused(f"{peer.name} refused this node's request (HTTP {response.status_code})")
            if response.status_code >= 500:
                raise httpx.HTTPStatusError(
                    f"{peer.name} answered HTTP {response.status_code}", request=response.request, response=response
                )
            received = bytearray()
            async for chunk in response.aiter_bytes():
                received += chunk
                if len(received) > cap:
                    raise _Invalid(
                        f"the answer is larger than {self.config.limits.max_response_kb} KB (max_response_kb)"
                    )
            status, media = response.status_code, response.headers.get("content-type", "")
        return _graphql_data(peer, status, media, bytes(received))

    def _token(self, key: KeyPair, peer: Peer) -> str:
        now = self._clock()
        token, signed = self._tokens.get(peer.id, ("", now - _TOKEN_REUSE_S))
        if now - signed >= _TOKEN_REUSE_S:
            token = peer_token(key, node_id=self._node_id, audience=peer.id)
            self._tokens[peer.id] = (token, now)
        return token

    def _since(self, started: float) -> float:
        return round((self._clock() - started) * 1000, 1)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


class _Refused(Exception):
    pass


class _Invalid(Exception):
    pass


def _graphql_data(peer: Peer, status: int, media: str, body: bytes) -> dict[str, Any]:
    """The ``data`` of a GraphQL response, or why the bytes are not one."""
    if "json" not in media:
        raise _Invalid(f"HTTP {status} with content type {media or '(none)'!r}, not a GraphQL JSON response")
    try:
        document = json.loads(body, parse_constant=_no_constants)
    except ValueError as e:
        raise _Invalid(f"HTTP {status}: the answer is not JSON ({e})") from e
    if not isinstance(document, dict):
        raise _Invalid(f"HTTP {status}: the answer is not a JSON object")
    errors = document.get("errors")
    if errors is not None:
        codes, messages = _error_codes(errors)
        if codes & _REFUSALS or (document.get("data") is None and messages):
            raise _Refused(f"{peer.name} refused the request: {'; '.join(messages[:3]) or 'no message'}")
        raise _Invalid(f"{peer.name} answered with errors: {'; '.join(messages[:3]) or 'no message'}")
    data = document.get("data")
    if status != 200 or not isinstance(data, dict):
        raise _Invalid(f"HTTP {status} without a GraphQL `data` object")
    return data


def _error_codes(errors: object) -> tuple[set[str], list[str]]:
    if not isinstance(errors, list):
        raise _Invalid("`errors` is not a list")
    codes, messages = set(), []
    for error in errors:
        if not isinstance(error, dict):
            raise _Invalid("an entry of `errors` is not an object")
        message = error.get("message")
        messages.append(str(message)[:300] if message is not None else "")
        extensions = error.get("extensions")
        code = extensions.get("code") if isinstance(extensions, dict) else None
        if isinstance(code, str):
            codes.add(code)
    return codes, messages


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
