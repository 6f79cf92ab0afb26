"""Terms a document names but does not define need no inline typing: the vocabularies of ontologies/ type them.

The range shapes want ``dcatap:applicableLegislation`` values typed ``eli:LegalResource``, ``dpv:hasPersonalData``
values ``dpv:PersonalData``, ``dpv:hasLegalBasis`` values ``dpv:LegalBasis``, ``dpv:hasPurpose`` values
``dpv:Purpose`` and ``dcat:mediaType`` values ``dct:MediaType``. The validator copies into the data graph what
ontologies/ says about every IRI a document references, so a publisher names the term and the vocabulary supplies
the type. These tests take a seed dataset, delete what it says inline about such terms, and validate it again.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from hdsgraph.core.vocab import PREFIXES
from hdsgraph.validation import ShaclValidator
from hdsgraph.validation.validator import read_turtle_tree

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGIES = ROOT / "ontologies"
VOCABULARIES = ONTOLOGIES / "vocabularies"
SEEDS = ROOT / "seeds"
BLADDER = SEEDS / "datasets" / "lih-bladder-cancer-cohort.ttl"

ELI = "http://data.europa.eu/eli/"
DPV = "https://w3id.org/dpv#"
DPV_PD = "https://w3id.org/dpv/dpv-pd#"
GDPR = "https://w3id.org/dpv/legal/eu/gdpr#"
HDS = "https://w3id.org/hdsgraph/ontology#"
LANGS = {"en", "fr", "de", "ko"}

# The kinds of term defined outside any document: how to recognise their IRIs, the class the shapes require of them,
# the file of ontologies/vocabularies/ that defines them, its scheme and how many terms it holds.
KINDS = {
    "legislation": (
        re.compile(r"^http://data\.europa\.eu/eli/(?!ontology#)"),
        URIRef(ELI + "ontology#LegalResource"),
        "legislation.ttl",
        HDS + "LegislationScheme",
        7,
    ),
    "personal data": (
        re.compile(r"^https://w3id\.org/dpv/dpv-pd#"),
        URIRef(DPV + "PersonalData"),
        "dpv-personal-data.ttl",
        HDS + "PersonalDataScheme",
        48,
    ),
    "legal basis": (
        re.compile(r"^https://w3id\.org/dpv/legal/eu/gdpr#"),
        URIRef(DPV + "LegalBasis"),
        "dpv-legal-basis.ttl",
        HDS + "LegalBasisScheme",
        26,
    ),
    "media type": (
        re.compile(r"^https?://www\.iana\.org/assignments/media-types/"),
        DCTERMS.MediaType,
        "iana-media-types.ttl",
        HDS + "MediaTypeScheme",
        30,
    ),
}


def _parse(*paths: Path) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def _kind(term: object) -> str | None:
    if isinstance(term, URIRef):
        for kind, (pattern, *_rest) in KINDS.items():
            if pattern.match(str(term)):
                return kind
    return None


def _external_terms(graph: Graph) -> set[URIRef]:
    """Every IRI of a kind in KINDS that ``graph`` mentions, as subject or object."""
    mentioned = set(graph.subjects()) | set(graph.objects())
    return {t for t in mentioned if isinstance(t, URIRef) and _kind(t)}


def _without_inline_descriptions(graph: Graph) -> Graph:
    """``graph`` without any triple about an external term (its rdf:type, labels, anything): what a publisher sends."""
    stripped = Graph()
    for triple in graph:
        if not _kind(triple[0]):
            stripped.add(triple)
    return stripped


def _iri(shown: str | None) -> URIRef | None:
    """The IRI behind a report's value (``<…>`` or ``prefix:local``), or None for a literal or no value."""
    if shown is None:
        return None
    if shown.startswith("<") and shown.endswith(">"):
        return URIRef(shown[1:-1])
    prefix, _, local = shown.partition(":")
    return URIRef(PREFIXES[prefix] + local) if prefix in PREFIXES and local else None


@pytest.fixture(scope="module")
def ontologies() -> Graph:
    return read_turtle_tree(ONTOLOGIES)


@pytest.fixture(scope="module")
def seeds() -> Graph:
    return _parse(*sorted(SEEDS.rglob("*.ttl")))


@pytest.fixture(scope="module")
def bladder() -> tuple[Graph, set[URIRef]]:
    graph = _parse(BLADDER)
    return _without_inline_descriptions(graph), _external_terms(graph)


def test_the_seed_dataset_conforms_without_describing_the_terms_it_names(
    validator: ShaclValidator, bladder: tuple[Graph, set[URIRef]]
) -> None:
    stripped, terms = bladder
    assert {_kind(t) for t in terms} == set(KINDS), "the seed should name terms of every kind"
    assert not _external_terms(stripped) & set(stripped.subjects()), "something about a term was left"

    report = validator.validate(stripped)
    assert report.conforms, report.describe()


@pytest.mark.parametrize("path", sorted(SEEDS.rglob("*.ttl")), ids=lambda p: p.relative_to(SEEDS).as_posix())
def test_every_seed_file_conforms_without_describing_the_terms_it_names(validator: ShaclValidator, path: Path) -> None:
    graph = _parse(path)
    report = validator.validate(_without_inline_descriptions(graph))
    assert report.conforms, report.describe()


def test_without_the_vocabularies_the_same_document_fails(bladder: tuple[Graph, set[URIRef]]) -> None:
    """The control: the vocabularies added for these kinds, not something else, make the stripped seed conform."""
    stripped, terms = bladder
    files = {KINDS[kind][2] for kind in KINDS}
    vocabularies = _parse(*(p for p in sorted(ONTOLOGIES.rglob("*.ttl")) if p.name not in files))
    bare = ShaclValidator(read_turtle_tree(ROOT / "shapes"), vocabularies)
    rejected = {_iri(r.value) for r in bare.validate(stripped).violations}
    assert terms <= rejected, f"accepted without a vocabulary: {sorted(terms - rejected)}"


@pytest.mark.parametrize("term", sorted(_external_terms(_parse(*sorted(SEEDS.rglob("*.ttl"))))), ids=str)
def test_every_term_the_seeds_name_is_defined(ontologies: Graph, term: URIRef) -> None:
    kind = _kind(term)
    assert kind is not None
    _pattern, cls, name, scheme, _count = KINDS[kind]
    assert (term, RDF.type, cls) in ontologies, f"{term} is not typed {cls} in ontologies/ (expected in {name})"
    assert (term, RDF.type, OWL.NamedIndividual) in ontologies
    assert (term, SKOS.inScheme, URIRef(scheme)) in ontologies


def test_the_purposes_the_seeds_name_are_dpv_purposes(ontologies: Graph, seeds: Graph) -> None:
    purposes = set(seeds.objects(None, URIRef(DPV + "hasPurpose")))
    assert purposes
    untyped = sorted(p for p in purposes if (p, RDF.type, URIRef(DPV + "Purpose")) not in ontologies)
    assert not untyped, f"dpv:hasPurpose values not typed dpv:Purpose in ontologies/: {untyped}"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_vocabulary_file(kind: str) -> None:
    pattern, cls, name, scheme_iri, count = KINDS[kind]
    graph = _parse(VOCABULARIES / name)
    scheme = URIRef(scheme_iri)
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph and (scheme, RDF.type, OWL.NamedIndividual) in graph
    titles = {t.language for t in graph.objects(scheme, DCTERMS.title) if isinstance(t, Literal)}
    assert titles >= LANGS, f"{name}: dct:title languages {sorted(titles, key=str)}"
    assert graph.value(scheme, OWL.versionInfo) is not None, f"{name}: no owl:versionInfo"
    assert isinstance(graph.value(scheme, DCTERMS.source), URIRef), f"{name}: no dct:source IRI"

    concepts = set(graph.subjects(SKOS.inScheme, scheme))
    assert len(concepts) == count, f"{name}: {len(concepts)} terms, the file header and README say {count}"
    for concept in concepts:
        assert pattern.match(str(concept)), f"{name}: {concept} is not an IRI of its vocabulary"
        assert {SKOS.Concept, OWL.NamedIndividual, cls} <= set(graph.objects(concept, RDF.type)), concept
    assert set(graph.subjects(RDF.type, cls)) == concepts, f"{name}: {cls} outside the scheme"
