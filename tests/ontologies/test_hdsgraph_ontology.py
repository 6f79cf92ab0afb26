"""The project ontology ontologies/hdsgraph.ttl: structure, labels, legal references, and consistency under HermiT."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontologies" / "hdsgraph.ttl"
PURPOSES = ROOT / "ontologies" / "vocabularies" / "hdsgraph-purposes.ttl"
COUNTRIES = ROOT / "ontologies" / "vocabularies" / "country.ttl"

HDS = Namespace("https://w3id.org/hdsgraph/ontology#")
DPV = Namespace("https://w3id.org/dpv#")
EHDS_ELI = URIRef("http://data.europa.eu/eli/reg/2025/327/oj")
LANGS = {"en", "fr", "de", "ko"}

PERMITTED = {
    HDS.PublicInterestInPublicHealth: "Article 53(1)(a)",
    HDS.PolicyMakingAndRegulation: "Article 53(1)(b)",
    HDS.OfficialStatistics: "Article 53(1)(c)",
    HDS.EducationInHealthOrCare: "Article 53(1)(d)",
    HDS.HealthScientificResearch: "Article 53(1)(e)",
    HDS.DevelopmentAndInnovation: "Article 53(1)(e)(i)",
    HDS.AlgorithmTrainingTestingEvaluation: "Article 53(1)(e)(ii)",
    HDS.ImprovingCareDelivery: "Article 53(1)(f)",
}
PROHIBITED = {
    HDS.DetrimentalDecisionMaking: "Article 54(a)",
    HDS.DiscriminatoryDecisionMaking: "Article 54(b)",
    HDS.AdvertisingOrMarketing: "Article 54(c)",
    HDS.HarmfulProductDevelopment: "Article 54(d)",
    HDS.ActivitiesAgainstNationalEthics: "Article 54(e)",
}
PUBLIC_SECTOR_ONLY = {HDS.PublicInterestInPublicHealth, HDS.PolicyMakingAndRegulation, HDS.OfficialStatistics}


def _parse(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="module")
def onto() -> Graph:
    return _parse(ONTOLOGY)


def _superclasses(g: Graph, cls: URIRef) -> set[URIRef]:
    return {c for c in g.transitive_objects(cls, RDFS.subClassOf) if isinstance(c, URIRef)} - {cls}


def _languages(g: Graph, node: URIRef, prop: URIRef) -> list[str | None]:
    return [o.language for o in g.objects(node, prop) if isinstance(o, Literal)]


def test_ontology_header(onto: Graph) -> None:
    iri = URIRef("https://w3id.org/hdsgraph/ontology")
    assert (iri, RDF.type, OWL.Ontology) in onto
    assert onto.value(iri, OWL.versionIRI) == URIRef("https://w3id.org/hdsgraph/ontology/0.1.0")
    assert str(onto.value(iri, OWL.versionInfo)) == "0.1.0"
    assert not list(onto.objects(None, OWL.imports)), "the ontology is meant to load without imports"
    assert not list(onto.triples((None, OWL.sameAs, None))), "owl:sameAs is not used (hds:country links instead)"


def test_every_hds_term_has_one_label_per_language(onto: Graph) -> None:
    terms = {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(str(HDS))}
    assert len(terms) > 60
    problems = []
    for term in sorted(terms):
        langs = _languages(onto, term, RDFS.label)
        if sorted(langs) != sorted(LANGS):
            problems.append(f"{term}: rdfs:label languages {langs}")
    assert not problems, "\n".join(problems)


def test_permitted_purposes_of_article_53(onto: Graph) -> None:
    for cls, provision in PERMITTED.items():
        assert (cls, RDF.type, OWL.Class) in onto, cls
        assert str(onto.value(cls, HDS.legalProvision)) == provision, cls
        assert (cls, DCTERMS.source, EHDS_ELI) in onto, cls
        supers = _superclasses(onto, cls)
        assert {HDS.SecondaryUsePurpose, HDS.Purpose, DPV.Purpose} <= supers, cls
        assert (HDS.PublicSectorOnlyPurpose in supers) == (cls in PUBLIC_SECTOR_ONLY), cls
    for cls in (HDS.DevelopmentAndInnovation, HDS.AlgorithmTrainingTestingEvaluation):
        assert {HDS.HealthScientificResearch, DPV.ScientificResearch, DPV.ResearchAndDevelopment} <= _superclasses(
            onto, cls
        )


def test_prohibited_uses_of_article_54(onto: Graph) -> None:
    assert (HDS.SecondaryUsePurpose, OWL.disjointWith, HDS.ProhibitedSecondaryUse) in onto
    for cls, provision in PROHIBITED.items():
        assert str(onto.value(cls, HDS.legalProvision)) == provision, cls
        assert HDS.ProhibitedSecondaryUse in _superclasses(onto, cls), cls
        assert (cls, DCTERMS.source, EHDS_ELI) in onto, cls
    assert (HDS.AdvertisingOrMarketing, OWL.equivalentClass, DPV.Marketing) in onto


def test_purposes_have_a_skos_view() -> None:
    onto, skos = _parse(ONTOLOGY), _parse(PURPOSES)
    classes = {
        c
        for c in onto.subjects(RDF.type, OWL.Class)
        if c.startswith(str(HDS)) and (c == HDS.Purpose or HDS.Purpose in _superclasses(onto, c))
    }
    concepts = set(skos.subjects(RDF.type, SKOS.Concept))
    assert classes == concepts
    for c in classes:
        assert (c, RDF.type, DPV.Purpose) in skos, f"{c}: not an instance of dpv:Purpose in the SKOS view"
        assert set(onto.objects(c, RDFS.label)) == set(skos.objects(c, SKOS.prefLabel)), f"{c}: labels differ"
        assert (c, RDF.type, SKOS.Concept) not in onto, f"{c}: SKOS typing belongs in {PURPOSES.name}"


def test_organisation_types(onto: Graph) -> None:
    types = set(onto.subjects(RDF.type, HDS.OrganisationType))
    expected = {
        HDS.PublicSectorBody,
        HDS.ResearchOrganisation,
        HDS.HealthDataAccessBody,
        HDS.HealthcareProvider,
        HDS.University,
        HDS.CommercialCompany,
        HDS.CloudTechnologyProvider,
        HDS.NationalDataService,
    }
    assert types == expected
    assert (HDS.organisationType, RDF.type, OWL.ObjectProperty) in onto
    assert (HDS.jurisdiction, RDF.type, OWL.ObjectProperty) in onto


def test_jurisdictions(onto: Graph) -> None:
    countries = _parse(COUNTRIES)
    country_concepts = set(countries.subjects(RDF.type, SKOS.Concept))
    linked = 0
    for j, c in onto.subject_objects(HDS.country):
        assert c in country_concepts, f"{j}: hds:country {c} is not in vocabularies/country.ttl"
        linked += 1
    assert linked == 45
    eu = set(onto.subjects(RDF.type, HDS.EUMemberState))
    assert len(eu) == 27
    assert all((m, HDS.memberOf, HDS.EU) in onto and (m, HDS.memberOf, HDS.EEA) in onto for m in eu)
    assert set(onto.subjects(RDF.type, HDS.EEAState)) == {HDS.IS, HDS.LI, HDS.NO}
    assert onto.value(HDS.LU, HDS.country) == URIRef("http://publications.europa.eu/resource/authority/country/LUX")
    adequate = set(onto.subjects(RDF.type, HDS.AdequateJurisdiction))
    assert {HDS.KR, HDS.CH, HDS.GB, HDS.JP, HDS.CA} <= adequate
    assert HDS.US not in adequate
    assert onto.value(HDS.KR, HDS.adequacyDecisionDate) == Literal("2021-12-17", datatype=XSD.date)
    for j in adequate:
        assert onto.value(j, HDS.adequacyDecision) is not None, j
        assert onto.value(j, HDS.adequacyDecisionDate) is not None, j
    assert onto.value(HDS.DPFCertifiedOrganisation, HDS.adequacyDecisionDate) == Literal(
        "2023-07-10", datatype=XSD.date
    )


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs a Java runtime ('java' is not on PATH)")
def test_consistent_under_hermit(tmp_path: Path) -> None:
    """owlready2 reads N-Triples, not Turtle: convert, load into a fresh World, classify with HermiT."""
    import owlready2

    started = time.monotonic()
    nt = tmp_path / "hdsgraph.nt"
    _parse(ONTOLOGY).serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    ontology = world.get_ontology(nt.as_uri()).load(format="ntriples")

    # Three illustrative participants, to see the defined classes classify them.
    hdab = owlready2.Thing("test-hdab", namespace=ontology)
    world[str(HDS.organisationType)][hdab].append(world[str(HDS.HealthDataAccessBody)])
    world[str(HDS.jurisdiction)][hdab].append(world[str(HDS.LU)])
    us_company = owlready2.Thing("test-us-company", namespace=ontology)
    world[str(HDS.organisationType)][us_company].append(world[str(HDS.CommercialCompany)])
    world[str(HDS.jurisdiction)][us_company].append(world[str(HDS.US)])
    dpf = world[str(HDS.DPFCertifiedOrganisation)]("test-dpf-company", namespace=ontology)

    owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)

    assert list(world.inconsistent_classes()) == []
    algorithms = world[str(HDS.AlgorithmTrainingTestingEvaluation)]
    assert world[str(DPV.ScientificResearch)] in algorithms.ancestors()
    assert world[str(HDS.ProhibitedSecondaryUse)] in world[str(DPV.Marketing)].ancestors()
    covered = world[str(HDS.AdequacyCoveredRecipient)]
    public_sector = world[str(HDS.PublicSectorParticipant)]
    assert covered in hdab.INDIRECT_is_a and public_sector in hdab.INDIRECT_is_a
    assert covered in dpf.INDIRECT_is_a
    assert covered not in us_company.INDIRECT_is_a and public_sector not in us_company.INDIRECT_is_a
    assert time.monotonic() - started < 20
