"""``eligibleDatasets`` over the benchmark's catalogue, in process through the GraphQL schema.

The requester is the catalogue's research institute in Seoul (:data:`bench.generate.REQUESTER`), asking to use data
for health research inside a secure processing environment; each call is one of the benchmark's searches (text, two
filters, facets, first 20 with ten fields each) restricted to the datasets the request may use. The catalogue's
datasets name a few shared policies (``bench.generate.POLICIES``), so eligibility decides a handful of policy groups
and filters the catalogue by their outcome.

    PYTHONPATH=. .venv/bin/python -m bench.eligibility DATA_DIR [CATALOGUE.nq]

measures on the node in ``DATA_DIR``, bulk-loading the catalogue into it first when it holds none (a data directory
under /tmp can then be reused between runs).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.generate import REQUESTER
from bench.machine import percentile
from bench.queries import PAGE, QUERIES, BenchQuery

from hdsgraph.core.config import Settings
from hdsgraph.gql import build_schema
from hdsgraph.node import Node
from hdsgraph.node.policies import ANY_DATASET
from hdsgraph.policy import Request

__all__ = ["ELIGIBLE_GRAPHQL", "REQUEST", "measure"]

REQUEST = {
    "requester": REQUESTER,
    "action": "http://www.w3.org/ns/odrl/2/use",
    "purpose": "https://w3id.org/hdsgraph/ontology#HealthScientificResearch",
    "environment": "https://w3id.org/hdsgraph/ontology#SecureProcessingEnvironment",
}

# The benchmark's GraphQL search (bench.queries.GRAPHQL), over the datasets the request may use.
ELIGIBLE_GRAPHQL = (
    """
query Eligible($request: EligibilityRequest!, $search: String, $filter: DatasetFilter) {
  eligibleDatasets(request: $request, search: $search, filter: $filter, first: 20) {
"""
    + PAGE
    + """  }
}
"""
)


def _eligible_share(node: Node) -> dict[str, int]:
    """How many datasets the request may use, of those a policy governs and of all: eligibility must filter."""
    request = Request(
        requester=REQUEST["requester"],
        action=REQUEST["action"],
        targets=(ANY_DATASET,),
        purpose=REQUEST["purpose"],
        environment=REQUEST["environment"],
    )
    return {
        "eligible": len(node.policies.eligible(request)),
        "governed": len(node.policies.governed()),
        "datasets": len(node.index),
        "policies": len(node.policies.policies),
    }


def measure(node: Node, calls: int, queries: Sequence[BenchQuery] = QUERIES) -> dict[str, Any]:
    """p50 and p99 in ms of ``calls`` eligibleDatasets queries rotating through ``queries``, after a warm-up round.

    The index's cache of repeated results is off for the measurement, so that every call decides and searches.
    """
    share = _eligible_share(node)
    if not 0 < share["eligible"] < share["governed"]:
        raise RuntimeError(f"eligibility does not filter the catalogue: {share}")
    capacity = node.index.results.capacity
    node.index.results.capacity = 0
    schema = build_schema()
    loop = asyncio.new_event_loop()

    def call(query: BenchQuery) -> int:
        variables = {"request": REQUEST, **query.graphql_variables()}
        result = loop.run_until_complete(
            schema.execute(ELIGIBLE_GRAPHQL, variable_values=variables, context_value={"node": node})
        )
        if result.errors:
            raise RuntimeError(f"eligibleDatasets failed for {query.describe()}: {result.errors[0].message}")
        assert result.data is not None
        return int(result.data["eligibleDatasets"]["totalCount"])

    try:
        for query in queries:
            call(query)
        times = []
        for n in range(calls):
            t0 = time.perf_counter()
            call(queries[n % len(queries)])
            times.append((time.perf_counter() - t0) * 1000)
    finally:
        loop.close()
        node.index.results.capacity = capacity
    return {**share, "calls": calls, "p50": percentile(times, 50), "p99": percentile(times, 99)}


def main(data_dir: Path, catalogue: Path | None, calls: int) -> None:
    settings = Settings.from_env({}, data_dir=data_dir, seed_on_first_start=False)
    node = Node(settings)
    try:
        node.prepare()
        if len(node.index) == 0:
            if catalogue is None:
                raise SystemExit(f"{data_dir} holds no catalogue: give the N-Quads file to load into it")
            t0 = time.perf_counter()
            node.bulk_load(catalogue)
            print(f"bulk load {catalogue.name}: {time.perf_counter() - t0:.1f} s, {len(node.index)} datasets")
        t0 = time.perf_counter()
        node.policies.governed()  # the policy tables, built once after a start
        print(f"policy tables: {time.perf_counter() - t0:.2f} s")
        result = measure(node, calls)
        print(
            f"eligibleDatasets over {result['datasets']:,} datasets ({result['eligible']:,} eligible of "
            f"{result['governed']:,} governed): p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms"
        )
        print(json.dumps(result))
    finally:
        node.close()


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: python -m bench.eligibility DATA_DIR [CATALOGUE.nq]")
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) == 3 else None, calls=100)
