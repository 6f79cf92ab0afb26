"""The nine evaluation cases of the W3C ODRL formal-semantics draft (A11, A12, B11, B12, C11, C12, C21, C22, C23).

Each case is a policy, an evaluation request, perhaps a state of the world, and a compliance report; the rule's
control state (Permit / Deny), the constraints' satisfaction and the duties' states must match ours.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import rdflib

from hdsgraph.core.formats import RdfFormat
from hdsgraph.policy import DictHierarchy, DutyStatus, Facts, Outcome, Request, compile_policy, evaluate
from hdsgraph.rdfio.parse import parse_document, to_rdflib_graph
from tests.conftest import REFERENCE

EXAMPLES = REFERENCE / "odrl" / "w3c-odrl-formal-semantics" / "examples"
pytestmark = [
    pytest.mark.reference,
    pytest.mark.skipif(
        not EXAMPLES.is_dir(), reason="the W3C formal-semantics examples are not in ../shared/reference"
    ),
]

ODRL = "http://www.w3.org/ns/odrl/2/"
# The examples name the remote ODRL context; the node never fetches contexts, so the terms they use are given here.
CONTEXT = {
    "@vocab": ODRL,
    "odrl": ODRL,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "uid": "@id",
    "target": {"@type": "@id"},
    "assigner": {"@type": "@id"},
    "assignee": {"@type": "@id"},
    "unit": {"@type": "@id"},
    "action": {"@type": "@vocab"},
    "leftOperand": {"@type": "@vocab"},
    "operator": {"@type": "@vocab"},
}
DAY_OF_WEEK = "ex:dayOfWeek"  # the C2 duty's own left operand, a state of the world computed from the request time
DPI = "http://dbpedia.org/resource/Dots_per_inch"


def _cases() -> list[tuple[str, Path, Path]]:
    if not EXAMPLES.is_dir():
        return []
    found = []
    for policy in sorted(EXAMPLES.glob("*/*/policy*.json")):
        for request in sorted(policy.parent.glob("*/evaluationrequest*.json")):
            found.append((request.parent.name, policy, request.parent))
    return found


CASES = _cases()


def _policy(path: Path) -> tuple[rdflib.Graph, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["@context"] = CONTEXT
    triples = parse_document(json.dumps(data).encode(), RdfFormat.JSON_LD, source=path.name)
    return to_rdflib_graph(triples), data["uid"]


def _request(folder: Path) -> tuple[Request, Facts]:
    data = json.loads(next(folder.glob("evaluationrequest*.json")).read_text(encoding="utf-8"))
    at = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    operands: dict[str, object] = {}
    parameter = data["requestParameters"]
    value = parameter["value"]
    if parameter["describesFeature"] == "sotw:CurrentXSDDateTime":
        at = dt.datetime.fromisoformat(value["@value"]).replace(tzinfo=dt.UTC)
    elif parameter["describesFeature"] == DPI:
        operands[ODRL + "resolution"] = int(value.get("@value", value.get("@id")))
    performed: frozenset[str] = frozenset()
    state = next(folder.glob("state*.ttl"), None)
    if state is not None:
        graph = rdflib.Graph().parse(state)
        performed = frozenset(
            str(o) for o in graph.objects(None, rdflib.URIRef("https://w3id.org/force/sotw#conditionID"))
        )
    # The C requests name party/billie1 while the policies and states name party/billie: read as the same party.
    party = data.get("evaluatedParty", "http://example.com/party/anyone").replace("billie1", "billie")
    request = Request(
        requester=party,
        action=data["evaluatedAction"].replace("odrl:", ODRL),
        targets=(data["evaluatedTarget"],),
        at=at,
        operands=operands,
    )
    return request, Facts(performed=performed, state={DAY_OF_WEEK: at.strftime("%A")})


def _report(folder: Path) -> Any:
    return json.loads(next(folder.glob("compliancereport*.json")).read_text(encoding="utf-8"))


def test_all_nine_cases_are_found() -> None:
    assert sorted(name for name, _, _ in CASES) == ["A11", "A12", "B11", "B12", "C11", "C12", "C21", "C22", "C23"]


@pytest.mark.parametrize(("name", "policy", "folder"), CASES, ids=[c[0] for c in CASES])
def test_case_matches_the_compliance_report(name: str, policy: Path, folder: Path) -> None:
    graph, iri = _policy(policy)
    compiled = compile_policy(graph, iri, profiles_known=set())
    request, facts = _request(folder)
    decision = evaluate([compiled], request, facts, DictHierarchy())
    report = _report(folder)
    rule_reports = [v for v in report.values() if isinstance(v, dict) and v.get("@type") == "report:ruleReport"]
    expected = Outcome.PERMIT if rule_reports[0]["report:controlState"] == "report:Permit" else Outcome.DENY
    assert decision.outcome == expected, decision.describe()

    rule = decision.datasets[0].rules[0]
    assert rule.rule == rule_reports[0]["report:rule"]
    results = {c.constraint: c for c in (*rule.constraints, *rule.refinements)}
    results |= {c.constraint: c for d in rule.duties for c in d.constraints}
    for item in report.values():
        if isinstance(item, dict) and item.get("@type") == "report:ConstraintReport":
            constraint = item["report:constraint"]
            assert constraint in results, f"{constraint} not explained: {decision.describe()}"
            assert results[constraint].satisfied == (item["report:satisfactionState"] == "report:Satisfied")
        if isinstance(item, dict) and item.get("@type") == "report:ConditionReport":
            duty = next(d for d in rule.duties if d.duty == item.get("report:condition", item.get("report:constraint")))
            if item["report:deonticState"] == "report:Fulfilled":
                assert duty.status is DutyStatus.FULFILLED
            elif item["report:activationState"] == "report:Inactive":
                assert duty.status is DutyStatus.INACTIVE
            else:
                assert duty.status is DutyStatus.PENDING
