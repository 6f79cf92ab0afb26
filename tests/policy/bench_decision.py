"""Time a compiled decision in process: ``.venv/bin/python -m tests.policy.bench_decision``.

A five-constraint Offer (purpose, jurisdiction through adequacy, processing environment, data form, time), alone
and with the node-wide EHDS policy, and one request over 100 datasets each with its own Offer.
``time.perf_counter_ns`` over 20,000 decisions after 2,000 of warm-up; prints p50 and p99 in microseconds.
Not a test: timings belong in a report.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable

import rdflib

from hdsgraph.policy import DictHierarchy, Facts, Outcome, Request, compile_policy, ehds_prohibitions_policy, evaluate

HDS = "https://w3id.org/hdsgraph/ontology#"
ODRL = "http://www.w3.org/ns/odrl/2/"
POLICY = """
@prefix odrl: <http://www.w3.org/ns/odrl/2/> . @prefix hds: <https://w3id.org/hdsgraph/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix ex: <https://example.org/> .
ex:policy a odrl:Offer ; odrl:assigner ex:holder ; odrl:conflict odrl:prohibit ;
  odrl:permission [ odrl:target ex:ds ; odrl:action odrl:use ;
    odrl:constraint
      [ odrl:leftOperand odrl:purpose ; odrl:operator odrl:isAnyOf ; odrl:rightOperand hds:HealthScientificResearch ] ,
      [ odrl:leftOperand odrl:spatial ; odrl:operator odrl:isA ; odrl:rightOperand hds:AdequateJurisdiction ] ,
      [ odrl:leftOperand odrl:system ; odrl:operator odrl:eq ; odrl:rightOperand hds:SecureProcessingEnvironment ] ,
      [ odrl:leftOperand hds:dataForm ; odrl:operator odrl:isAnyOf ; odrl:rightOperand hds:AnonymisedData ,
                                                                                    hds:PseudonymisedData ] ,
      [ odrl:leftOperand odrl:dateTime ; odrl:operator odrl:gteq ; odrl:rightOperand "2029-03-26"^^xsd:date ] ;
    odrl:duty [ odrl:action odrl:attribute ] ] ;
  odrl:prohibition [ odrl:target ex:ds ; odrl:action odrl:distribute ] .
"""


def _time(decide: Callable[[], object], runs: int = 20_000, warm_up: int = 2_000) -> tuple[float, float]:
    for _ in range(warm_up):
        decide()
    samples = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        decide()
        samples.append(time.perf_counter_ns() - start)
    samples.sort()
    return statistics.median(samples) / 1000, samples[int(len(samples) * 0.99)] / 1000


def main() -> None:
    graph = rdflib.Graph().parse(data=POLICY, format="turtle")
    policy = compile_policy(graph, "https://example.org/policy", profiles_known=set())
    hierarchy = DictHierarchy(
        broader={HDS + "AlgorithmTrainingTestingEvaluation": [HDS + "HealthScientificResearch"]},
        types={HDS + "KR": [HDS + "AdequateJurisdiction"]},
    )
    request = Request(
        requester="https://example.org/researcher",
        action=ODRL + "read",
        targets=("https://example.org/ds",),
        purpose=HDS + "AlgorithmTrainingTestingEvaluation",
        environment=HDS + "SecureProcessingEnvironment",
        data_form=HDS + "PseudonymisedData",
        at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
    )
    facts = Facts(jurisdiction=HDS + "KR", organisation_types=frozenset({HDS + "ResearchOrganisation"}))
    ehds = ehds_prohibitions_policy()
    assert evaluate([policy, ehds], request, facts, hierarchy).outcome is Outcome.PERMIT

    alone = _time(lambda: evaluate([policy], request, facts, hierarchy))
    both = _time(lambda: evaluate([policy, ehds], request, facts, hierarchy))
    # One request over 100 datasets, each with its own Offer: the cost per dataset decided.
    offers = []
    for i in range(100):
        text = POLICY.replace("ex:ds ", f"ex:ds{i} ").replace("ex:policy ", f"ex:policy{i} ")
        offers.append(compile_policy(rdflib.Graph().parse(data=text, format="turtle"),
                                     f"https://example.org/policy{i}", profiles_known=set()))  # fmt: skip
    targets = tuple(f"https://example.org/ds{i}" for i in range(100))
    batch_request = Request(
        requester=request.requester,
        action=request.action,
        targets=targets,
        purpose=request.purpose,
        environment=request.environment,
        data_form=request.data_form,
        at=request.at,
    )
    assert evaluate([*offers, ehds], batch_request, facts, hierarchy).outcome is Outcome.PERMIT
    batch = _time(lambda: evaluate([*offers, ehds], batch_request, facts, hierarchy), runs=500, warm_up=50)
    print(f"five constraints, one policy:          p50 {alone[0]:6.1f} µs  p99 {alone[1]:6.1f} µs")
    print(f"five constraints + EHDS node policy:   p50 {both[0]:6.1f} µs  p99 {both[1]:6.1f} µs")
    print(f"one request, 100 datasets + EHDS:      p50 {batch[0]:6.1f} µs  ({batch[0] / 100:5.1f} µs per dataset)")


if __name__ == "__main__":
    main()
