"""How long ``eligibleDatasets`` takes over a bench catalogue: ``python -m tests.gql.bench_eligibility FILE.nq``.

Measured three ways: with the catalogue's own policies (the bench catalogues have none: nothing is eligible), with
synthetic policies shared by groups of datasets, and with a distinct synthetic policy per dataset.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import rdflib

from hdsgraph.gql import build_schema
from hdsgraph.node import Node
from hdsgraph.node.policies import _GraphPolicies, compile_policies
from tests.conftest import make_settings

QUERY = """query($r: EligibilityRequest!) { eligibleDatasets(request: $r, search: "cancer", first: 20) {
  totalCount edges { node { id } } facets { field values { value count } } } }"""
REQUEST = {
    "requester": "https://seed.hdsgraph.org/participant/ncck",
    "action": "http://www.w3.org/ns/odrl/2/use",
    "purpose": "https://w3id.org/hdsgraph/ontology#HealthScientificResearch",
    "environment": "https://w3id.org/hdsgraph/ontology#SecureProcessingEnvironment",
}
POLICY = """@prefix odrl: <http://www.w3.org/ns/odrl/2/> . @prefix hds: <https://w3id.org/hdsgraph/ontology#> .
<{iri}> a odrl:Offer ; odrl:assigner <https://example.org/holder> ; odrl:profile hds:odrlProfile ;
  odrl:target {targets} ; odrl:conflict odrl:prohibit ;
  odrl:permission [ odrl:action odrl:use ;
    odrl:constraint [ odrl:leftOperand odrl:purpose ; odrl:operator odrl:isA ; odrl:rightOperand hds:{purpose} ] ,
      [ odrl:leftOperand hds:requesterJurisdiction ; odrl:operator odrl:isA ;
        odrl:rightOperand hds:AdequateJurisdiction ] ,
      [ odrl:leftOperand hds:processingEnvironment ; odrl:operator odrl:eq ;
        odrl:rightOperand hds:SecureProcessingEnvironment ] ] ;
  odrl:prohibition [ odrl:action odrl:distribute ] .
"""


def timed(schema: Any, node: Node, runs: int = 15) -> tuple[float, int]:
    times, total = [], 0
    for _ in range(runs):
        node.index.results.clear()
        start = time.perf_counter()
        result = asyncio.run(schema.execute(QUERY, variable_values={"r": REQUEST}, context_value={"node": node}))
        times.append((time.perf_counter() - start) * 1000)
        assert result.errors is None, result.errors
        total = result.data["eligibleDatasets"]["totalCount"]
    return statistics.median(times), total


def synthetic(node: Node, datasets: list[str], groups: int) -> None:
    """Policies in the service's tables (not the store): ``groups`` policies, each governing its share of datasets."""
    texts = []
    for g in range(groups):
        share = datasets[g::groups]
        iri = f"https://example.org/policy/{g}"
        purpose = "HealthScientificResearch" if g % 2 == 0 else "EducationInHealthOrCare"
        texts.append(POLICY.format(iri=iri, targets=", ".join(f"<{d}>" for d in share), purpose=purpose))
    graph = rdflib.Graph().parse(data="\n".join(texts), format="turtle")
    service = node.policies
    service._graphs = {"urn:bench": _GraphPolicies(compile_policies(graph), frozenset())}
    service._tables = None


def main(path: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        node = Node.in_memory(make_settings(Path(tmp)))
        node.prepare()  # the seeds: the requester and its self-description
        start = time.perf_counter()
        node.bulk_load(path)
        print(f"bulk load {path.name}: {time.perf_counter() - start:.1f} s, {len(node.index)} datasets")
        schema = build_schema()
        median, total = timed(schema, node)
        print(f"catalogue's own policies: {median:.1f} ms, {total} eligible")
        datasets, _ = node.index.page(0, 10**7)
        for groups in (100, len(datasets)):
            start = time.perf_counter()
            synthetic(node, datasets, groups)
            node.policies.governed()  # tables and groups built before the timing
            built = time.perf_counter() - start
            median, total = timed(schema, node, runs=5 if groups > 1000 else 15)
            print(f"{groups} synthetic policies (set up {built:.1f} s): {median:.1f} ms median, {total} eligible")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
