"""The seed world: every file validates alone against shapes/, and the world is as complete as promised."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.vocab import DCAT, DCT, GX, HEALTHDCATAP, ODRL, RDF
from hdsgraph.ingest import Document, check_document
from hdsgraph.node.seeding import seed_files
from hdsgraph.validation import ShaclValidator
from tests.conftest import ROOT

SEEDS = ROOT / "seeds"
# What a node loads as RDF documents, and the participants' claims its signed self-descriptions were made from.
FILES = [p for p in seed_files(SEEDS) if p.suffix == ".ttl"] + sorted((SEEDS / "participants").glob("*.ttl"))
HC = "https://hdeu-dcat.data.health.europa.eu/resource/authority/healthcategories/"
ALL_CATEGORIES = {
    "EHRS", "DIOH", "NRPE", "RPDG", "HRAD", "HGPD", "HPML", "PGEH", "WELA",
    "IDHP", "PHDR", "MRMR", "EHCT", "EMRD", "RMMD", "RQSH", "EINS",
}  # fmt: skip


@pytest.fixture(scope="module")
def world() -> Graph:
    graph = Graph()
    for path in FILES:
        graph.parse(path, format="turtle")
    return graph


def test_the_seeds_say_they_are_illustrative() -> None:
    readme = (SEEDS / "README.md").read_text(encoding="utf-8").lower()
    assert "illustrative" in readme and "no real patient data" in readme


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(SEEDS).as_posix())
def test_each_seed_file_validates_alone(path: Path, validator: ShaclValidator) -> None:
    _graph, report = check_document(validator, Document.from_file(path, RdfFormat.TURTLE))
    assert report.conforms, report.describe()


def test_at_least_thirty_datasets_each_with_a_policy(world: Graph) -> None:
    datasets = set(world.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) >= 30
    without = [d for d in datasets if (d, ODRL.hasPolicy, None) not in world]
    assert not without, f"datasets without odrl:hasPolicy: {without}"
    policies = {o for d in datasets for o in world.objects(d, ODRL.hasPolicy)}
    assert all((p, RDF.type, None) in world for p in policies), "every policy a dataset names is described"


def test_every_health_category_is_used(world: Graph) -> None:
    used = {str(o).removeprefix(HC) for o in world.objects(None, HEALTHDCATAP.healthCategory)}
    assert used >= ALL_CATEGORIES, f"unused: {sorted(ALL_CATEGORIES - used)}"


@pytest.mark.parametrize(
    ("slug", "words"),
    [("lih-bladder-cancer-cohort", "Bladder Cancer Cohort"), ("ncck-parkinsons-feasibility-cohort", "Parkinson")],
)
def test_the_flagship_cohorts(world: Graph, slug: str, words: str) -> None:
    dataset = URIRef(f"https://seed.hdsgraph.org/dataset/{slug}")
    titles = [str(t) for t in world.objects(dataset, DCT.title)]
    assert any(words in t for t in titles), titles


def test_the_bladder_cohort_has_clinical_and_omics_distributions(world: Graph) -> None:
    dataset = URIRef("https://seed.hdsgraph.org/dataset/lih-bladder-cancer-cohort")
    titles = " ".join(
        str(t).lower() for d in world.objects(dataset, DCAT.distribution) for t in world.objects(d, DCT.title)
    )
    assert "clinical" in titles and "omics" in titles


def test_participants_and_offerings(world: Graph) -> None:
    participants = {str(p).rsplit("/", 1)[1] for p in world.subjects(RDF.type, GX.LegalPerson)}
    assert {"lih", "ncck"} <= participants and len(participants) >= 14
    offerings = list(world.subjects(RDF.type, GX.ServiceOffering))
    assert len(offerings) >= 3


def test_every_project_term_the_seeds_use_is_defined_in_the_ontology(world: Graph) -> None:
    ontology = Graph()
    for path in sorted((ROOT / "ontologies").rglob("*.ttl")):
        ontology.parse(path, format="turtle")
    defined = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    hds = "https://w3id.org/hdsgraph/ontology#"
    used = {t for triple in world for t in triple if isinstance(t, URIRef) and str(t).startswith(hds)}
    assert used, "the seeds use the project ontology (organisation types, jurisdictions, purposes)"
    assert not sorted(used - defined), f"undefined project terms: {sorted(used - defined)}"


def test_every_vocabulary_concept_the_seeds_use_exists(world: Graph) -> None:
    vocabularies = Graph()
    for path in sorted((ROOT / "ontologies" / "vocabularies").glob("*.ttl")):
        vocabularies.parse(path, format="turtle")
    known = set(vocabularies.subjects())
    authorities = ("http://publications.europa.eu/resource/authority/", "https://hdeu-dcat.data.health.europa.eu/")
    used = {o for o in world.objects() if isinstance(o, URIRef) and str(o).startswith(authorities)}
    used -= {URIRef(str(u)) for u in used if str(u).count("/") <= 5}  # scheme IRIs themselves
    assert not sorted(used - known), f"concepts missing from ontologies/vocabularies: {sorted(used - known)}"
