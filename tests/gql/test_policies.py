"""Policy decisions through GraphQL on the seeded node: decide, eligibleDatasets, policy(id), Dataset.policies."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import strawberry

from hdsgraph.gql import build_schema
from hdsgraph.node import Node

SEED = "https://seed.hdsgraph.org/"
HDS = "https://w3id.org/hdsgraph/ontology#"
ODRL = "http://www.w3.org/ns/odrl/2/"
BLADDER = SEED + "dataset/lih-bladder-cancer-cohort"
EHR = SEED + "dataset/hrs-inpatient-ehr-extract"
NCCK = SEED + "participant/ncck"

DECIDE = """query($request: AccessRequest!) { decide(request: $request) {
  outcome explanation duties { action status kind parties { function party } }
  datasets { id outcome reason explanation
    rules { policy rule kind nodeWide applies holds targetMatched partyMatched actionMatched
      constraints { leftOperand operator right leftValue satisfied note explanation parts { satisfied } } } } } }"""


@pytest.fixture(scope="module")
def schema() -> strawberry.Schema:
    return build_schema()


def run(schema: strawberry.Schema, node: Node, query: str, **variables: Any) -> Any:
    return asyncio.run(schema.execute(query, variable_values=variables, context_value={"node": node}))


def ok(schema: strawberry.Schema, node: Node, query: str, **variables: Any) -> Any:
    result = run(schema, node, query, **variables)
    assert result.errors is None, result.errors
    return result.data


def request(**fields: Any) -> dict[str, Any]:
    return {
        "requester": NCCK,
        "action": ODRL + "use",
        "datasets": [BLADDER],
        "purpose": HDS + "HealthScientificResearch",
        "environment": HDS + "SecureProcessingEnvironment",
        **fields,
    }


def test_a_permitted_request_returns_its_duties(schema: strawberry.Schema, seeded_node: Node) -> None:
    decision = ok(schema, seeded_node, DECIDE, request=request())["decide"]
    assert decision["outcome"] == "PERMIT"
    assert {d["action"] for d in decision["duties"]} >= {ODRL + "attribute", ODRL + "inform"}
    assert all(d["status"] == "pending" for d in decision["duties"])
    attribute = next(d for d in decision["duties"] if d["action"] == ODRL + "attribute")
    assert attribute["parties"] == [{"function": ODRL + "attributedParty", "party": SEED + "participant/lih"}]
    [dataset] = decision["datasets"]
    assert dataset["id"] == BLADDER and dataset["outcome"] == "PERMIT"
    granted = next(r for r in dataset["rules"] if r["kind"] == "permission")
    assert granted["applies"] and granted["targetMatched"] and granted["partyMatched"] and granted["actionMatched"]
    assert all(c["satisfied"] for c in granted["constraints"])
    assert "PERMIT" in decision["explanation"] and granted["rule"] in dataset["explanation"]


def test_a_denied_request_names_the_failing_constraint(schema: strawberry.Schema, seeded_node: Node) -> None:
    decision = ok(schema, seeded_node, DECIDE, request=request(environment=None))["decide"]
    assert decision["outcome"] == "DENY"
    assert decision["duties"] == []
    permission = next(r for r in decision["datasets"][0]["rules"] if r["kind"] == "permission")
    assert not permission["applies"]
    [failed] = [c for c in permission["constraints"] if not c["satisfied"]]
    assert failed["leftValue"] is None and "no value" in failed["note"]
    assert failed["right"] == [HDS + "SecureProcessingEnvironment"]
    assert "not satisfied" in failed["explanation"]


def test_an_article_54_purpose_is_denied_by_the_ehds_policy(schema: strawberry.Schema, seeded_node: Node) -> None:
    decision = ok(schema, seeded_node, DECIDE, request=request(purpose=HDS + "AdvertisingOrMarketing"))["decide"]
    assert decision["outcome"] == "DENY"
    rules = decision["datasets"][0]["rules"]
    art54 = next(r for r in rules if r["rule"].endswith("#art54"))
    assert art54["nodeWide"] and art54["applies"]
    [purpose] = art54["constraints"]
    assert purpose["leftValue"] == HDS + "AdvertisingOrMarketing" and purpose["satisfied"]


def test_one_denied_dataset_denies_the_whole_request(schema: strawberry.Schema, seeded_node: Node) -> None:
    decision = ok(schema, seeded_node, DECIDE, request=request(datasets=[BLADDER, EHR]))["decide"]
    outcomes = {d["id"]: d["outcome"] for d in decision["datasets"]}
    assert outcomes == {BLADDER: "PERMIT", EHR: "DENY"}
    assert decision["outcome"] == "DENY"
    assert decision["duties"] == [], "no duties fall due on a denied request"


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        ({"purpose": HDS + "Researhc"}, "purpose", HDS + "Researhc"),
        ({"action": ODRL + "yoink"}, "action", ODRL + "yoink"),
        ({"datasets": [SEED + "dataset/nope"]}, "dataset", SEED + "dataset/nope"),
        ({"requester": SEED + "participant/nobody"}, "requester", SEED + "participant/nobody"),
        ({"environment": HDS + "Laptop"}, "environment", HDS + "Laptop"),
    ],
)
def test_an_unknown_term_is_an_error_naming_it_and_what_is_known(
    schema: strawberry.Schema, seeded_node: Node, change: dict[str, Any], field: str, value: str
) -> None:
    result = run(schema, seeded_node, DECIDE, request=request(**change))
    assert result.data is None or result.data.get("decide") is None
    [error] = result.errors
    assert error.extensions["code"] == "UNKNOWN_TERM"
    assert error.extensions["field"] == field and error.extensions["value"] == value
    assert value in error.message
    assert error.extensions["known"], "the error says what would be accepted"


def test_a_request_without_datasets_is_bad_input(schema: strawberry.Schema, seeded_node: Node) -> None:
    result = run(schema, seeded_node, DECIDE, request=request(datasets=[]))
    [error] = result.errors
    assert error.extensions["code"] == "BAD_INPUT"
    assert "targets" in error.message


ELIGIBLE = """query($request: EligibilityRequest!, $search: String, $first: Int, $after: String) {
  eligibleDatasets(request: $request, search: $search, first: $first, after: $after) {
    totalCount edges { node { id } } pageInfo { hasNextPage endCursor } facets { field values { value count } } } }"""


def _eligibility(**fields: Any) -> dict[str, Any]:
    given = request(**fields)
    del given["datasets"]
    return given


def test_eligible_datasets_are_those_decide_permits(schema: strawberry.Schema, seeded_node: Node) -> None:
    found = ok(schema, seeded_node, ELIGIBLE, request=_eligibility(), first=100)["eligibleDatasets"]
    ids = {e["node"]["id"] for e in found["edges"]}
    assert found["totalCount"] == len(ids) > 0
    assert BLADDER in ids and EHR not in ids
    every = [
        e["node"]["id"]
        for e in ok(schema, seeded_node, "{ datasets(first: 100) { edges { node { id } } } }")["datasets"]["edges"]
    ]
    decided = ok(schema, seeded_node, DECIDE, request=request(datasets=every))["decide"]
    assert ids == {d["id"] for d in decided["datasets"] if d["outcome"] == "PERMIT"}
    counted = {v["value"]: v["count"] for f in found["facets"] if f["field"] == "PUBLISHER" for v in f["values"]}
    assert sum(counted.values()) == found["totalCount"], "facets count the eligible datasets only"


def test_eligible_datasets_search_and_page_within_the_permitted(schema: strawberry.Schema, seeded_node: Node) -> None:
    found = ok(schema, seeded_node, ELIGIBLE, request=_eligibility(), search="bladder cancer")["eligibleDatasets"]
    assert found["edges"][0]["node"]["id"] == BLADDER
    first = ok(schema, seeded_node, ELIGIBLE, request=_eligibility(), first=2)["eligibleDatasets"]
    after = first["pageInfo"]["endCursor"]
    rest = ok(schema, seeded_node, ELIGIBLE, request=_eligibility(), first=100, after=after)["eligibleDatasets"]
    seen = [e["node"]["id"] for e in first["edges"] + rest["edges"]]
    assert len(seen) == len(set(seen)) == first["totalCount"]


def test_a_prohibited_purpose_makes_nothing_eligible(schema: strawberry.Schema, seeded_node: Node) -> None:
    found = ok(schema, seeded_node, ELIGIBLE, request=_eligibility(purpose=HDS + "AdvertisingOrMarketing"))
    assert found["eligibleDatasets"]["totalCount"] == 0


def test_eligibility_refuses_unknown_terms(schema: strawberry.Schema, seeded_node: Node) -> None:
    result = run(schema, seeded_node, ELIGIBLE, request=_eligibility(purpose=HDS + "Nope"))
    assert result.errors[0].extensions["code"] == "UNKNOWN_TERM"


POLICY = """query($id: ID!) { policy(id: $id) { id kind conflict nodeWide assigners targets text
  rules { id kind action targets constraints duties text } } }"""


def test_a_policy_reads_with_its_rules_in_readable_form(schema: strawberry.Schema, seeded_node: Node) -> None:
    policy = ok(schema, seeded_node, POLICY, id=SEED + "policy/lih-bladder-cancer-cohort")["policy"]
    assert policy["kind"] == "Offer" and policy["conflict"] == "prohibit" and not policy["nodeWide"]
    assert policy["assigners"] == [SEED + "participant/lih"] and BLADDER in policy["targets"]
    permission = next(r for r in policy["rules"] if r["kind"] == "permission")
    assert permission["text"].startswith("permits any party to odrl:use on " + BLADDER + " when ")
    assert any("odrl:purpose" in c for c in permission["constraints"])
    assert any(d.startswith("odrl:attribute") for d in permission["duties"])
    assert permission["id"] in policy["text"]


def test_the_node_wide_ehds_policy_reads_too(schema: strawberry.Schema, seeded_node: Node) -> None:
    policy = ok(schema, seeded_node, POLICY, id="https://w3id.org/hdsgraph/policy/ehds")["policy"]
    assert policy["nodeWide"] and policy["kind"] == "Set"
    assert any("hds:ProhibitedSecondaryUse" in r["text"] for r in policy["rules"])


def test_an_unknown_policy_is_null(schema: strawberry.Schema, seeded_node: Node) -> None:
    assert ok(schema, seeded_node, POLICY, id=SEED + "policy/none")["policy"] is None


def test_dataset_policies_are_loaded_in_one_batch(
    schema: strawberry.Schema, seeded_node: Node, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []
    service = seeded_node.policies
    original = service.of_datasets

    def counted(datasets: list[str]) -> Any:
        calls.append(list(datasets))
        return original(datasets)

    monkeypatch.setattr(service, "of_datasets", counted)
    query = "{ datasets(first: 100) { totalCount edges { node { id policies { id rules { kind } } } } } }"
    data = ok(schema, seeded_node, query)["datasets"]
    with_policy = [e for e in data["edges"] if e["node"]["policies"]]
    assert len(with_policy) == data["totalCount"]
    bladder = next(e["node"] for e in data["edges"] if e["node"]["id"] == BLADDER)
    assert bladder["policies"][0]["id"] == SEED + "policy/lih-bladder-cancer-cohort"
    assert len(calls) == 1, "every dataset's policies in one batch"
    assert sorted(calls[0]) == sorted(e["node"]["id"] for e in data["edges"])
