"""The seed policies' statements (``node_cases`` in tests/policy/cases/seeds.yaml) decided by the seeded node."""

from __future__ import annotations

from typing import Any

import pytest

from hdsgraph.node import Node
from hdsgraph.policy import Request
from tests.policy import cases_support as support

CASES = support.load(support.CASES / "seeds.yaml")["node_cases"]


def _request(raw: dict[str, Any]) -> Request:
    given = {k: v for k, v in support.expand(raw).items() if v is not None}
    given["targets"] = tuple(given["targets"])
    return Request(**given)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_node_case(case: dict[str, Any], seeded_node: Node) -> None:
    expect = support.expand(case["expect"])
    decision = seeded_node.policies.decide(_request(case["request"]))
    assert decision.outcome == expect["outcome"], decision.describe()
    if "duties" in expect:
        assert sorted(d.action for d in decision.duties) == sorted(expect["duties"]), decision.describe()
    [dataset] = decision.datasets
    if "conflict" in expect:
        assert dataset.conflict == expect["conflict"], decision.describe()
    if "reason" in expect:
        assert expect["reason"] in dataset.reason, decision.describe()


def test_the_file_holds_both_statements_of_the_issue() -> None:
    names = " ".join(c["name"] for c in CASES)
    assert "download" in names and "aggregate feasibility counts" in names
