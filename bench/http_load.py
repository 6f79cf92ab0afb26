"""A served node under a bounded load: ``hdsgraph serve`` on loopback, one worker, driven by an async httpx client.

The load is closed-loop: ``concurrency`` clients each send the next request when their answer arrives, over one pool
of keep-alive connections, until ``requests`` have been answered. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from bench.machine import rss_mb
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

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(data_dir: Path, log: Path, start_timeout_s: float = 120) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``hdsgraph serve`` on a free loopback port; yields the process and its base URL, stops it after."""
    port = _free_port()
    command = [sys.executable, "-m", "hdsgraph", "serve", "--data", str(data_dir), "--host", HOST, "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
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
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _bodies(queries: Sequence[BenchQuery]) -> list[bytes]:
    return [
        json.dumps({"query": GRAPHQL, "variables": q.graphql_variables(), "operationName": "Search"}).encode()
        for q in queries
    ]


async def _drive(url: str, bodies: list[bytes], requests: int, concurrency: int) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    sent = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"content-type": "application/json"}
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal sent, errors
            while sent < requests:
                body = bodies[sent % len(bodies)]
                sent += 1
                t0 = time.perf_counter()
                response = await client.post("/graphql", content=body, headers=headers)
                latencies.append((time.perf_counter() - t0) * 1000)
                # A GraphQL error still answers 200, with an "errors" member beside "data".
                if response.status_code != 200 or b'"errors"' in response.content:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, latencies, errors


def load(
    process: subprocess.Popen[bytes], url: str, queries: Sequence[BenchQuery], requests: int, concurrency: int
) -> HttpRun:
    bodies = _bodies(queries)
    asyncio.run(_drive(url, bodies, min(requests, len(bodies)), concurrency))  # warm-up: each search once
    seconds, latencies, errors = asyncio.run(_drive(url, bodies, requests, concurrency))
    rss, peak = rss_mb(process.pid)
    return HttpRun(requests, concurrency, seconds, latencies, errors, rss, peak)
