"""The fast path of a decision (explanations of targetless policies remembered across requests, hierarchy look-ups
kept per hierarchy) decides and explains exactly as the slow path, over every table-driven case."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import rdflib

from hdsgraph.core.errors import HdsgraphError
from hdsgraph.policy import (
    CompiledPolicy,
    Decision,
    DictHierarchy,
    Facts,
    Hierarchy,
    Request,
    compile_policy,
    ehds_prohibitions_policy,
    evaluate,
)
from hdsgraph.policy import context as context_module
from hdsgraph.policy import evaluator as evaluator_module
from tests.policy import cases_support as support

CASES = [(name, case) for name, case in support.cases() if "error" not in case["expect"]]
WORLD = support.world()
EHDS = "https://w3id.org/hdsgraph/policy/ehds"
HDS = "https://w3id.org/hdsgraph/ontology#"
ODRL = "http://www.w3.org/ns/odrl/2/"


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> evaluator_module._Remembered:
    """An empty memory of explanations, and no hierarchy look-ups kept from earlier tests."""
    remembered = evaluator_module._Remembered(limit=4096)
    monkeypatch.setattr(evaluator_module, "_REMEMBERED", remembered)
    monkeypatch.setattr(context_module, "_LOOKUPS", {})
    return remembered


@pytest.fixture(scope="module")
def shared() -> Iterator[evaluator_module._Remembered]:
    """One memory for every case of the module, as a node keeps one for all its requests: an explanation
    remembered from one case is offered to every later case whose key is the same."""
    remembered = evaluator_module._Remembered(limit=4096)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evaluator_module, "_REMEMBERED", remembered)
        patch.setattr(context_module, "_LOOKUPS", {})
        yield remembered


def _slow(policies: list[CompiledPolicy], request: Request, facts: Facts, hierarchy: Hierarchy) -> Decision:
    """The decision with nothing remembered: every rule explained afresh, every look-up asked of the hierarchy."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evaluator_module, "_REMEMBERED", evaluator_module._Remembered(limit=0))
        patch.setattr(context_module, "_lookups", context_module._Lookups)
        return evaluate(policies, request, facts, hierarchy)


def _without_targets(policy: CompiledPolicy) -> CompiledPolicy:
    """The same policy with its targets dropped: every rule then takes the remembered path."""
    rules = tuple(dataclasses.replace(rule, targets=()) for rule in policy.rules)
    return dataclasses.replace(policy, rules=rules, targets=frozenset())


# Policies compiled once per text, as a node compiles a policy once and decides every request with it: cases that
# share a policy (the YAML anchors) then share remembered explanations, and an input missing from the key shows.
_COMPILED: dict[str, tuple[list[CompiledPolicy], list[CompiledPolicy]]] = {}


def _variants(case: dict[str, Any]) -> Iterator[tuple[str, list[CompiledPolicy]]]:
    source = repr([case.get(k) for k in ("policy", "policies", "policy_files", "policy_iri", "profiles_known")])
    if source not in _COMPILED:
        policies = support.policies(case)
        _COMPILED[source] = (policies, [_without_targets(p) for p in policies])
    as_written, without_targets = _COMPILED[source]
    yield "as written, with the EHDS Set", [*as_written, ehds_prohibitions_policy()]
    yield "without targets", without_targets


def _explanations(decision: Decision, policy: str) -> list[Any]:
    return [r for d in decision.datasets for r in d.rules if r.policy == policy]


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[name for name, _ in CASES])
def test_the_fast_path_decides_and_explains_as_the_slow_path(
    case: dict[str, Any], shared: evaluator_module._Remembered
) -> None:
    request, facts = support.request(case), support.facts(case)
    for variant, policies in _variants(case):
        try:
            slow = _slow(policies, request, facts, WORLD)
        except HdsgraphError as error:  # a case whose request is refused is refused alike on both paths
            with pytest.raises(type(error)):
                evaluate(policies, request, facts, WORLD)
            continue
        first = evaluate(policies, request, facts, WORLD)
        again = evaluate(policies, request, facts, WORLD)
        for fast in (first, again):
            assert fast == slow, f"{variant}\nfast:\n{fast.describe()}\nslow:\n{slow.describe()}"
            assert fast.describe() == slow.describe(), variant


@pytest.mark.parametrize("case", [c for _, c in CASES if c.get("ehds", True)], ids=lambda c: c["name"])
def test_the_second_decision_reuses_the_node_wide_explanations(
    case: dict[str, Any], fresh: evaluator_module._Remembered
) -> None:
    # The fast path is taken, not merely equal: the EHDS rules' explanations are the very objects of the first time.
    policies = [*support.policies(case), ehds_prohibitions_policy()]
    request, facts = support.request(case), support.facts(case)
    first = evaluate(policies, request, facts, WORLD)
    again = evaluate(policies, request, facts, WORLD)
    remembered, reused = _explanations(first, EHDS), _explanations(again, EHDS)
    assert remembered and len(reused) == len(remembered)
    assert all(a is b for a, b in zip(reused, remembered, strict=True))


def _request(purpose: str, **fields: Any) -> Request:
    return Request(
        requester="https://example.org/alice",
        action=ODRL + "use",
        targets=("https://example.org/ds",),
        purpose=purpose,
        at=dt.datetime(2030, 1, 15, tzinfo=dt.UTC),
        **fields,
    )


def test_each_input_a_rule_reads_keys_its_explanation(fresh: evaluator_module._Remembered) -> None:
    # Art. 53(2) reads the purpose and the requester's organisation types: a change of either is decided anew.
    ehds = [ehds_prohibitions_policy()]
    statistics = _request(HDS + "OfficialStatistics")
    research = Facts(organisation_types=frozenset({HDS + "ResearchOrganisation"}))
    public = Facts(organisation_types=frozenset({HDS + "PublicSectorBody"}))
    denied = evaluate(ehds, statistics, research, WORLD)
    allowed = evaluate(ehds, statistics, public, WORLD)
    assert "art53-2" in denied.datasets[0].reason
    assert not any(r.applies for r in allowed.datasets[0].rules)
    assert evaluate(ehds, _request(HDS + "HealthScientificResearch"), research, WORLD) == _slow(
        ehds, _request(HDS + "HealthScientificResearch"), research, WORLD
    )
    assert len(fresh.entries) == 3


def test_a_hierarchy_is_part_of_what_is_remembered(fresh: evaluator_module._Remembered) -> None:
    # The same purpose, prohibited in one world and not in the other: neither decision may leak into the other.
    other = DictHierarchy(broader={HDS + "OfficialStatistics": [HDS + "ProhibitedSecondaryUse"]})
    ehds = [ehds_prohibitions_policy()]
    request = _request(HDS + "OfficialStatistics")
    facts = Facts(organisation_types=frozenset({HDS + "PublicSectorBody"}))
    for _ in range(2):
        assert "art54" not in evaluate(ehds, request, facts, WORLD).datasets[0].reason
        assert "art54" in evaluate(ehds, request, facts, other).datasets[0].reason


def _set(constraint: str) -> CompiledPolicy:
    text = f"""@prefix odrl: <{ODRL}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <https://example.org/set> a odrl:Set ; odrl:permission [ odrl:action odrl:use ; odrl:constraint [ {constraint} ] ] .
    """
    graph = rdflib.Graph().parse(data=text, format="turtle")
    return compile_policy(graph, "https://example.org/set", profiles_known=set())


def test_values_that_do_not_describe_themselves_are_not_remembered(fresh: evaluator_module._Remembered) -> None:
    # 1, 1.0 and True are equal keys in Python, yet an explanation shows the value given: numbers are never keys.
    policy = _set('odrl:leftOperand odrl:count ; odrl:operator odrl:eq ; odrl:rightOperand "1"^^xsd:integer')
    shown = []
    for count in (1, 1.0):
        decision = evaluate(
            [policy], _request(HDS + "HealthScientificResearch", operands={ODRL + "count": count}), Facts(), WORLD
        )
        shown.append(decision.datasets[0].rules[0].constraints[0].left_value)
    assert [type(v) for v in shown] == [int, float]
    assert fresh.entries == {}


def test_what_a_stream_of_new_inputs_can_cost_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    remembered = evaluator_module._Remembered(limit=3)
    monkeypatch.setattr(evaluator_module, "_REMEMBERED", remembered)
    ehds = [ehds_prohibitions_policy()]
    for n in range(10):
        evaluate(ehds, _request(f"https://example.org/purpose-{n}"), Facts(), WORLD)
        assert len(remembered.entries) <= 3


def test_a_right_operand_the_node_supplies_is_part_of_the_key(fresh: evaluator_module._Remembered) -> None:
    policy = _set(
        "odrl:leftOperand odrl:spatial ; odrl:operator odrl:eq ; odrl:rightOperandReference <https://example.org/partner>"
    )
    request = _request(HDS + "HealthScientificResearch")
    outcomes = []
    for partner in (HDS + "KR", HDS + "LU"):
        facts = Facts(jurisdiction=HDS + "KR", state={"https://example.org/partner": partner})
        outcomes.append(evaluate([policy], request, facts, WORLD).outcome)
    assert [str(o) for o in outcomes] == ["PERMIT", "DENY"]
    assert len(fresh.entries) == 2
