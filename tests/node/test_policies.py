"""The node's policy service: policies compiled from the store and kept current, facts from the graph, decisions."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hdsgraph.core.formats import RdfFormat
from hdsgraph.ingest import Document, PublishRejected
from hdsgraph.node import Node
from hdsgraph.node.policies import PolicyService, read_records
from hdsgraph.policy import Outcome, Request, UnknownTermError
from hdsgraph.validation import ShaclValidator
from tests.conftest import ROOT, make_settings

SEED = "https://seed.hdsgraph.org/"
HDS = "https://w3id.org/hdsgraph/ontology#"
ODRL = "http://www.w3.org/ns/odrl/2/"
BLADDER = SEED + "dataset/lih-bladder-cancer-cohort"
BLADDER_POLICY = SEED + "policy/lih-bladder-cancer-cohort"
NCCK = SEED + "participant/ncck"
NAVER = SEED + "participant/naver-cloud"
LIH = SEED + "participant/lih"


def research(requester: str = NCCK, *targets: str, **fields: object) -> Request:
    values: dict[str, object] = {
        "purpose": HDS + "HealthScientificResearch",
        "environment": HDS + "SecureProcessingEnvironment",
        **fields,
    }
    return Request(requester, ODRL + "use", targets or (BLADDER,), **values)  # type: ignore[arg-type]


def test_every_seed_policy_is_compiled_and_governs_its_dataset(seeded_node: Node) -> None:
    service = seeded_node.policies
    assert len(service.policies) == len(list((ROOT / "seeds" / "policies").glob("*.ttl")))
    assert service.refused == {}
    assert [p.iri for p in service.of_dataset(BLADDER)] == [BLADDER_POLICY]
    assert service.of_dataset(SEED + "dataset/none") == ()


def test_a_service_started_on_the_store_compiles_the_same_policies(seeded_node: Node) -> None:
    fresh = PolicyService(seeded_node.store, seeded_node.closure, seeded_node.index, read_records(seeded_node.store))
    assert set(fresh.policies) == set(seeded_node.policies.policies)
    assert [p.iri for p in fresh.of_dataset(BLADDER)] == [BLADDER_POLICY]
    assert fresh.decide(research()).describe() == seeded_node.policies.decide(research()).describe()


def test_facts_come_from_the_requesters_own_graph(seeded_node: Node) -> None:
    facts = seeded_node.policies.facts(NCCK)
    assert facts.jurisdiction == HDS + "KR"
    assert HDS + "PublicSectorBody" in facts.organisation_types
    assert facts.gaiax_compliant, "NCCK's self-description is active and its credentials verified"
    assert not facts.dpf_certified
    assert facts.permits == frozenset()


def test_an_unknown_requester_is_named_with_the_known_participants(seeded_node: Node) -> None:
    with pytest.raises(UnknownTermError) as caught:
        seeded_node.policies.decide(research(SEED + "participant/nobody"))
    assert caught.value.field == "requester"
    assert "participant/nobody" in caught.value.message
    assert NCCK in caught.value.details["known"]


@pytest.mark.parametrize(
    ("field", "change", "named"),
    [
        ("purpose", {"purpose": HDS + "HealthResearchTypo"}, "HealthResearchTypo"),
        ("environment", {"environment": HDS + "MyLaptop"}, "MyLaptop"),
        ("dataForm", {"data_form": HDS + "Raw"}, "Raw"),
    ],
)
def test_an_unknown_term_is_refused_before_a_decision(
    seeded_node: Node, field: str, change: dict[str, object], named: str
) -> None:
    with pytest.raises(UnknownTermError) as caught:
        seeded_node.policies.decide(research(NCCK, **change))
    assert caught.value.field == field
    assert named in caught.value.message


def test_an_unknown_dataset_is_refused_with_close_names(seeded_node: Node) -> None:
    with pytest.raises(UnknownTermError) as caught:
        seeded_node.policies.decide(research(NCCK, BLADDER + "x"))
    assert caught.value.field == "dataset"
    assert BLADDER in caught.value.details["known"]


def test_decide_adds_the_node_wide_ehds_policy(seeded_node: Node) -> None:
    decision = seeded_node.policies.decide(research(NCCK, purpose=HDS + "AdvertisingOrMarketing"))
    assert decision.outcome is Outcome.DENY
    rule = next(r for r in decision.datasets[0].rules if r.rule.endswith("#art54"))
    assert rule.applies and rule.node_wide


def test_eligible_decides_once_per_group_and_matches_decide(seeded_node: Node) -> None:
    service = seeded_node.policies
    request = research(NCCK)
    eligible = service.eligible(request)
    assert BLADDER in eligible
    for dataset in service.governed():
        expected = service.decide(dataclasses.replace(request, targets=(dataset,))).outcome is Outcome.PERMIT
        assert (dataset in eligible) == expected, dataset


@pytest.fixture
def node(tmp_path: Path, validator: ShaclValidator) -> Node:
    fresh = Node.in_memory(make_settings(tmp_path / "data"))
    fresh.__dict__["validator"] = validator
    return fresh


POLICY = """
@prefix odrl: <http://www.w3.org/ns/odrl/2/> .
@prefix hds: <https://w3id.org/hdsgraph/ontology#> .
<https://example.org/policy/p> a odrl:Offer ; odrl:assigner <https://example.org/holder> ;
  odrl:permission [ odrl:target <https://example.org/ds/a> ; odrl:action odrl:use ;
    odrl:constraint [ odrl:leftOperand odrl:purpose ; odrl:operator {operator} ; odrl:rightOperand {right} ] ] .
"""


def _policy(operator: str = "odrl:isA", right: str = "hds:HealthScientificResearch") -> Document:
    text = POLICY.replace("{operator}", operator).replace("{right}", right)
    return Document("policy.ttl", text.encode(), RdfFormat.TURTLE)


def test_a_published_policy_is_compiled_in_the_same_step(node: Node) -> None:
    assert node.policies.policy("https://example.org/policy/p") is None
    node.publisher.seed(_policy())
    compiled = node.policies.policy("https://example.org/policy/p")
    assert compiled is not None
    assert [p.iri for p in node.policies.of_dataset("https://example.org/ds/a")] == [compiled.iri]
    node.publisher.seed(_policy(right="hds:EducationInHealthOrCare"))
    again = node.policies.policy("https://example.org/policy/p")
    assert again is not None and again is not compiled


def test_a_policy_that_does_not_compile_is_refused_and_nothing_is_stored(node: Node) -> None:
    graphs = set(node.store.graphs())
    with pytest.raises(PublishRejected) as caught:
        node.publisher.seed(_policy(operator="odrl:gt"))
    [problem] = caught.value.problems
    assert problem.code == "POLICY_INVALID"
    assert "odrl:purpose odrl:gt" in problem.message
    assert problem.path == ODRL + "purpose"
    assert set(node.store.graphs()) == graphs
    assert node.policies.policy("https://example.org/policy/p") is None


def test_the_ontology_declares_the_profiles_left_operands_and_data_permits() -> None:
    import rdflib

    from hdsgraph.policy import PROJECT_LEFT_OPERANDS

    onto = rdflib.Graph().parse(ROOT / "ontologies" / "hdsgraph.ttl")
    left_operand = rdflib.URIRef(ODRL + "LeftOperand")
    for term in [rdflib.URIRef(o.iri) for o in PROJECT_LEFT_OPERANDS] + [rdflib.URIRef(HDS + "DataPermit")]:
        assert (term, None, None) in onto, f"{term} is not declared"
        languages = {label.language for label in onto.objects(term, rdflib.RDFS.label)}  # type: ignore[union-attr]
        assert languages >= {"en", "fr", "de", "ko"}, term
    declared = {str(s) for s in onto.subjects(rdflib.RDF.type, left_operand)}
    assert declared == {o.iri for o in PROJECT_LEFT_OPERANDS}
    assert (rdflib.URIRef(HDS + "DataPermit"), rdflib.RDF.type, rdflib.OWL.Class) in onto
