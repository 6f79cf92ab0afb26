"""A served node under a bounded load: ``hdsgraph serve`` on loopback, one worker, driven by a minimal HTTP client.

The load is closed-loop: ``concurrency`` clients each send the next request when their answer arrives, each over its
own keep-alive connection, until ``requests`` have been answered. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from bench.machine import rss_mb, stop_server
from bench.queries import GRAPHQL, BenchQuery

__all__ = ["HttpRun", "load", "serve"]

HOST = "127.0.0.1"


@dataclass(frozen=True)
class HttpRun:
    requests: int
    concurrency: int
    seconds: float
    latencies_ms: list[float]
    errors: int
    rss_mb: float  # VmRSS of the server after the load
    peak_rss_mb: float  # VmHWM: its peak since it started (loading the index included)
    cache_hits: int  # answers that said x-hdsgraph-cache: hit

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(
    data_dir: Path, log: Path, start_timeout_s: float = 120, env: Mapping[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``hdsgraph serve`` on a free loopback port; yields the process and its base URL, stops it after.

    ``env`` adds settings (``HDSGRAPH_*``) to the server's environment.
    """
    port = _free_port()
    command = [sys.executable, "-m", "hdsgraph", "serve", "--data", str(data_dir), "--host", HOST, "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + start_timeout_s
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped at start (exit {process.returncode}); see {log}")
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass  # not listening yet
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server was not ready within {start_timeout_s:.0f} s; see {log}")
            time.sleep(0.2)
        yield process, url
    finally:
        stop_server(process)


def _bodies(queries: Sequence[BenchQuery]) -> list[bytes]:
    return [
        json.dumps({"query": GRAPHQL, "variables": q.graphql_variables(), "operationName": "Search"}).encode()
        for q in queries
    ]


class _Connection:
    """A keep-alive HTTP/1.1 connection that POSTs and reads answers with Content-Length, nothing else.

    The load generator shares two cores with the server: a general client (httpx costs about a millisecond a request
    here) would measure itself. This one costs tens of microseconds, as wrk-style tools do.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str) -> None:
        self._reader, self._writer, self._host = reader, writer, host

    @classmethod
    async def open(cls, url: str) -> _Connection:
        address = httpx.URL(url)
        reader, writer = await asyncio.open_connection(address.host, address.port)
        return cls(reader, writer, f"{address.host}:{address.port}")

    async def post(self, path: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        head = (
            f"POST {path} HTTP/1.1\r\nhost: {self._host}\r\ncontent-type: application/json\r\n"
            f"accept: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
        )
        self._writer.write(head.encode() + body)
        raw = await self._reader.readuntil(b"\r\n\r\n")
        status_line, *lines = raw.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines if line)}
        content = await self._reader.readexactly(int(headers.get("content-length", "0")))
        return int(status_line.split(" ", 2)[1]), headers, content

    def close(self) -> None:
        self._writer.close()


async def _drive(url: str, bodies: list[bytes], requests: int, concurrency: int) -> tuple[float, list[float], int, int]:
    latencies: list[float] = []
    errors = hits = 0
    sent = 0
    connections = [await _Connection.open(url) for _ in range(concurrency)]

    async def worker(connection: _Connection) -> None:
        nonlocal sent, errors, hits
        while sent < requests:
            body = bodies[sent % len(bodies)]
            sent += 1
            t0 = time.perf_counter()
            status, headers, content = await connection.post("/graphql", body)
            latencies.append((time.perf_counter() - t0) * 1000)
            # A GraphQL error still answers 200, with an "errors" member beside "data".
            if status != 200 or b'"errors"' in content:
                errors += 1
            hits += headers.get("x-hdsgraph-cache", "").startswith("hit")

    try:
        started = time.perf_counter()
        await asyncio.gather(*(worker(c) for c in connections))
        return time.perf_counter() - started, latencies, errors, hits
    finally:
        for connection in connections:
            connection.close()


def load(
    process: subprocess.Popen[bytes],
    url: str,
    queries: Sequence[BenchQuery],
    requests: int,
    concurrency: int,
    warm_up: Sequence[BenchQuery] | None = None,
) -> HttpRun:
    """Warm up (by default: each of ``queries`` once), then send ``requests`` rotating through ``queries``."""
    first = _bodies(queries if warm_up is None else warm_up)
    asyncio.run(_drive(url, first, min(max(requests, 50), len(first)), concurrency))
    seconds, latencies, errors, hits = asyncio.run(_drive(url, _bodies(queries), requests, concurrency))
    rss, peak = rss_mb(process.pid)
    return HttpRun(requests, concurrency, seconds, latencies, errors, rss, peak, hits)
