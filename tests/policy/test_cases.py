"""The table-driven cases in ``cases/*.yaml``: policy, request and state of the world → outcome and explanation."""

from __future__ import annotations

from typing import Any

import pytest

from hdsgraph.core.errors import HdsgraphError
from hdsgraph.policy import Decision, ehds_prohibitions_policy, evaluate
from hdsgraph.policy.values import show
from tests.policy import cases_support as support

CASES = support.cases()
WORLD = support.world()


def _check_constraint(found: Any, expected: dict[str, Any], where: str) -> None:
    for key in ("satisfied", "note"):
        if key in expected:
            actual = getattr(found, key)
            assert (expected[key] in actual) if key == "note" else actual == expected[key], (
                f"{where}: {key} is {actual!r}, expected {expected[key]!r} ({found.describe()})"
            )
    if "left_value" in expected:
        assert show(found.left_value) == show(support._value(expected["left_value"])), f"{where}: {found.describe()}"
    if "right" in expected:
        assert [show(v) for v in found.right] == [show(v) for v in expected["right"]], f"{where}: {found.describe()}"
    for index, part in enumerate(expected.get("parts", [])):
        _check_constraint(found.parts[index], part, f"{where} part {index + 1}")


def _check_rule(decision: Decision, expected: dict[str, Any]) -> None:
    rule = support.find_rule(decision, expected["rule"], expected.get("dataset"))
    for key in ("applies", "holds", "target_matched", "party_matched", "action_matched"):
        if key in expected:
            assert getattr(rule, key) == expected[key], (
                f"{rule.rule}: {key} should be {expected[key]}\n{rule.describe()}"
            )
    pool = list(rule.constraints) + list(rule.refinements)
    for wanted in expected.get("constraints", []):
        matching = [
            c
            for c in pool
            if c.left_operand == wanted.get("left", c.left_operand) and c.operator == wanted.get("operator", c.operator)
        ]
        assert matching, f"{rule.rule}: no constraint {wanted}\n{rule.describe()}"
        _check_constraint(matching[0], wanted, rule.rule)
    if "duties" in expected:
        assert {(d.action, str(d.status)) for d in rule.duties} == {tuple(x) for x in expected["duties"]}, (
            rule.describe()
        )


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_case(case: dict[str, Any]) -> None:
    # Error messages are compared as written (they print CURIEs); everything else may use CURIEs for IRIs.
    error = case["expect"].get("error")
    expect = support.expand({k: v for k, v in case["expect"].items() if k != "error"})
    if error is not None:
        expect["error"] = error
    if "error" in expect:
        with pytest.raises(HdsgraphError) as caught:
            policies = support.policies(case)
            evaluate(policies, support.request(case), support.facts(case), WORLD)
        raised = caught.value
        assert raised.code == error["code"], raised.message
        for fragment in error.get("message", []):
            assert fragment in raised.message, f"{fragment!r} not in {raised.message!r}"
        for key, value in support.expand(error.get("details", {})).items():
            assert raised.details.get(key) == value, f"{key}: {raised.details.get(key)!r} != {value!r}"
        return
    policies = support.policies(case)
    if case.get("ehds", True):
        policies.append(ehds_prohibitions_policy())
    decision = evaluate(policies, support.request(case), support.facts(case), WORLD)
    assert decision.outcome == expect["outcome"], decision.describe()
    for dataset, outcome in expect.get("datasets", {}).items():
        found = {d.dataset: d for d in decision.datasets}[dataset]
        assert found.outcome == outcome, found.describe()
    if "reason" in expect:
        reasons = " | ".join(d.reason for d in decision.datasets)
        assert expect["reason"] in reasons, reasons
    if "conflict" in expect:
        assert [d.conflict for d in decision.datasets] == [expect["conflict"]], decision.describe()
    if "duties" in expect:
        assert sorted(d.action for d in decision.duties) == sorted(expect["duties"]), decision.describe()
    if "granted_by" in expect:
        assert decision.datasets[0].granted_by == expect["granted_by"], decision.describe()
    for rule in expect.get("rules", []):
        _check_rule(decision, rule)
