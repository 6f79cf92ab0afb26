"""The shipped and seeded policies compile, the EHDS policy holds against the project ontology, and a decision
touches no RDF."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF, RDFS, SKOS

from hdsgraph.policy import (
    DictHierarchy,
    Facts,
    Outcome,
    PolicyKind,
    Request,
    compile_policy,
    ehds_prohibitions_policy,
    evaluate,
)
from tests.conftest import ROOT

HDS = "https://w3id.org/hdsgraph/ontology#"
ODRL = "http://www.w3.org/ns/odrl/2/"
SEED_POLICIES = sorted((ROOT / "seeds" / "policies").glob("*.ttl"))
ONTOLOGY = ROOT / "ontologies" / "hdsgraph.ttl"


@pytest.mark.parametrize("path", SEED_POLICIES, ids=lambda p: p.stem)
def test_every_seed_policy_compiles_as_an_offer_for_its_dataset(path: Path) -> None:
    graph = rdflib.Graph().parse(path)
    iri = f"https://seed.hdsgraph.org/policy/{path.stem}"
    policy = compile_policy(graph, iri, profiles_known=set())
    assert policy.kind is PolicyKind.OFFER
    assert policy.targets == {f"https://seed.hdsgraph.org/dataset/{path.stem}"}
    assert policy.assigners


def _ontology_hierarchy(graph: rdflib.Graph) -> DictHierarchy:
    """The project ontology's asserted hierarchy, as the ontology closure will give it (without inference)."""
    broader: dict[str, list[str]] = defaultdict(list)
    for s, o in [*graph.subject_objects(RDFS.subClassOf), *graph.subject_objects(SKOS.broader)]:
        if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef):
            broader[str(s)].append(str(o))
    for a, b in graph.subject_objects(rdflib.OWL.equivalentClass):
        if isinstance(a, rdflib.URIRef) and isinstance(b, rdflib.URIRef):
            broader[str(a)].append(str(b))
            broader[str(b)].append(str(a))
    part_of = defaultdict(list)
    for s, o in graph.subject_objects(rdflib.URIRef(HDS + "memberOf")):
        part_of[str(s)].append(str(o))
    types = defaultdict(list)
    for s, o in graph.subject_objects(RDF.type):
        types[str(s)].append(str(o))
    return DictHierarchy(broader=broader, part_of=part_of, types=types)


@pytest.mark.skipif(not ONTOLOGY.is_file(), reason="the project ontology is not in this checkout")
def test_the_ehds_policy_denies_every_article_54_purpose_of_the_ontology() -> None:
    graph = rdflib.Graph().parse(ONTOLOGY)
    hierarchy = _ontology_hierarchy(graph)
    prohibited = {
        str(c) for c in graph.transitive_subjects(RDFS.subClassOf, rdflib.URIRef(HDS + "ProhibitedSecondaryUse"))
    }
    prohibited.discard(HDS + "ProhibitedSecondaryUse")
    assert len(prohibited) >= 5
    facts = Facts(jurisdiction=HDS + "LU", organisation_types=frozenset({HDS + "ResearchOrganisation"}))
    for purpose in sorted(prohibited):
        request = Request(requester="https://example.org/a", action=ODRL + "read", targets=("https://example.org/d",),
                          purpose=purpose)  # fmt: skip
        assert evaluate([ehds_prohibitions_policy()], request, facts, hierarchy).outcome is Outcome.DENY, purpose
    public = {
        str(c) for c in graph.transitive_subjects(RDFS.subClassOf, rdflib.URIRef(HDS + "PublicSectorOnlyPurpose"))
    }
    for purpose in sorted(public - {HDS + "PublicSectorOnlyPurpose"}):
        request = Request(requester="https://example.org/a", action=ODRL + "use", targets=("https://example.org/d",),
                          purpose=purpose)  # fmt: skip
        denied = evaluate([ehds_prohibitions_policy()], request, facts, hierarchy)
        assert denied.outcome is Outcome.DENY, purpose
        hdab = Facts(jurisdiction=HDS + "LU", organisation_types=frozenset({HDS + "HealthDataAccessBody"}))
        assert evaluate([ehds_prohibitions_policy()], request, hdab, hierarchy).outcome is Outcome.NOT_APPLICABLE


def test_a_decision_parses_no_rdf_and_queries_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = rdflib.Graph().parse(SEED_POLICIES[0])
    policy = compile_policy(graph, f"https://seed.hdsgraph.org/policy/{SEED_POLICIES[0].stem}", profiles_known=set())
    ehds = ehds_prohibitions_policy()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a decision touched rdflib")

    for name in ("parse", "query", "triples", "objects", "subjects"):
        monkeypatch.setattr(rdflib.Graph, name, refuse)
    request = Request(requester="https://example.org/a", action=ODRL + "read", targets=tuple(policy.targets),
                      purpose=HDS + "HealthScientificResearch", at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))  # fmt: skip
    decision = evaluate([policy, ehds], request, Facts(jurisdiction=HDS + "LU"), DictHierarchy())
    assert decision.datasets[0].rules


def test_a_decision_explains_itself_in_words() -> None:
    request = Request(requester="https://example.org/a", action=ODRL + "use", targets=("https://example.org/d",),
                      purpose=HDS + "AdvertisingOrMarketing")  # fmt: skip
    hierarchy = DictHierarchy(broader={HDS + "AdvertisingOrMarketing": [HDS + "ProhibitedSecondaryUse"]})
    text = evaluate([ehds_prohibitions_policy()], request, Facts(), hierarchy).describe()
    assert text.startswith(
        "DENY\nhttps://example.org/d: DENY — prohibited by https://w3id.org/hdsgraph/policy/ehds#art54"
    )
    assert "odrl:purpose = https://w3id.org/hdsgraph/ontology#AdvertisingOrMarketing odrl:isA" in text
    assert "ProhibitedSecondaryUse: satisfied" in text
