"""``make bench``: load a synthetic catalogue, measure the targets of the design in one run, write results.md.

Phases, each bounded in count and time: bulk load (with the index) into a fresh data directory, and again at the
size DESIGN §7 states for that target; restart on the
loaded data; searches in process through the catalogue service and through GraphQL; SPARQL over the node's own
store; eligibleDatasets in process; the served node under load over loopback; then a 10,000-dataset subset where
rdflib can take part; publishing; policy decisions beside cedarpy and the ontology's classification; federated
search across three served nodes.
Settings come from the environment (see bench/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.eligibility import measure as eligible_measure
from bench.federation import measure as federation_measure
from bench.generate import CACHE_DIR, cached_catalogue, catalogue_quads
from bench.http_load import HttpRun, load, serve
from bench.machine import machine, percentile, rss_mb
from bench.peers import PeerRun, load_rdflib, oxigraph_peer, rdflib_peer, run_peer
from bench.policy import require_cedarpy
from bench.queries import DISTINCT, GRAPHQL, QUERIES, BenchQuery
from bench.report import render

from hdsgraph.core.config import Settings
from hdsgraph.gql import build_schema
from hdsgraph.index.search_index import BulkWrite
from hdsgraph.node import Node

__all__ = ["main"]

HERE = Path(__file__).resolve().parent
# DESIGN §7 states the bulk-load target for 100,000 datasets of "~2.5M triples"; the benchmark's datasets are richer
# (each graph holds its distributions and agents, as a published document must). The load is measured at both sizes.
DESIGN_QUADS = 2_500_000


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _settings(data_dir: Path) -> Settings:
    # An empty environment: the benchmark does not depend on the caller's HDSGRAPH_* variables.
    return Settings.from_env({}, data_dir=data_dir, seed_on_first_start=False)


def design_datasets(size: int, file_quads: int) -> int | None:
    """How many of the catalogue's first datasets hold about ``DESIGN_QUADS`` quads (in thousands); ``None`` when the
    catalogue is no bigger than that."""
    count = round(DESIGN_QUADS * size / max(1, file_quads), -3)
    return int(count) if 0 < count < size else None


def _timed_calls(call: Callable[[BenchQuery], Any], queries: Sequence[BenchQuery], calls: int) -> list[float]:
    """Milliseconds per call, rotating through ``queries``, after one warm-up round."""
    for query in queries:
        call(query)
    times = []
    for n in range(calls):
        query = queries[n % len(queries)]
        t0 = time.perf_counter()
        call(query)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _summary(times: list[float]) -> dict[str, float]:
    return {"calls": len(times), "p50": percentile(times, 50), "p99": percentile(times, 99)}


class _StepTimer:
    """Times calls of a bound method by wrapping it on the instance; the method itself is unchanged."""

    def __init__(self, owner: object, name: str) -> None:
        self.seconds = 0.0
        method = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t0

        setattr(owner, name, timed)


def _cpu_seconds() -> float:
    """User and system time of this process, all its threads: what a comparison on a shared machine can trust."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def bulk_load(data_dir: Path, path: Path) -> dict[str, Any]:
    node = Node(_settings(data_dir))
    t0 = time.perf_counter()
    node.prepare()
    prepared = time.perf_counter() - t0
    # The store's loader and the derivation of index entries (written into the index's transaction as they come) run
    # side by side; the index write is what follows both: the commit, the engine and its snapshot.
    store_step = _StepTimer(node.store, "bulk_load")
    derived = _Moment(BulkWrite, "prepare")
    cpu0, t0 = _cpu_seconds(), time.perf_counter()
    try:
        quads, datasets = node.bulk_load(path)
    finally:
        derived.restore()
    seconds = time.perf_counter() - t0
    cpu = _cpu_seconds() - cpu0
    entries = (derived.at or t0) - t0
    # Closing waits for the store's background compaction of what the load wrote: part of the load's cost.
    cpu0, t0 = _cpu_seconds(), time.perf_counter()
    node.close()
    closed = time.perf_counter() - t0
    close_cpu = _cpu_seconds() - cpu0
    return {
        "seconds": seconds,
        "quads": quads,
        "datasets": datasets,
        "prepare_s": prepared,
        "store_s": store_step.seconds,
        "entries_s": entries,
        "index_write_s": seconds - max(store_step.seconds, entries),
        "close_s": closed,
        "cpu_s": cpu,
        "close_cpu_s": close_cpu,
    }


class _Moment:
    """Notes when a method of a class is first called (on any instance), until ``restore``."""

    def __init__(self, owner: type, name: str) -> None:
        self.at: float | None = None
        self._owner, self._name = owner, name
        self._method = getattr(owner, name)
        method = self._method

        def noted(this: Any, *args: Any, **kwargs: Any) -> Any:
            if self.at is None:
                self.at = time.perf_counter()
            return method(this, *args, **kwargs)

        setattr(owner, name, noted)

    def restore(self) -> None:
        setattr(self._owner, self._name, self._method)


def bulk_load_apart(data_dir: Path, path: Path) -> dict[str, Any]:
    """``bulk_load`` in a process of its own, so that its peak memory is its own and the next node starts clean."""
    command = [sys.executable, "-m", "bench.run", "--bulk-load", str(data_dir), str(path)]
    done = subprocess.run(command, cwd=HERE.parent, stdout=subprocess.PIPE, check=True)
    result: dict[str, Any] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return result


def publish_apart() -> dict[str, Any]:
    """``bench.publish`` in a process of its own, as a served node publishes: each publish makes thousands of objects,
    and in this process every collection they start would walk the heap the earlier phases left behind (36 ms a
    dataset here against 31 ms apart)."""
    done = subprocess.run([sys.executable, "-m", "bench.publish"], cwd=HERE.parent, stdout=subprocess.PIPE, check=True)
    result: dict[str, Any] = json.loads(done.stdout.decode())
    return result


def policy_apart() -> dict[str, Any]:
    """``bench.policy`` in a process of its own: decisions timed in microseconds should not pay for collecting the
    heap that the earlier phases left behind."""
    done = subprocess.run([sys.executable, "-m", "bench.policy"], cwd=HERE.parent, stdout=subprocess.PIPE, check=True)
    result: dict[str, Any] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return result


def restart(data_dir: Path, first: BenchQuery) -> tuple[Node, dict[str, float]]:
    t0 = time.perf_counter()
    node = Node(_settings(data_dir))
    opened = time.perf_counter()
    node.prepare()
    prepared = time.perf_counter()
    node.catalogue.search(first.search_query())
    done = time.perf_counter()
    return node, {
        "seconds": done - t0,
        "open_s": opened - t0,
        "prepare_s": prepared - opened,
        "first_search_s": done - prepared,
    }


def index_search(node: Node) -> Callable[[BenchQuery], int]:
    def call(query: BenchQuery) -> int:
        return node.catalogue.search(query.search_query()).result.total_count

    return call


def graphql_search(node: Node) -> tuple[Callable[[BenchQuery], int], Callable[[], None]]:
    schema = build_schema()
    loop = asyncio.new_event_loop()

    def call(query: BenchQuery) -> int:
        result = loop.run_until_complete(
            schema.execute(GRAPHQL, variable_values=query.graphql_variables(), context_value={"node": node})
        )
        if result.errors:
            raise RuntimeError(f"GraphQL error for {query.describe()}: {result.errors[0].message}")
        assert result.data is not None
        return int(result.data["datasets"]["totalCount"])

    return call, loop.close


def _http(run: HttpRun) -> dict[str, Any]:
    return {
        **_summary(run.latencies_ms),
        "per_second": run.per_second,
        "errors": run.errors,
        "rss_mb": run.rss_mb,
        "peak_rss_mb": run.peak_rss_mb,
        "requests": run.requests,
        "cache_hits": run.cache_hits,
    }


def _same_queries(call: Callable[[BenchQuery], int], queries: Sequence[BenchQuery], repeat: int) -> dict[str, Any]:
    """hdsgraph on exactly the queries a peer ran, each ``repeat`` times: p50 and totals to compare."""
    times = _timed_calls(call, queries, len(queries) * repeat)
    return {**_summary(times), "totals": [call(q) for q in queries]}


def _peer(run: PeerRun, against: dict[str, Any]) -> dict[str, Any]:
    p50 = statistics.median(run.times_ms)
    agree = sum(1 for a, b in zip(run.totals, against["totals"], strict=False) if a == b)
    return {"calls": len(run.times_ms), "p50": p50, "p99": max(run.times_ms), "agree": agree, "totals": run.totals}


def main() -> None:
    started = time.perf_counter()
    size = _env_int("BENCH_DATASETS", 100_000)
    subset = min(size, _env_int("BENCH_SUBSET", 10_000))
    searches = _env_int("BENCH_SEARCHES", 1000)
    graphql_calls = _env_int("BENCH_GRAPHQL_CALLS", 500)
    eligible_calls = _env_int("BENCH_ELIGIBLE_CALLS", 200)
    http_requests = _env_int("BENCH_HTTP_REQUESTS", 2000)
    concurrency = _env_int("BENCH_CONCURRENCY", 12)
    peer_queries = QUERIES[: _env_int("BENCH_PEER_QUERIES", 10)]
    peer_budget = float(os.environ.get("BENCH_PEER_SECONDS", 90))
    results_path = Path(os.environ.get("BENCH_RESULTS", HERE / "results.md"))
    out: dict[str, Any] = {
        "size": size,
        "subset": subset,
        "machine": machine(),
        "concurrency": concurrency,
        "peer_budget_s": peer_budget,
    }

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", flush=True)

    # The policy phase runs last but needs cedarpy: better to stop now than after a quarter of an hour.
    require_cedarpy()

    t0 = time.perf_counter()
    catalogue = cached_catalogue(size)
    small = cached_catalogue(subset)
    out["file_quads"] = catalogue_quads(catalogue)
    design_size = design_datasets(size, out["file_quads"])
    design = cached_catalogue(design_size) if design_size else None
    say(f"catalogues ready: {catalogue.name}, {small.name} ({time.perf_counter() - t0:.1f} s)")

    work = Path(tempfile.mkdtemp(prefix="hdsgraph-bench-"))
    try:
        data = work / "data"
        out["load"] = bulk_load_apart(data, catalogue)
        say(f"bulk load: {out['load']['seconds']:.1f} s, {out['load']['quads']} quads")
        if design is not None:
            out["design_load"] = bulk_load_apart(work / "design", design) | {
                "file_datasets": design_size,
                "file_quads": catalogue_quads(design),
            }
            shutil.rmtree(work / "design")
            say(f"bulk load of {design_size} datasets: {out['design_load']['seconds']:.1f} s")

        node, out["restart"] = restart(data, QUERIES[0])
        say(f"restart + first search: {out['restart']['seconds']:.2f} s")
        try:
            # In process, the engine is measured itself: its cache of repeated results is off.
            node.index.results.capacity = 0
            search = index_search(node)
            out["search"] = _summary(_timed_calls(search, QUERIES, searches))
            say(f"search in process: p50 {out['search']['p50']:.2f} ms, p99 {out['search']['p99']:.2f} ms")
            graphql, close_loop = graphql_search(node)
            try:
                out["graphql"] = _summary(_timed_calls(graphql, QUERIES, graphql_calls))
            finally:
                close_loop()
            say(f"GraphQL in process: p50 {out['graphql']['p50']:.2f} ms, p99 {out['graphql']['p99']:.2f} ms")
            out["index_same"] = _same_queries(search, peer_queries, 20)
            # This process has held nothing but this node so far: its memory is the node's, searching at full size.
            out["inprocess_rss_mb"], _ = rss_mb(os.getpid())
            out["inprocess_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            # The node's own store, queried the obvious way through its private handle: the service has no SPARQL API.
            oxi = run_peer(oxigraph_peer(node.store._store), peer_queries, peer_budget)
            out["oxigraph"] = _peer(oxi, out["index_same"])
            say(f"pyoxigraph SPARQL at {size}: p50 {out['oxigraph']['p50']:.0f} ms over {len(oxi.times_ms)} searches")
            # eligibleDatasets on this node holding the full catalogue: its policies are read at the first call (in
            # the warm-up round), then each call decides the policy groups and searches the permitted datasets.
            out["eligible"] = eligible_measure(node, eligible_calls)
            say(
                f"eligibleDatasets at {size}: p50 {out['eligible']['p50']:.1f} ms, p99 {out['eligible']['p99']:.1f} "
                f"ms ({out['eligible']['eligible']} of {out['eligible']['governed']} governed datasets eligible)"
            )
        finally:
            node.close()

        # Each request a search the server has not answered before, its response cache off: the cost of computing.
        with serve(data, work / "server-cold.log", env={"HDSGRAPH_RESPONSE_CACHE_MB": "0"}) as (process, url):
            run = load(process, url, DISTINCT, len(DISTINCT), concurrency, warm_up=QUERIES)
        out["http_cold"] = _http(run)
        say(f"HTTP, new searches: {run.per_second:.0f} requests/s, {run.errors} errors")
        # The 50 searches repeated, as a portal's users repeat them, with the node's default settings.
        with serve(data, work / "server.log") as (process, url):
            run = load(process, url, QUERIES, http_requests, concurrency)
        out["http"] = _http(run)
        say(f"HTTP: {run.per_second:.0f} requests/s, RSS {run.rss_mb:.0f} MB, {run.errors} errors")
        shutil.rmtree(data)

        small_data = work / "small"
        out["small_load"] = bulk_load_apart(small_data, small)
        node, _ = restart(small_data, QUERIES[0])
        try:
            node.index.results.capacity = 0
            search = index_search(node)
            out["small_search"] = _summary(_timed_calls(search, QUERIES, searches))
            out["small_same"] = _same_queries(search, peer_queries, 20)
            oxi = run_peer(oxigraph_peer(node.store._store), peer_queries, peer_budget)
            out["small_oxigraph"] = _peer(oxi, out["small_same"])
        finally:
            node.close()
        say(f"{subset} datasets: search p50 {out['small_search']['p50']:.2f} ms")

        before, _ = rss_mb(os.getpid())
        dataset, seconds = load_rdflib(small)
        after, _ = rss_mb(os.getpid())
        out["rdflib_load"] = {"seconds": seconds, "rss_growth_mb": after - before}
        say(f"rdflib loaded {subset} datasets in {seconds:.1f} s")
        rdflib_run = run_peer(rdflib_peer(dataset), peer_queries, peer_budget)
        out["rdflib"] = _peer(rdflib_run, out["small_same"])
        say(f"rdflib SPARQL at {subset}: p50 {out['rdflib']['p50']:.0f} ms over {out['rdflib']['calls']} searches")
        del dataset

        # Publishing on a seeded node of its own: one dataset, one self-description, and the whole-graph peer.
        out["publish"] = publish_apart()
        say(
            f"publish: dataset p50 {out['publish']['dataset']['p50']:.1f} ms, self-description p50 "
            f"{out['publish']['self_description']['p50']:.1f} ms, pyshacl over the whole graph "
            f"{out['publish']['peer']['p50']:.0f} ms"
        )

        # Policy decisions beside cedarpy and the ontology's classification: no node, a minute at most (the counts
        # are BENCH_POLICY_DECISIONS and BENCH_POLICY_BATCH).
        measured = policy_apart()
        out["policy"], out["ontology"] = measured["policy"], measured["ontology"]
        hds, cedar = out["policy"]["hdsgraph"], out["policy"]["cedarpy"]
        say(
            f"policy decision: hdsgraph p50 {hds['node']['p50']:.1f} µs, cedarpy {cedar['node']['p50']:.1f} µs; "
            f"batch per decision {hds['batch']['p50']:.1f} µs, cedarpy {cedar['batch']['p50']:.1f} µs"
        )

        # Federated search across three served nodes on loopback, then one of them with a hung peer: about a minute
        # (BENCH_FEDERATION_REQUESTS rounds).
        out["federation"] = federation_measure(work / "federation", say=say)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    out["peer_queries"] = [q.describe() for q in peer_queries[: max(out["rdflib"]["calls"], out["oxigraph"]["calls"])]]
    out["runtime_s"] = time.perf_counter() - started
    results_path.write_text(render(out), encoding="utf-8")
    # Every figure of the run, for a closer look than the report gives.
    (CACHE_DIR / "last-run.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    say(f"wrote {results_path}")


def arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Measure the targets of the design in one run and write results.md (settings: bench/README.md).",
        epilog="Without options: the whole benchmark (BENCH_DATASETS=100000 takes about 15 minutes on two cores).",
    )
    parser.add_argument(
        "--bulk-load",
        nargs=2,
        metavar=("DATA_DIR", "FILE"),
        type=Path,
        help="only bulk-load FILE (N-Quads) into a fresh node in DATA_DIR and print the timings as one JSON line: "
        "wall seconds, CPU-seconds of the process (cpu_s, close_cpu_s), peak RSS",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    options = arguments()
    if options.bulk_load:
        loaded = bulk_load(*options.bulk_load)
        loaded["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(loaded))
    else:
        main()
