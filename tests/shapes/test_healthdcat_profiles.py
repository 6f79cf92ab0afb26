"""HealthDCAT-AP release 8: one valid dataset per access-rights profile, every mandatory rule enforced."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, SH

from tests.shapes._datasets import MUTATIONS, Mutation, dataset
from tests.shapes._shapes import describe, results, validate

ACCESS = "http://publications.europa.eu/resource/authority/access-right/"
DGA = URIRef("http://data.europa.eu/eli/reg/2022/868/oj")
EHDS = URIRef("http://data.europa.eu/eli/reg/2025/327/oj")


@pytest.mark.parametrize("profile", ["PUBLIC", "RESTRICTED", "NON_PUBLIC"])
def test_valid_dataset_conforms(profile: str) -> None:
    found = validate(dataset(profile))
    assert found == [], describe(found)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_mutation_gives_a_violation_naming_the_path(mutation: Mutation) -> None:
    found = validate(mutation.apply(dataset("NON_PUBLIC")))
    assert any(r.path == mutation.path for r in found), f"expected a violation on {mutation.path}:\n{describe(found)}"


@pytest.mark.parametrize("profile", ["PUBLIC", "RESTRICTED"])
def test_non_public_rules_apply_only_to_non_public_datasets(profile: str) -> None:
    # The NON_PUBLIC dataset without keyword, contact point, type and provenance, relabelled PUBLIC/RESTRICTED,
    # conforms: those four are only recommended (keyword, contact point) or optional outside NON_PUBLIC.
    graph = Mutation(
        "relabel",
        "DELETE { ?d dct:accessRights ?a ; dcat:keyword ?k ; dcat:contactPoint ?c ; dct:type ?t ; "
        "dct:provenance ?p } "
        f"INSERT {{ ?d dct:accessRights <{ACCESS}{profile}> }} "
        "WHERE { ?d a dcat:Dataset ; dct:accessRights ?a ; dcat:keyword ?k ; dcat:contactPoint ?c ; dct:type ?t ; "
        "dct:provenance ?p }",
        None,
    ).apply(dataset("NON_PUBLIC"))
    found = results(graph)
    assert [r for r in found if r.severity == SH.Violation] == [], describe(found)
    warned = {r.path for r in found if r.severity == SH.Warning}
    assert {str(DCAT.keyword), str(DCAT.contactPoint)} <= warned


def test_a_missing_keyword_is_reported_once_by_the_non_public_profile() -> None:
    # Neither the PUBLIC nor the RESTRICTED profile (which recommend a keyword) selects a NON_PUBLIC dataset.
    graph = dataset("NON_PUBLIC")
    graph.remove((None, DCAT.keyword, None))
    found = [r for r in results(graph) if r.path == str(DCAT.keyword)]
    assert [(r.severity, str(r.source_shape).rsplit("#", 1)[1]) for r in found] == [
        (SH.Violation, "NonPublicDataset-keyword")
    ], describe(found)


def test_each_profile_selects_only_its_own_datasets() -> None:
    # One graph with the three datasets: the NON_PUBLIC rules fire on the NON_PUBLIC dataset only.
    graph = dataset("PUBLIC") + dataset("RESTRICTED") + dataset("NON_PUBLIC")
    graph.remove((None, DCAT.keyword, None))
    found = validate(graph)
    assert [(str(r.focus), r.path) for r in found] == [
        ("https://seed.hdsgraph.org/dataset/test-cohort", str(DCAT.keyword))
    ], describe(found)


def test_legislation_other_than_the_ehds_is_accepted_with_a_warning() -> None:
    graph = dataset("PUBLIC")
    for s in list(graph.subjects(URIRef("http://data.europa.eu/r5r/applicableLegislation"))):
        graph.set((s, URIRef("http://data.europa.eu/r5r/applicableLegislation"), DGA))
    graph.add(
        (
            DGA,
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            URIRef("http://data.europa.eu/eli/ontology#LegalResource"),
        )
    )
    found = results(graph)
    assert [r for r in found if r.severity == SH.Violation] == [], describe(found)
    assert any(r.path == "http://data.europa.eu/r5r/applicableLegislation" and r.severity == SH.Warning for r in found)


def test_missing_theme_is_reported_once() -> None:
    graph = dataset("PUBLIC")
    graph.remove((None, DCAT.theme, None))
    found = [r for r in validate(graph) if r.path == str(DCAT.theme)]
    assert len(found) == 1, describe(found)
    assert "HEAL" in found[0].message


def test_access_rights_message_names_the_accepted_values() -> None:
    graph = MUTATIONS[1].apply(dataset("PUBLIC"))
    found = [r for r in validate(graph) if r.path == str(DCTERMS.accessRights)]
    assert found and all("PUBLIC, RESTRICTED, NON_PUBLIC" in r.message for r in found), describe(found)


def test_structured_data_false_needs_no_variables() -> None:
    graph = dataset("NON_PUBLIC")
    hdcat = "http://healthdataportal.eu/ns/health#"
    subject = URIRef("https://seed.hdsgraph.org/dataset/test-cohort")
    graph.set((subject, URIRef(hdcat + "hasStructuredData"), Literal(False)))
    graph.remove((subject, URIRef(hdcat + "hasVariables"), None))
    assert validate(graph) == []
