"""Federated search across three real nodes on loopback: its cost over the slowest peer, and what a hung peer costs.

Three ``hdsgraph serve`` processes (Luxembourg, Korea, USA), each seeded with its own part of ``seeds/``, its own node
key and a peers file naming the other two, as the end-to-end test of federation starts them; the response cache is
off (``HDSGRAPH_RESPONSE_CACHE_MB=0``), so every request is computed.

1. Healthy peers. In each round, in an order that rotates from round to round (so that drift and noise from other
   work on the machine fall on every kind alike), one request of each kind, one after the other:
   - the federated search on node A (search text, first 20, facets; id, title and node of each dataset, and
     ``nodes { id status latencyMs totalCount }``);
   - the same search on A with scope LOCAL: A's own share of the federated answer, as a client sees it;
   - the operation a peer receives for it (``PeerDatasets``, scope LOCAL) sent directly to each of the three nodes,
     signed with a peer's key as node A signs it (A's own copy signed with B's key: A is not its own peer);
   - what the federated answer waits for, at once: A's LOCAL search and B's and C's ``PeerDatasets``, as the three
     run inside a federated search, sharing the machine's cores.
   The overhead is the federated p50 minus the p50, over the rounds, of the slowest of what the federated answer
   waits for (A's LOCAL search, B's and C's ``PeerDatasets``). Beside it, as first defined, the slowest of the three
   ``PeerDatasets``: A's copy of it also describes every dataset in N-Triples, which A's own share never does, so
   it is no floor for the federated answer.
2. A hung peer (a socket that accepts and never answers) added to node A's peers file with ``peer_timeout_ms`` 1000
   and ``overall_timeout_ms`` 1500; A restarted on its data, then a few federated searches, each waiting for the
   deadline (the circuit breaker is set beyond the number of requests, or it would leave the peer alone after three).
   The client's whole answer must arrive within the deadline, as a node counts it from the request's arrival.

Traffic goes to 127.0.0.1 only; every request has a deadline and every phase a bounded count; every process started
here is stopped, also on failure.

    PYTHONPATH=. .venv/bin/python -m bench.federation [--requests 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from bench.machine import percentile, stop_server
from bench.report import NOT_MEASURED, _ms, _verdict

from hdsgraph.core.config import project_root
from hdsgraph.credentials.keys import KeyPair, read_jwk_file
from hdsgraph.federation.operations import PEER_DATASETS
from hdsgraph.federation.peer_tokens import peer_token

__all__ = [
    "KINDS",
    "HangingPeer",
    "federation_section",
    "federation_targets",
    "figures",
    "markdown",
    "measure",
    "rotation",
    "slowest_per_round",
    "summary",
]

ROOT = project_root()
HOST = "127.0.0.1"
SEARCH_TEXT = "cohort"
FIRST = 20
OVERHEAD_BUDGET_MS = 20.0  # DESIGN §7: a federated search costs at most the slowest peer + 20 ms
HUNG_DEADLINE_MS = 1000
HUNG_OVERALL_MS = 1500
REQUEST_TIMEOUT_S = 30.0  # one request of the benchmark, whatever happens to the nodes
READY_TIMEOUT_S = 240.0  # seeding three nodes at once on two shared cores
# Headers as node A's peer client sends them (hdsgraph.federation.client).
_PEER_MEDIA = "application/graphql-response+json, application/json;q=0.9"
_CLIENT = {"accept": "application/json", "content-type": "application/json"}

# One document for the federated search and A's LOCAL one, so that both cost the server the same to parse.
SEARCH = """query Search($scope: Scope, $search: String, $first: Int) {
  datasets(scope: $scope, search: $search, first: $first) {
    totalCount partial
    nodes { id status latencyMs totalCount }
    edges { node { id title node { id } } }
    facets { field values { value label count } }
  }
}"""

KINDS = ("federated", "local", "direct:lu", "direct:kr", "direct:us", "parallel")


@dataclass
class _Site:
    key: str
    node_id: str
    name: str
    country: str
    holds: Callable[[str], bool]  # by the seed file's name: which datasets and policies this node publishes
    port: int = 0
    data: Path = Path()
    jwk: dict[str, Any] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"


def _sites() -> list[_Site]:
    # The split of the end-to-end test: Korea and the USA hold their institutions' seeds, Luxembourg all the others.
    return [
        _Site("lu", "https://lih.lu/hdsgraph/node", "Luxembourg Institute of Health", "LU",
              lambda name: not name.startswith(("ncck-", "cipherome-"))),
        _Site("kr", "https://ncc.re.kr/hdsgraph/node", "National Cancer Center Korea", "KR",
              lambda name: name.startswith("ncck-")),
        _Site("us", "https://cipherome.com/hdsgraph/node", "Cipherome", "US",
              lambda name: name.startswith("cipherome-")),
    ]  # fmt: skip


# -- statistics and rows (pure) ----------------------------------------------------------------------------------


def summary(samples: Sequence[float]) -> dict[str, float]:
    """Calls, p50, p99 and max of ``samples`` (nearest rank, as the rest of the benchmark)."""
    values = list(samples)
    return {
        "calls": len(values),
        "p50": percentile(values, 50),
        "p99": percentile(values, 99),
        "max": max(values),
    }


def slowest_per_round(*series: list[float]) -> list[float]:
    """For each round, the slowest of the answers of that round."""
    return [max(times) for times in zip(*series, strict=True)]


def rotation(round_: int, kinds: Sequence[str] = KINDS) -> list[str]:
    """The kinds of request in round ``round_``: the same cycle, starting one further each round."""
    start = round_ % len(kinds)
    return [*kinds[start:], *kinds[:start]]


def figures(
    times: dict[str, list[float]],
    reported: dict[str, list[float]],
    cpu: dict[str, dict[str, float]],
    own: str = "lu",
) -> dict[str, Any]:
    """The healthy phase's figures from its raw samples (milliseconds by kind of request, ``own`` the key of the node
    asked the federated search), what node A reported of each node, and CPU-seconds by kind and process."""
    direct = {kind.removeprefix("direct:"): values for kind, values in times.items() if kind.startswith("direct:")}
    # What the federated answer waits for: A's own search (no N-Triples) and each peer's PeerDatasets.
    slowest = slowest_per_round(times["local"], *(values for key, values in direct.items() if key != own))
    # As first defined: the three PeerDatasets, A's included.
    slowest_direct = slowest_per_round(*direct.values())
    federated, parallel = summary(times["federated"]), summary(times["parallel"])
    calls = len(times["federated"])
    return {
        "federated": federated,
        "local": summary(times["local"]),
        "direct": {key: summary(values) for key, values in direct.items()},
        "slowest": summary(slowest),
        "slowest_direct": summary(slowest_direct),
        "parallel": parallel,
        "overhead_ms": federated["p50"] - percentile(slowest, 50),
        "overhead_direct_ms": federated["p50"] - percentile(slowest_direct, 50),
        "overhead_parallel_ms": federated["p50"] - parallel["p50"],
        "reported_latency_ms": {key: percentile(values, 50) for key, values in reported.items() if values},
        # CPU-milliseconds per request of each kind, by process: where the time of a federated answer goes.
        "cpu_ms": {
            kind: {who: seconds * 1000 / max(1, calls) for who, seconds in by.items()} for kind, by in cpu.items()
        },
    }


def federation_targets(r: dict[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    """The target rows of DESIGN §7 for federated search, as ``bench.report`` writes them: (what, measured, target,
    verdict); "not measured" where the run has no figures."""
    f = r.get("federation")
    healthy = "federated search, 3 nodes on loopback (text, first 20, facets): p50 over the slowest node's p50"
    hung = f"federated search with a hung peer (deadline {HUNG_DEADLINE_MS:,} ms), p50"
    if f is None:
        return [
            (healthy, NOT_MEASURED, f"≤ {OVERHEAD_BUDGET_MS:.0f} ms", None),
            (hung, NOT_MEASURED, "≤ the deadline", None),
        ]
    rows: list[tuple[str, str, str, bool | None]] = []
    errors = f.get("errors", 0)
    failed = f" ({errors} answers partial or with errors)" if errors else ""
    rows.append(
        (
            healthy,
            f"{f['overhead_ms']:+.1f} ms (federated {_ms(f['federated']['p50'])} ms, the slowest of A's LOCAL search "
            f"and the peers' answers {_ms(f['slowest']['p50'])} ms; {_ms(f['parallel']['p50'])} ms when the three run "
            f"at once){failed}",
            f"≤ {OVERHEAD_BUDGET_MS:.0f} ms",
            f["overhead_ms"] <= OVERHEAD_BUDGET_MS and not errors,
        )
    )
    h = f.get("hung")
    if h is None:
        rows.append((hung, NOT_MEASURED, "≤ the deadline", None))
    else:
        deadline = h["deadline_ms"]
        wrong = f" ({h['errors']} answers not as expected)" if h.get("errors") else ""
        rows.append(
            (
                f"federated search with a hung peer (deadline {deadline:,} ms), p50",
                f"{_ms(h['p50'])} ms: the deadline {h['p50'] - deadline:+.0f} ms, {h['p50'] / deadline:.3f}x it "
                f"(max {_ms(h['max'])} ms, {h['calls']} searches; healthy overhead {f['overhead_ms']:+.1f} ms){wrong}",
                "≤ the deadline",
                h["p50"] <= deadline and not h.get("errors"),
            )
        )
    return rows


def federation_section(r: dict[str, Any]) -> list[str]:
    """Every request kind's latency, what node A reports of its peers, and the CPU each kind costs."""
    f = r.get("federation")
    lines = ["## Federated search (ms)", ""]
    if f is None:
        return [*lines, "Federated search was not measured in this run.", ""]
    names = f["names"]
    table = [
        (f"federated search on {names['lu']} (A)", f["federated"]),
        ("the same search on A, scope LOCAL", f["local"]),
        *((f"`PeerDatasets` sent directly to {names[key]}", s) for key, s in f["direct"].items()),
        ("the slowest of A's LOCAL search and the two peers' `PeerDatasets`, per round", f["slowest"]),
        ("the slowest of the three `PeerDatasets`, per round", f["slowest_direct"]),
        ("A's LOCAL search and the two peers' `PeerDatasets` at once (wall)", f["parallel"]),
    ]
    hung = f.get("hung")
    if hung:
        table.append(("federated search with the hung peer added (A restarted)", hung))
    reported = ", ".join(f"{names[key]} {_ms(ms)} ms" for key, ms in f["reported_latency_ms"].items())
    cpu = f["cpu_ms"]

    def spent(kind: str) -> str:
        by = cpu.get(kind, {})
        nodes = " + ".join(f"{key} {by[key]:.1f}" for key in names if key in by)
        return f"{sum(by[key] for key in names if key in by):.1f} ms ({nodes}; client {by.get('client', 0):.1f})"

    lines += [
        "| request | calls | p50 | p99 | max |",
        "|---|---|---|---|---|",
        *(f"| {what} | {s['calls']} | {_ms(s['p50'])} | {_ms(s['p99'])} | {_ms(s['max'])} |" for what, s in table),
        "",
        f"Search {f['search']!r}, first {f['first']}, with facets; each node holds its own part of the seeds "
        f"({', '.join(f'{names[k]} {n} matches' for k, n in f['matches'].items())}); response cache off. "
        f"{f['warm_up']} rounds of warm-up, then {f['rounds']} rounds, the kinds of request in a rotating order. "
        f"Federated p50 minus: the slowest node per round {f['overhead_ms']:+.1f} ms; the slowest of the three "
        f"`PeerDatasets` (A's own describes its datasets in N-Triples, which its share of a federated answer does not) "
        f"{f['overhead_direct_ms']:+.1f} ms; A's LOCAL search and the peers' answers at once "
        f"{f['overhead_parallel_ms']:+.1f} ms.",
        "",
        f"`nodes[].latencyMs` as node A reports them, medians: {reported} (A's own is measured until every peer has "
        "answered, not for its search alone).",
        "",
        f"CPU per request, all processes (CPU-ms, from `/proc/<pid>/stat`, 10 ms ticks averaged over the calls): "
        f"federated {spent('federated')}; LOCAL on A {spent('local')}; "
        + "; ".join(f"`PeerDatasets` to {key} {spent(f'direct:{key}')}" for key in names)
        + f"; A's LOCAL and the peers' at once {spent('parallel')}.",
        "",
    ]
    if hung:
        said = hung.get("hung_reported_ms")
        lines += [
            f"The hung peer (accepts, never answers) beside the two healthy ones: `peer_timeout_ms` "
            f"{hung['deadline_ms']:,}, `overall_timeout_ms` {hung['overall_ms']:,}, the circuit breaker set beyond the "
            f"number of searches so that each waits; A reported it TIMEOUT"
            + (f" after {_ms(said)} ms (median)" if said is not None else "")
            + ".",
            "",
        ]
    return lines


def markdown(r: dict[str, Any]) -> str:
    rows = federation_targets(r)
    return "\n".join(
        [
            "| what | measured | target | result |",
            "|---|---|---|---|",
            *(f"| {what} | {measured} | {target} | {_verdict(ok)} |" for what, measured, target, ok in rows),
            "",
            *federation_section(r),
        ]
    )


# -- nodes -------------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _seeds_part(site: _Site, into: Path) -> None:
    """The seeds a site publishes: the catalogue, every participant's self-description, and its own datasets."""
    seeds = ROOT / "seeds"
    into.mkdir(parents=True)
    shutil.copy(seeds / "catalog.ttl", into / "catalog.ttl")
    shutil.copytree(seeds / "self-descriptions", into / "self-descriptions")
    for folder in ("datasets", "policies"):
        (into / folder).mkdir()
        for path in (seeds / folder).glob("*.ttl"):
            if site.holds(path.stem):
                shutil.copy(path, into / folder / path.name)


def _base_env() -> dict[str, str]:
    # The caller's own HDSGRAPH_* settings (a data directory, peers, a cache size) must not reach the nodes.
    return {k: v for k, v in os.environ.items() if not k.startswith("HDSGRAPH_")}


def _env(site: _Site) -> dict[str, str]:
    return {
        **_base_env(),
        "HDSGRAPH_RESOURCES_DIR": str(ROOT),
        "HDSGRAPH_NODE_ID": site.node_id,
        "HDSGRAPH_NODE_NAME": site.name,
        "HDSGRAPH_SEEDS_DIR": str(site.data.parent / "seeds"),
        "HDSGRAPH_RESPONSE_CACHE_MB": "0",
    }


def _keygen(sites: Sequence[_Site]) -> None:
    """Each node's key, made by the command an operator runs; the public JWK is its last line of output."""
    made = [
        subprocess.Popen(
            [sys.executable, "-m", "hdsgraph", "keygen", "--node", "--data", str(site.data)],
            env={**_base_env(), "HDSGRAPH_NODE_ID": site.node_id},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        for site in sites
    ]
    for site, process in zip(sites, made, strict=True):
        out, err = process.communicate(timeout=120)
        if process.returncode != 0:
            raise RuntimeError(f"keygen for {site.name} failed: {err.decode(errors='replace')}")
        site.jwk = json.loads(out.decode().strip().splitlines()[-1])


def _peer_table(site: _Site) -> str:
    return (
        f'[[peer]]\nid = "{site.node_id}"\nname = "{site.name}"\ncountry = "{site.country}"\n'
        f"url = \"{site.url}/graphql\"\njwk = '{json.dumps(site.jwk)}'\n"
    )


def _start(site: _Site, peers: Path) -> None:
    command = [sys.executable, "-m", "hdsgraph", "serve", "--host", HOST, "--port", str(site.port)]
    command += ["--data", str(site.data), "--peers", str(peers)]
    # The log is appended to: a restart keeps what the first run said.
    with (site.data.parent / "server.log").open("ab") as log:
        site.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=_env(site), cwd=ROOT)


def _wait_ready(sites: Sequence[_Site], timeout_s: float = READY_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    waiting = list(sites)
    while waiting:
        for site in list(waiting):
            assert site.process is not None
            if site.process.poll() is not None:
                log = (site.data.parent / "server.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{site.name} stopped at start (exit {site.process.returncode}):\n{log}")
            try:
                if httpx.get(f"{site.url}/readyz", timeout=2).status_code == 200:
                    waiting.remove(site)
            except httpx.TransportError:
                pass  # not listening yet
        if waiting and time.monotonic() > deadline:
            raise RuntimeError(f"not ready within {timeout_s:.0f} s: {', '.join(s.name for s in waiting)}")
        if waiting:
            time.sleep(0.25)


def _stop(site: _Site) -> None:
    process, site.process = site.process, None
    if process is not None:
        stop_server(process)


class HangingPeer:
    """A peer that accepts connections and never answers."""

    def __init__(self) -> None:
        self.socket = socket.create_server((HOST, 0))
        self.port = int(self.socket.getsockname()[1])
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return  # closed
            self.held.append(connection)

    def close(self) -> None:
        self.socket.close()
        for connection in self.held:
            connection.close()


@contextmanager
def _hanging() -> Iterator[HangingPeer]:
    peer = HangingPeer()
    try:
        yield peer
    finally:
        peer.close()


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User + system time of a process so far (``/proc/<pid>/stat``, in clock ticks)."""
    with open(f"/proc/{pid}/stat", "rb") as f:
        fields = f.read().rsplit(b")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


# -- the client --------------------------------------------------------------------------------------------------


class _Connection:
    """A keep-alive HTTP/1.1 connection that POSTs and reads answers with Content-Length, nothing else.

    The client shares two cores with three nodes: a general client (httpx costs about a millisecond a request here)
    would add its own cost to every figure, and more to the three requests at once than to one.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str) -> None:
        self._reader, self._writer, self._host = reader, writer, host

    @classmethod
    async def open(cls, port: int) -> _Connection:
        reader, writer = await asyncio.open_connection(HOST, port)
        return cls(reader, writer, f"{HOST}:{port}")

    async def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        head = f"POST /graphql HTTP/1.1\r\nhost: {self._host}\r\ncontent-length: {len(body)}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        self._writer.write(head.encode() + body)
        raw = await self._reader.readuntil(b"\r\n\r\n")
        status_line, *lines = raw.decode("latin-1").split("\r\n")
        answer = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines if line)}
        if "content-length" not in answer:
            raise RuntimeError(f"an answer without Content-Length from {self._host}: {status_line}")
        content = await self._reader.readexactly(int(answer["content-length"]))
        return int(status_line.split(" ", 2)[1]), content

    def close(self) -> None:
        self._writer.close()


@dataclass
class _Client:
    sites: list[_Site]
    keys: dict[str, KeyPair]
    connections: dict[str, _Connection] = field(default_factory=dict)

    async def open(self) -> None:
        for site in self.sites:
            self.connections[site.key] = await _Connection.open(site.port)

    def close(self) -> None:
        for connection in self.connections.values():
            connection.close()
        self.connections.clear()

    def search_body(self, scope: str) -> bytes:
        variables = {"scope": scope, "search": SEARCH_TEXT, "first": FIRST}
        return json.dumps({"query": SEARCH, "variables": variables, "operationName": "Search"}).encode()

    def direct_request(self, site: _Site) -> tuple[bytes, dict[str, str]]:
        """``PeerDatasets`` with the variables, headers and token node A sends (to A itself: as B would)."""
        signer = self.sites[1] if site is self.sites[0] else self.sites[0]
        variables: dict[str, Any] = {"search": SEARCH_TEXT, "filter": None, "sort": None, "lang": None}
        variables |= {"after": None, "first": FIRST, "facets": True}
        token = peer_token(self.keys[signer.key], node_id=signer.node_id, audience=site.node_id)
        headers = {"accept": _PEER_MEDIA, "content-type": "application/json", "authorization": f"Bearer {token}"}
        return json.dumps({"query": PEER_DATASETS, "variables": variables}).encode(), headers

    async def search(self, scope: str = "FEDERATED") -> tuple[float, dict[str, Any]]:
        """The client's search on node A: milliseconds, and the answer (with its HTTP status as ``_status``)."""
        body = self.search_body(scope)
        t0 = time.perf_counter()
        status, content = await asyncio.wait_for(self.connections["lu"].post(body, _CLIENT), REQUEST_TIMEOUT_S)
        ms = (time.perf_counter() - t0) * 1000
        answer: dict[str, Any] = json.loads(content)
        answer["_status"] = status
        return ms, answer

    async def direct(self, site: _Site) -> tuple[float, int]:
        """Milliseconds, and the node's count of matches."""
        body, headers = self.direct_request(site)
        t0 = time.perf_counter()
        status, content = await asyncio.wait_for(self.connections[site.key].post(body, headers), REQUEST_TIMEOUT_S)
        ms = (time.perf_counter() - t0) * 1000
        return ms, _total(site, status, content)

    async def parallel(self) -> float:
        """A's LOCAL search and the peers' ``PeerDatasets`` at once: the wall time until the last answer."""
        a, *peers = self.sites
        requests = [(a, self.search_body("LOCAL"), _CLIENT), *((s, *self.direct_request(s)) for s in peers)]
        t0 = time.perf_counter()
        answers = await asyncio.wait_for(
            asyncio.gather(*(self.connections[s.key].post(body, headers) for s, body, headers in requests)),
            REQUEST_TIMEOUT_S,
        )
        ms = (time.perf_counter() - t0) * 1000
        for (site, _, _), (status, content) in zip(requests, answers, strict=True):
            _total(site, status, content)
        return ms


def _total(site: _Site, status: int, content: bytes | dict[str, Any]) -> int:
    """The count of matches of a complete answer; anything else stops the run."""
    answer = json.loads(content) if isinstance(content, bytes) else content
    if status != 200 or "errors" in answer:
        raise RuntimeError(f"{site.name} answered with HTTP {status}: {json.dumps(answer)[:500]}")
    return int(answer["data"]["datasets"]["totalCount"])


def _federated_ok(answer: dict[str, Any], expected: int) -> bool:
    """A complete answer: HTTP 200, no errors, not partial, and every node OK."""
    if answer["_status"] != 200 or "errors" in answer:
        return False
    connection = answer["data"]["datasets"]
    nodes = connection["nodes"]
    return connection["partial"] is False and len(nodes) == expected and all(n["status"] == "OK" for n in nodes)


async def _healthy(
    client: _Client, rounds: int, warm_up: int, budget_s: float, say: Callable[[str], None]
) -> dict[str, Any]:
    sites = client.sites
    by_key = {s.key: s for s in sites}
    by_id = {s.node_id: s.key for s in sites}
    pids = {s.key: s.process.pid for s in sites if s.process is not None}
    await client.open()
    try:
        matches = {s.key: (await client.direct(s))[1] for s in sites}
        times: dict[str, list[float]] = {kind: [] for kind in KINDS}
        reported: dict[str, list[float]] = {s.key: [] for s in sites}
        cpu: dict[str, dict[str, float]] = {kind: {**dict.fromkeys(pids, 0.0), "client": 0.0} for kind in KINDS}
        errors = 0
        started = None
        done = 0
        for n in range(warm_up + rounds):
            measured = n >= warm_up
            if measured and started is None:
                started = time.monotonic()
                say(f"federation: warmed up with {warm_up} rounds; measuring {rounds}")
            elif measured and started is not None and done >= 10 and time.monotonic() - started > budget_s:
                say(f"federation: stopped after {done} rounds, the budget of {budget_s:.0f} s spent")
                break
            for kind in rotation(n):
                before = {key: _cpu_seconds(pid) for key, pid in pids.items()}
                client_before = time.process_time()
                if kind == "federated":
                    ms, answer = await client.search()
                    if not _federated_ok(answer, len(sites)):
                        errors += measured
                        say(f"federation: an incomplete federated answer: {json.dumps(answer)[:400]}")
                    elif measured:
                        for node in answer["data"]["datasets"]["nodes"]:
                            reported[by_id[node["id"]]].append(float(node["latencyMs"]))
                elif kind == "parallel":
                    ms = await client.parallel()
                elif kind == "local":
                    ms, answer = await client.search("LOCAL")
                    _total(by_key["lu"], answer["_status"], answer)
                else:
                    ms, _ = await client.direct(by_key[kind.removeprefix("direct:")])
                if measured:
                    times[kind].append(ms)
                    spent = cpu[kind]
                    spent["client"] += time.process_time() - client_before
                    for key, pid in pids.items():
                        spent[key] += _cpu_seconds(pid) - before[key]
            done += measured
    finally:
        client.close()
    out = figures(times, reported, cpu)
    out.update(matches=matches, errors=errors, rounds=done, warm_up=warm_up)
    return out


async def _hung(port: int, calls: int, warm_up: int, hung_id: str) -> dict[str, Any]:
    connection = await _Connection.open(port)
    client = _Client([], {}, {"lu": connection})
    times, hung_reported = [], []
    errors = 0
    try:
        for n in range(warm_up + calls):
            ms, answer = await client.search()
            if n < warm_up:
                continue
            times.append(ms)
            statuses = {}
            if answer["_status"] == 200 and answer.get("data"):
                connection_ = answer["data"]["datasets"]
                statuses = {node["id"]: node for node in connection_["nodes"]}
            hung = statuses.get(hung_id)
            healthy = [node for key, node in statuses.items() if key != hung_id]
            if hung is None or hung["status"] != "TIMEOUT" or not all(node["status"] == "OK" for node in healthy):
                errors += 1
            else:
                hung_reported.append(float(hung["latencyMs"]))
    finally:
        client.close()
    return {
        **summary(times),
        "deadline_ms": HUNG_DEADLINE_MS,
        "overall_ms": HUNG_OVERALL_MS,
        "errors": errors,
        "hung_reported_ms": percentile(hung_reported, 50) if hung_reported else None,
    }


def measure(
    work: Path,
    requests: int | None = None,
    *,
    warm_up: int = 10,
    hung_requests: int = 10,
    budget_s: float = 100.0,
    say: Callable[[str], None] = lambda message: None,
) -> dict[str, Any]:
    """Three nodes in ``work`` (made, then removed): the healthy phase, then node A with a hung peer added.

    ``requests`` rounds are measured (default ``BENCH_FEDERATION_REQUESTS`` or 60), each with one request of every
    kind; the rounds stop early, after at least ten, once ``budget_s`` seconds are spent.
    """
    rounds = requests or int(os.environ.get("BENCH_FEDERATION_REQUESTS", 60))
    started = time.perf_counter()
    sites = _sites()
    work.mkdir(parents=True, exist_ok=True)
    for site in sites:
        site.port = _free_port()
        site.data = work / site.key / "data"
        _seeds_part(site, work / site.key / "seeds")
    _keygen(sites)
    keys = {site.key: read_jwk_file(site.data / "keys" / "node.jwk") for site in sites}
    # Deadlines far beyond any answer here: the healthy phase measures answers, never a timeout.
    limits = "[federation]\npeer_timeout_ms = 10000\noverall_timeout_ms = 15000\n\n"
    out: dict[str, Any] = {"search": SEARCH_TEXT, "first": FIRST, "names": {s.key: s.name for s in sites}}
    try:
        with ExitStack() as stack:
            for site in sites:
                peers = work / site.key / "peers.toml"
                peers.write_text(limits + "\n".join(_peer_table(s) for s in sites if s is not site), encoding="utf-8")
                stack.callback(_stop, site)
                _start(site, peers)
            _wait_ready(sites)
            out["ready_s"] = time.perf_counter() - started
            say(f"federation: three nodes seeded and ready in {out['ready_s']:.1f} s")
            out.update(asyncio.run(_healthy(_Client(sites, keys), rounds, warm_up, budget_s, say)))
            say(
                f"federation: federated p50 {out['federated']['p50']:.1f} ms, slowest direct p50 "
                f"{out['slowest']['p50']:.1f} ms, overhead {out['overhead_ms']:+.1f} ms"
            )

            lu = sites[0]
            hanging = stack.enter_context(_hanging())
            hung_id = "https://hung.example/node"
            jwk = json.dumps(KeyPair.generate("EdDSA", kid="hung").public_jwk())
            hung_table = (
                f'[[peer]]\nid = "{hung_id}"\nname = "Hung"\ncountry = "DE"\n'
                f"url = \"http://{HOST}:{hanging.port}/graphql\"\njwk = '{jwk}'\n"
            )
            # The breaker would leave the hung peer alone after three timeouts in a row: every search here must wait.
            hung_limits = (
                f"[federation]\npeer_timeout_ms = {HUNG_DEADLINE_MS}\noverall_timeout_ms = {HUNG_OVERALL_MS}\n"
                f"breaker_failures = {hung_requests + 10}\n\n"
            )
            peers = work / lu.key / "peers-hung.toml"
            tables = [_peer_table(s) for s in sites[1:]] + [hung_table]
            peers.write_text(hung_limits + "\n".join(tables), encoding="utf-8")
            _stop(lu)
            _start(lu, peers)
            _wait_ready([lu])
            out["hung"] = asyncio.run(_hung(lu.port, hung_requests, 2, hung_id))
            say(f"federation: with a hung peer p50 {out['hung']['p50']:.0f} ms, max {out['hung']['max']:.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out["seconds"] = time.perf_counter() - started
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.federation",
        description="Federated search across three local nodes: its overhead over the slowest peer, and a hung "
        "peer's cost. Prints the rows as Markdown, then every figure as one JSON line.",
    )
    parser.add_argument("--requests", type=int, default=None, help="measured rounds (default 60)")
    options = parser.parse_args(argv)
    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="hdsgraph-bench-federation-") as tmp:
        result = {"federation": measure(Path(tmp) / "nodes", options.requests, say=say)}
    print(markdown(result))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
