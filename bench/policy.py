"""Policy decisions in process, beside cedarpy on an equivalent policy, and the ontology's classification time.

- hdsgraph: a five-constraint ODRL Offer (purpose ``isA``, requester jurisdiction ``isPartOf``, processing
  environment ``eq``, data form ``isAnyOf``, ``dateTime`` ``lt``) compiled once, decided one request per call, alone
  and with the node-wide EHDS Set as the node decides; then one request over a batch of datasets, each with its own
  Offer (the cost per dataset decided). The hierarchy is the ontology's committed closure, as a node starts with.
- cedarpy (Cedar's Rust engine): the same permit as a Cedar policy, the EHDS prohibitions as ``forbid`` policies,
  and entities whose parents restate the closure (purposes under their ancestors, countries under their unions);
  policies and entities parsed once into handles, as hdsgraph compiles once. One request per ``is_authorized``
  call; a batch of as many requests in one ``is_authorized_batch``, against the one permit (Cedar's best case) and
  against a permit per dataset (the shape of hdsgraph's batch, which Cedar pays for in every request).
- Both engines must agree on a set of permit and deny requests before anything is timed.
- The ontology: HermiT classifying the shipped files (needs Java; skipped with a note without it), and reading the
  committed closure, which is what a node does at start.

    PYTHONPATH=. .venv/bin/python -m bench.policy
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import rdflib
from bench.machine import percentile

from hdsgraph.core.config import project_root
from hdsgraph.ontology import Closure, ShippedOntology, java_available, read_closure
from hdsgraph.policy import (
    CompiledPolicy,
    Facts,
    Outcome,
    Request,
    compile_policy,
    ehds_prohibitions_policy,
    evaluate,
)

__all__ = ["SCENARIOS", "measure", "require_cedarpy"]

HDS = "https://w3id.org/hdsgraph/ontology#"
ODRL = "http://www.w3.org/ns/odrl/2/"
EX = "https://example.org/"
CUTOFF = "2031-01-01"

OFFER = """
@prefix odrl: <http://www.w3.org/ns/odrl/2/> . @prefix hds: <https://w3id.org/hdsgraph/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{policy}> a odrl:Offer ; odrl:assigner <https://example.org/holder> ; odrl:profile hds:odrlProfile ;
  odrl:permission [ odrl:target <{dataset}> ; odrl:action odrl:use ;
    odrl:constraint
      [ odrl:leftOperand odrl:purpose ; odrl:operator odrl:isA ; odrl:rightOperand hds:HealthScientificResearch ] ,
      [ odrl:leftOperand hds:requesterJurisdiction ; odrl:operator odrl:isPartOf ; odrl:rightOperand hds:EEA ] ,
      [ odrl:leftOperand hds:processingEnvironment ; odrl:operator odrl:eq ;
        odrl:rightOperand hds:SecureProcessingEnvironment ] ,
      [ odrl:leftOperand hds:dataForm ; odrl:operator odrl:isAnyOf ;
        odrl:rightOperand hds:AnonymisedData , hds:PseudonymisedData ] ,
      [ odrl:leftOperand odrl:dateTime ; odrl:operator odrl:lt ; odrl:rightOperand "{cutoff}"^^xsd:date ] ] .
"""

# Cedar's `in` is reflexive and follows entity parents transitively: what isA and isPartOf ask of the closure. A
# requester whose jurisdiction the graph does not establish has no such attribute, which Cedar asks with `has`.
CEDAR_PERMIT = """
permit (principal, action in Action::"{use}", resource == Dataset::"{dataset}") when {{
  principal has jurisdiction && principal.jurisdiction in Jurisdiction::"{hds}EEA" &&
  context.purpose in Purpose::"{hds}HealthScientificResearch" &&
  context.environment == Environment::"{hds}SecureProcessingEnvironment" &&
  [DataForm::"{hds}AnonymisedData", DataForm::"{hds}PseudonymisedData"].contains(context.dataForm) &&
  context.time < datetime("{cutoff}")
}};
"""
# The node-wide EHDS Set (Art. 54 prohibited purposes; Art. 53(2) purposes for public-sector bodies only).
CEDAR_EHDS = """
forbid (principal, action in Action::"{use}", resource) when {{
  context.purpose in Purpose::"{hds}ProhibitedSecondaryUse"
}};
forbid (principal, action in Action::"{use}", resource) when {{
  context.purpose in Purpose::"{hds}PublicSectorOnlyPurpose" &&
  !(principal in OrganisationType::"{hds}PublicSectorBody")
}};
"""


@dataclass(frozen=True)
class Scenario:
    """One request, as both engines receive it, and the outcome both must reach."""

    name: str
    permit: bool
    jurisdiction: str | None = HDS + "LU"
    purpose: str = HDS + "AlgorithmTrainingTestingEvaluation"
    environment: str = HDS + "SecureProcessingEnvironment"
    data_form: str = HDS + "PseudonymisedData"
    at: dt.datetime = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    organisation_types: frozenset[str] = field(default_factory=lambda: frozenset({HDS + "ResearchOrganisation"}))

    @property
    def requester(self) -> str:
        # One requester per scenario: its jurisdiction and types are facts the graph holds about it.
        return EX + "requester/" + self.name.replace(" ", "-")


# The first is the one timed; the others make sure the engines decide the same where it matters.
SCENARIOS = (
    Scenario("permitted", True),
    Scenario("eea outside the eu", True, jurisdiction=HDS + "NO", data_form=HDS + "AnonymisedData"),
    Scenario("adequate but outside the eea", False, jurisdiction=HDS + "KR"),
    Scenario("no known jurisdiction", False, jurisdiction=None),
    Scenario("broader purpose", False, purpose="https://w3id.org/dpv#ScientificResearch"),
    Scenario("care delivery", False, purpose=HDS + "ImprovingCareDelivery"),
    Scenario("prohibited purpose", False, purpose=HDS + "AdvertisingOrMarketing"),
    Scenario("public-sector purpose", False, purpose=HDS + "OfficialStatistics"),
    Scenario("own premises", False, environment=EX + "own-premises"),
    Scenario("statistics", False, data_form=HDS + "AnonymisedStatisticalData"),
    Scenario("on the cutoff", False, at=dt.datetime(2031, 1, 1, tzinfo=dt.UTC)),
    Scenario("after the cutoff", False, at=dt.datetime(2032, 6, 1, tzinfo=dt.UTC)),
)


def require_cedarpy() -> Any:
    """cedarpy, or a message saying how to install it: the comparison is part of the benchmark's targets."""
    try:
        import cedarpy
    except ImportError as missing:
        raise SystemExit(
            "the policy benchmark compares with cedarpy, which is not installed: "
            "pip install -e '.[bench]' (make bench does this)"
        ) from missing
    return cedarpy


def _dataset(i: int | None) -> str:
    return EX + ("ds" if i is None else f"ds{i}")


def _offer(i: int | None) -> CompiledPolicy:
    policy = EX + ("policy" if i is None else f"policy{i}")
    text = OFFER.format(policy=policy, dataset=_dataset(i), cutoff=CUTOFF)
    return compile_policy(rdflib.Graph().parse(data=text, format="turtle"), policy, profiles_known=set())


def _odrl(s: Scenario, targets: tuple[str, ...]) -> tuple[Request, Facts]:
    request = Request(
        requester=s.requester,
        action=ODRL + "read",
        targets=targets,
        purpose=s.purpose,
        environment=s.environment,
        data_form=s.data_form,
        at=s.at,
    )
    return request, Facts(jurisdiction=s.jurisdiction, organisation_types=s.organisation_types)


def _uid(kind: str, iri: str) -> dict[str, str]:
    return {"type": kind, "id": iri}


def _cedar_request(s: Scenario, dataset: str) -> dict[str, Any]:
    return {
        "principal": _uid("Requester", s.requester),
        "action": _uid("Action", ODRL + "read"),
        "resource": _uid("Dataset", dataset),
        "context": {
            "purpose": {"__entity": _uid("Purpose", s.purpose)},
            "environment": {"__entity": _uid("Environment", s.environment)},
            "dataForm": {"__entity": _uid("DataForm", s.data_form)},
            "time": {"__extn": {"fn": "datetime", "arg": s.at.strftime("%Y-%m-%dT%H:%M:%SZ")}},
        },
    }


def _entity(kind: str, iri: str, parents: Iterable[tuple[str, str]], **attrs: Any) -> dict[str, Any]:
    return {"uid": _uid(kind, iri), "attrs": attrs, "parents": [_uid(k, p) for k, p in sorted(parents)]}


def cedar_entities(closure: Closure, scenarios: Iterable[Scenario]) -> list[dict[str, Any]]:
    """The closure restated as Cedar entities: every class under its ancestors (as purposes and as organisation
    types), every term under its containers (as jurisdictions), and one requester per scenario."""
    entities = [_entity("Action", ODRL + "read", [("Action", ODRL + "use")])]
    for iri, ancestors in closure.ancestors_of.items():
        # Cedar refuses cycles, which equivalent classes make (dpv:Marketing, hds:AdvertisingOrMarketing): each
        # keeps the other's ancestors, listed here since the closure is transitive, but not the other itself.
        up = {a for a in ancestors if iri not in closure.ancestors(a)}
        entities.append(_entity("Purpose", iri, (("Purpose", a) for a in up)))
        entities.append(_entity("OrganisationType", iri, (("OrganisationType", a) for a in up)))
    for iri, containers in closure.containers_of.items():
        entities.append(_entity("Jurisdiction", iri, (("Jurisdiction", c) for c in containers - {iri})))
    for s in scenarios:
        attrs = {} if s.jurisdiction is None else {"jurisdiction": {"__entity": _uid("Jurisdiction", s.jurisdiction)}}
        types = (("OrganisationType", t) for t in s.organisation_types)
        entities.append(_entity("Requester", s.requester, types, **attrs))
    return entities


def _cedar_policies(datasets: Iterable[str], ehds: bool) -> str:
    permits = [CEDAR_PERMIT.format(use=ODRL + "use", dataset=d, hds=HDS, cutoff=CUTOFF) for d in datasets]
    return "".join(permits) + (CEDAR_EHDS.format(use=ODRL + "use", hds=HDS) if ehds else "")


def _timed(call: Callable[[], object], runs: int, warm_up: int) -> list[float]:
    """Microseconds per call, after ``warm_up`` calls. The collector runs as it would in a node: p99 sees it."""
    for _ in range(warm_up):
        call()
    samples = []
    clock = time.perf_counter_ns
    for _ in range(runs):
        start = clock()
        call()
        samples.append((clock() - start) / 1000)
    return samples


def _summary(samples: list[float], per: int = 1) -> dict[str, float]:
    return {"calls": len(samples), "p50": percentile(samples, 50) / per, "p99": percentile(samples, 99) / per}


def _check_agreement(cedarpy: Any, closure: Closure, entities: Any) -> int:
    """Both engines, with and without the EHDS prohibitions, on every scenario; stops the run on any difference."""
    offer, ehds = _offer(None), ehds_prohibitions_policy()
    checked = 0
    for with_ehds in (False, True):
        policies = cedarpy.PolicySet.from_str(_cedar_policies([_dataset(None)], with_ehds))
        for s in SCENARIOS:
            request, facts = _odrl(s, (_dataset(None),))
            odrl = evaluate([offer, ehds] if with_ehds else [offer], request, facts, closure).outcome is Outcome.PERMIT
            answer = cedarpy.is_authorized(_cedar_request(s, _dataset(None)), policies, entities)
            if answer.diagnostics.errors:
                raise RuntimeError(f"cedarpy failed on {s.name!r}: {answer.diagnostics.errors}")
            cedar = answer.allowed
            if not odrl == cedar == s.permit:
                raise RuntimeError(
                    f"the engines disagree on {s.name!r} (EHDS policy {'on' if with_ehds else 'off'}): "
                    f"hdsgraph {'permits' if odrl else 'denies'}, cedarpy {'permits' if cedar else 'denies'}, "
                    f"expected {'permit' if s.permit else 'deny'}"
                )
            checked += 1
    return checked


def measure_decisions(decisions: int, batch: int, closure: Closure) -> dict[str, Any]:
    cedarpy = require_cedarpy()
    entities = cedarpy.Entities.from_json_str(json.dumps(cedar_entities(closure, SCENARIOS)))
    agreed = _check_agreement(cedarpy, closure, entities)
    warm_up = max(1000, decisions // 10)
    s = SCENARIOS[0]

    offer, ehds = _offer(None), ehds_prohibitions_policy()
    request, facts = _odrl(s, (_dataset(None),))
    offers = [_offer(i) for i in range(batch)]
    batch_request, _ = _odrl(s, tuple(_dataset(i) for i in range(batch)))
    assert evaluate([*offers, ehds], batch_request, facts, closure).outcome is Outcome.PERMIT

    alone_set = cedarpy.PolicySet.from_str(_cedar_policies([_dataset(None)], ehds=False))
    node_set = cedarpy.PolicySet.from_str(_cedar_policies([_dataset(None)], ehds=True))
    one = _cedar_request(s, _dataset(None))
    # Cedar tests every policy of the set for every request, so a permit per dataset costs it the square of the
    # batch; its own best case, one policy for the whole batch, is the one the target compares with.
    same = [one] * batch
    per_dataset_set = cedarpy.PolicySet.from_str(_cedar_policies((_dataset(i) for i in range(batch)), ehds=True))
    many = [_cedar_request(s, _dataset(i)) for i in range(batch)]
    for requests, policies in ((same, node_set), (many, per_dataset_set)):
        if not all(a.allowed for a in cedarpy.is_authorized_batch(requests, policies, entities)):
            raise RuntimeError("cedarpy does not permit every request of the batch")

    batches, batch_warm_up = max(1, decisions // batch), max(5, warm_up // batch)
    # Collected once before timing, so that garbage from setting up is not charged to the first engine timed.
    gc.collect()
    hds = {
        "alone": _summary(_timed(lambda: evaluate([offer], request, facts, closure), decisions, warm_up)),
        "node": _summary(_timed(lambda: evaluate([offer, ehds], request, facts, closure), decisions, warm_up)),
        "batch": _summary(
            _timed(lambda: evaluate([*offers, ehds], batch_request, facts, closure), batches, batch_warm_up), batch
        ),
    }
    gc.collect()
    cedar = {
        "alone": _summary(_timed(lambda: cedarpy.is_authorized(one, alone_set, entities), decisions, warm_up)),
        "node": _summary(_timed(lambda: cedarpy.is_authorized(one, node_set, entities), decisions, warm_up)),
        "batch": _summary(
            _timed(lambda: cedarpy.is_authorized_batch(same, node_set, entities), batches, batch_warm_up), batch
        ),
        "batch_per_dataset": _summary(
            _timed(lambda: cedarpy.is_authorized_batch(many, per_dataset_set, entities), batches, batch_warm_up),
            batch,
        ),
    }
    return {
        "decisions": decisions,
        "batch": batch,
        "agreed": agreed,
        "entities": len(entities),
        "cedarpy_version": metadata.version("cedarpy"),
        "hdsgraph": hds,
        "cedarpy": cedar,
    }


def measure_ontology(loads: int = 5) -> dict[str, Any]:
    shipped = ShippedOntology(project_root() / "ontologies")
    times = []
    for _ in range(loads):
        t0 = time.perf_counter()
        closure = read_closure(shipped.closure_file)
        times.append((time.perf_counter() - t0) * 1000)
    out: dict[str, Any] = {
        "closure_load_ms": percentile(times, 50),
        "classes": len(closure.ancestors_of),
        "individuals": len(closure.types_of),
    }
    if not java_available():
        out["classify_s"] = None
        out["note"] = "not measured: no Java runtime for HermiT on this machine"
        return out
    t0 = time.perf_counter()
    classified = shipped.classify()
    out["classify_s"] = time.perf_counter() - t0
    out["reasoner"] = classified.reasoner
    out["matches_committed"] = classified == closure
    return out


def measure(decisions: int | None = None, batch: int | None = None) -> dict[str, Any]:
    """``{"policy": …, "ontology": …}``: decision latencies in µs for both engines, then the ontology's times."""
    decisions = decisions or int(os.environ.get("BENCH_POLICY_DECISIONS", 20_000))
    batch = batch or int(os.environ.get("BENCH_POLICY_BATCH", 100))
    closure = ShippedOntology(project_root() / "ontologies").committed()
    if closure is None:
        raise SystemExit("no committed closure in ontologies/closure: run `hdsgraph reason --write`")
    return {"policy": measure_decisions(decisions, batch, closure), "ontology": measure_ontology()}


def main() -> None:
    results = measure()
    p, o = results["policy"], results["ontology"]
    print(
        f"{p['agreed']} requests decided alike by both engines; {p['decisions']:,} decisions each, batch {p['batch']}"
    )
    for key, what in (("alone", "the Offer alone"), ("node", "with the EHDS Set"), ("batch", "batch, per decision")):
        h, c = p["hdsgraph"][key], p["cedarpy"][key]
        print(
            f"{what:22} hdsgraph p50 {h['p50']:7.1f} µs p99 {h['p99']:7.1f} µs | cedarpy {p['cedarpy_version']} "
            f"p50 {c['p50']:7.1f} µs p99 {c['p99']:7.1f} µs | cedarpy/hdsgraph {c['p50'] / h['p50']:.2f}x"
        )
    c = p["cedarpy"]["batch_per_dataset"]
    print(f"{'':22} cedarpy with a permit per dataset: p50 {c['p50']:7.1f} µs p99 {c['p99']:7.1f} µs per decision")
    classify = "skipped" if o["classify_s"] is None else f"{o['classify_s']:.2f} s"
    print(f"ontology: classification {classify}; committed closure read in {o['closure_load_ms']:.1f} ms")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
