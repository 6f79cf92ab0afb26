"""The controlled vocabularies in ontologies/: every file parses, every concept is well formed and labelled."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGIES = ROOT / "ontologies"
VOCABULARIES = ONTOLOGIES / "vocabularies"
REFERENCE = ROOT.parent / "shared" / "reference"

EU = "http://publications.europa.eu/resource/authority/"
HD = "https://hdeu-dcat.data.health.europa.eu/resource/authority/"
HDS = Namespace("https://w3id.org/hdsgraph/ontology#")
LANGS = ("en", "fr", "de", "ko")
HANGUL = re.compile("[\uac00-\ud7a3]")

ALL_TTL = sorted(ONTOLOGIES.rglob("*.ttl"))
VOCAB_TTL = sorted(VOCABULARIES.glob("*.ttl"))

# scheme file -> scheme IRI, for the authority tables the project mirrors
SCHEMES = {
    "data-theme.ttl": EU + "data-theme",
    "access-right.ttl": EU + "access-right",
    "file-type.ttl": EU + "file-type",
    "licence.ttl": EU + "licence",
    "language.ttl": EU + "language",
    "frequency.ttl": EU + "frequency",
    "country.ttl": EU + "country",
    "dataset-type.ttl": EU + "dataset-type",
    "distribution-status.ttl": EU + "distribution-status",
    "planned-availability.ttl": EU + "planned-availability",
    "healthcategories.ttl": HD + "healthcategories",
    "health-theme.ttl": HD + "health-theme",
    "health-activity.ttl": HD + "health-activity",
    "coding-system.ttl": HD + "coding-system",
    "standard.ttl": HD + "standard",
    "publisher-type.ttl": HD + "publisher-type",
}

# The class a range shape of DCAT-AP 3.0.1 / HealthDCAT-AP release 8 requires of the values taken from each scheme.
RANGE_CLASS = {
    "access-right.ttl": DCTERMS.RightsStatement,
    "file-type.ttl": DCTERMS.MediaTypeOrExtent,
    "licence.ttl": DCTERMS.LicenseDocument,
    "language.ttl": DCTERMS.LinguisticSystem,
    "frequency.ttl": DCTERMS.Frequency,
    "country.ttl": DCTERMS.Location,
    "coding-system.ttl": DCTERMS.Standard,
}


def _parse(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {str(p.relative_to(ONTOLOGIES)): _parse(p) for p in ALL_TTL}


@pytest.fixture(scope="module")
def union(graphs: dict[str, Graph]) -> Graph:
    g = Graph()
    for part in graphs.values():
        g += part
    return g


def _concepts(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef)}


def _codes(g: Graph, scheme: str) -> set[str]:
    return {str(g.value(c, SKOS.notation)) for c in g.subjects(SKOS.inScheme, URIRef(scheme))}


def test_expected_files_exist() -> None:
    names = {p.name for p in VOCAB_TTL}
    missing = set(SCHEMES) - names
    assert not missing, f"vocabulary files missing: {sorted(missing)}"
    assert (ONTOLOGIES / "hdsgraph.ttl").is_file()
    assert (ONTOLOGIES / "README.md").is_file()


@pytest.mark.parametrize("path", ALL_TTL, ids=lambda p: str(p.relative_to(ONTOLOGIES)))
def test_file_parses_and_has_header(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#"), f"{path.name}: no header comment"
    machine_root = "/" + "work" + "/"  # spelled apart so this check does not match itself
    assert machine_root not in text, f"{path.name}: contains a machine path"
    assert len(_parse(path)) > 0


@pytest.mark.parametrize("name", sorted(SCHEMES))
def test_scheme_declared_with_title_version_and_source(graphs: dict[str, Graph], name: str) -> None:
    g = graphs[f"vocabularies/{name}"]
    scheme = URIRef(SCHEMES[name])
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g, f"{name}: {scheme} is not declared a skos:ConceptScheme"
    assert (scheme, RDF.type, OWL.NamedIndividual) in g, f"{name}: scheme not typed owl:NamedIndividual"
    titles = {t.language for t in g.objects(scheme, DCTERMS.title) if isinstance(t, Literal)}
    assert set(LANGS) <= titles, f"{name}: dct:title languages {sorted(titles)}"
    assert g.value(scheme, OWL.versionInfo) is not None, f"{name}: no owl:versionInfo"
    assert isinstance(g.value(scheme, DCTERMS.source), URIRef), f"{name}: no dct:source IRI"


@pytest.mark.parametrize("name", sorted(SCHEMES))
def test_concept_iris_follow_scheme_and_notation(graphs: dict[str, Graph], name: str) -> None:
    g = graphs[f"vocabularies/{name}"]
    scheme = SCHEMES[name]
    concepts = _concepts(g)
    assert concepts, f"{name}: no concepts"
    for c in concepts:
        notation = g.value(c, SKOS.notation)
        assert str(c) == f"{scheme}/{notation}", f"{name}: {c} does not end in its notation {notation!r}"
        assert (c, SKOS.inScheme, URIRef(scheme)) in g, f"{name}: {c} not in {scheme}"


def test_every_concept_in_a_declared_scheme_with_one_notation(union: Graph) -> None:
    schemes = set(union.subjects(RDF.type, SKOS.ConceptScheme))
    problems = []
    for c in sorted(_concepts(union)):
        in_schemes = set(union.objects(c, SKOS.inScheme))
        if not in_schemes:
            problems.append(f"{c}: no skos:inScheme")
        elif not in_schemes <= schemes:
            problems.append(f"{c}: skos:inScheme {sorted(in_schemes - schemes)} is not a declared skos:ConceptScheme")
        notations = [n for n in union.objects(c, SKOS.notation) if str(n).strip()]
        if len(notations) != 1:
            problems.append(f"{c}: {len(notations)} skos:notation values")
        if (c, RDF.type, OWL.NamedIndividual) not in union:
            problems.append(f"{c}: not typed owl:NamedIndividual (pyshacl would not copy it from ont_graph)")
    assert not problems, "\n".join(problems)


def test_every_concept_has_one_label_per_language(union: Graph) -> None:
    problems = []
    for c in sorted(_concepts(union)):
        by_lang: dict[str | None, list[str]] = defaultdict(list)
        for label in union.objects(c, SKOS.prefLabel):
            assert isinstance(label, Literal)
            by_lang[label.language].append(str(label))
        for lang in LANGS:
            values = by_lang.get(lang, [])
            if len(values) != 1 or not values[0].strip():
                problems.append(f"{c}: {len(values)} skos:prefLabel@{lang}")
        ko = by_lang.get("ko", [""])[0]
        if ko and not HANGUL.search(ko) and ko not in by_lang.get("en", []):
            problems.append(f"{c}: Korean label {ko!r} has no Hangul and is not the (format) name used in English")
    assert not problems, "\n".join(problems)


def test_no_concept_declared_in_two_files(graphs: dict[str, Graph]) -> None:
    seen: dict[URIRef, str] = {}
    clashes = []
    for name, g in graphs.items():
        for c in _concepts(g) | set(g.subjects(RDF.type, SKOS.ConceptScheme)):
            if c in seen:
                clashes.append(f"{c} in {seen[c]} and {name}")
            seen[c] = name
    assert not clashes, "\n".join(clashes)


def test_broader_and_top_concepts_stay_in_the_scheme(union: Graph) -> None:
    problems = []
    for c in sorted(_concepts(union)):
        schemes = set(union.objects(c, SKOS.inScheme))
        tops = set(union.objects(c, SKOS.topConceptOf))
        if not tops <= schemes:
            problems.append(f"{c}: top concept of a scheme it is not in")
        for b in union.objects(c, SKOS.broader):
            if not set(union.objects(b, SKOS.inScheme)) & schemes:
                problems.append(f"{c}: skos:broader {b} is not a concept of the same scheme")
        if not tops and not set(union.objects(c, SKOS.broader)):
            problems.append(f"{c}: neither a top concept nor narrower than another concept")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(RANGE_CLASS))
def test_concepts_carry_the_range_class(graphs: dict[str, Graph], name: str) -> None:
    g = graphs[f"vocabularies/{name}"]
    missing = [c for c in _concepts(g) if (c, RDF.type, RANGE_CLASS[name]) not in g]
    assert not missing, f"{name}: not typed {RANGE_CLASS[name]}: {sorted(missing)}"


def test_standards_below_a_grouping_are_dct_standards(graphs: dict[str, Graph]) -> None:
    g = graphs["vocabularies/standard.ttl"]
    for c in _concepts(g):
        is_standard = (c, RDF.type, DCTERMS.Standard) in g
        has_broader = g.value(c, SKOS.broader) is not None
        assert is_standard == has_broader, f"{c}: dct:Standard must mark exactly the standards (not the groupings)"


def test_the_17_health_categories(graphs: dict[str, Graph]) -> None:
    g = graphs["vocabularies/healthcategories.ttl"]
    # EHDS Article 51(1), points (a) to (q)
    expected = {"EHRS", "DIOH", "NRPE", "RPDG", "HRAD", "HGPD", "HPML", "PGEH", "WELA"}
    expected |= {"IDHP", "PHDR", "MRMR", "EHCT", "EMRD", "RMMD", "RQSH", "EINS"}
    assert _codes(g, HD + "healthcategories") == expected
    for c in _concepts(g):
        assert (c, SKOS.topConceptOf, URIRef(HD + "healthcategories")) in g
        assert "Article 51(1)" in str(g.value(c, SKOS.scopeNote))


def test_complete_and_key_codes(union: Graph) -> None:
    """Tables the project mirrors completely have all their codes; the codes other parts of hdsgraph use exist."""
    expected_counts = {
        EU + "data-theme": 13,
        EU + "dataset-type": 25,
        EU + "distribution-status": 9,
        EU + "frequency": 40,
        HD + "health-theme": 20,
        HD + "health-activity": 34,
        HD + "coding-system": 32,
        HD + "standard": 25,
        HD + "publisher-type": 36,
    }
    for scheme, count in expected_counts.items():
        assert len(_codes(union, scheme)) == count, scheme
    required = {
        EU + "data-theme": {"HEAL"},
        EU + "access-right": {"PUBLIC", "RESTRICTED", "NON_PUBLIC"},
        EU + "file-type": {
            "CSV",
            "JSON",
            "JSON_LD",
            "XML",
            "RDF_TURTLE",
            "RDF_XML",
            "RDF_N_TRIPLES",
            "PARQUET",
            "ZIP",
            "GZIP",
            "TAR",
            "PDF",
            "XLSX",
            "TSV",
            "HDF",
        },
        EU + "licence": {"CC_BY_4_0", "CC_BYSA_4_0", "CC_BYNC_4_0", "CC0", "ODC_BY", "ODC_BL"},
        EU + "language": {"ENG", "FRA", "DEU", "LTZ", "KOR"},
        EU + "country": {"LUX", "FRA", "DEU", "BEL", "CHE", "GBR", "KOR", "USA", "JPN", "CAN"},
        EU + "dataset-type": {"STATISTICAL", "TEST_DATA", "SYNTHETIC_DATA"},
        EU + "distribution-status": {"COMPLETED"},
        EU + "planned-availability": {"AVAILABLE", "STABLE"},
        HD + "coding-system": {"SNOMED-CT", "ICD-10", "ICD-11", "LOINC", "ATC", "ICD-O", "MEDDRA", "HPO"},
        HD + "standard": {"FHIR", "DICOM", "OMOP-CDM", "OPENEHR", "CDA", "CDISC-SDTM", "MIABIS", "ISO-13606-1", "HL7"},
        HD + "publisher-type": {
            "non-gov-org",
            "public-health-registry",
            "research-institute-org",
            "university",
            "inpatient-institute",
            "private-company",
        },
        HD + "health-theme": {"HEALTH_SYSTEMS", "CANCER_DISEASE"},
        HD + "health-activity": {"ROUTINE_RECORDS", "COHORT", "CLINICAL_TRIAL"},
    }
    for scheme, codes in required.items():
        missing = codes - _codes(union, scheme)
        assert not missing, f"{scheme}: missing {sorted(missing)}"
    assert len(_codes(union, EU + "country")) == 45


@pytest.mark.reference
@pytest.mark.skipif(not REFERENCE.is_dir(), reason="the standards' reference files are not beside this checkout")
def test_official_example_vocabulary_values_are_declared(union: Graph) -> None:
    """Every EU or HealthDCAT-AP authority IRI the official HealthDCAT-AP release 8 example uses is declared here."""
    example = _parse(REFERENCE / "healthdcat-ap-r8" / "examples" / "example-healthdcat-dataset.ttl")
    concepts = _concepts(union)
    used = {o for o in example.objects() if isinstance(o, URIRef) and (str(o).startswith(EU) or str(o).startswith(HD))}
    assert used, "the example names no authority IRI"
    missing = sorted(str(o) for o in used - concepts)
    assert not missing, f"not declared in ontologies/vocabularies: {missing}"
