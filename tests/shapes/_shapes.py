"""Helpers for the shape tests: load ``shapes/`` and ``ontologies/``, validate a graph, read the results.

Validation is the call the project's conventions fix::

    pyshacl.validate(data, shacl_graph=shapes, ont_graph=vocabularies, advanced=True,
                     inference="none", allow_warnings=True)

with one difference in what is passed as ``ont_graph``: not all of ``ontologies/`` but the part of it the data
graph reaches (the concepts it names, their schemes and classes). pyshacl copies every ``owl:NamedIndividual`` of
the ontology graph, with all its triples, into the data graph on every call; with the whole vocabulary tree that
costs about a second per validation, with the reachable part a few milliseconds, and the results are the same
(``test_shapes_load.py`` checks both ways agree). ``hdsgraph.validation`` adds the referenced concepts the same
way.

The concepts the test datasets use are also written here (``FALLBACK_VOCABULARY``), so that the tests run while
``ontologies/`` is empty or incomplete; ``test_vocabulary_coverage.py`` checks that ``ontologies/`` holds them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from hdsgraph.validation.shape_sets import ShapeSet, read_shape_files, shape_files
from hdsgraph.validation.validator import read_turtle_tree

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHAPES_DIR = PROJECT_ROOT / "shapes"
ONTOLOGIES_DIR = PROJECT_ROOT / "ontologies"
# The standards' official files; present beside the checkout in CI, absent from a fresh clone.
REFERENCE_DIR = (PROJECT_ROOT / ".." / "shared" / "reference").resolve()

PREFIXES = """
@prefix adms: <http://www.w3.org/ns/adms#> .
@prefix csvw: <http://www.w3.org/ns/csvw#> .
@prefix cv: <http://data.europa.eu/m8g/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dcatap: <http://data.europa.eu/r5r/> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix dpv: <https://w3id.org/dpv#> .
@prefix dpv-pd: <https://w3id.org/dpv/dpv-pd#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix gx: <https://w3id.org/gaia-x/development#> .
@prefix hds: <https://w3id.org/hdsgraph/ontology#> .
@prefix healthdcatap: <http://healthdataportal.eu/ns/health#> .
@prefix odrl: <http://www.w3.org/ns/odrl/2/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix dataset: <https://seed.hdsgraph.org/dataset/> .
@prefix distribution: <https://seed.hdsgraph.org/distribution/> .
@prefix participant: <https://seed.hdsgraph.org/participant/> .
@prefix policy: <https://seed.hdsgraph.org/policy/> .
@prefix offering: <https://seed.hdsgraph.org/offering/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix eu: <http://publications.europa.eu/resource/authority/> .
@prefix access: <http://publications.europa.eu/resource/authority/access-right/> .
@prefix theme: <http://publications.europa.eu/resource/authority/data-theme/> .
@prefix dstype: <http://publications.europa.eu/resource/authority/dataset-type/> .
@prefix filetype: <http://publications.europa.eu/resource/authority/file-type/> .
@prefix lang: <http://publications.europa.eu/resource/authority/language/> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
@prefix freq: <http://publications.europa.eu/resource/authority/frequency/> .
@prefix hdeu: <https://hdeu-dcat.data.health.europa.eu/resource/authority/> .
@prefix healthcat: <https://hdeu-dcat.data.health.europa.eu/resource/authority/healthcategories/> .
@prefix healththeme: <https://hdeu-dcat.data.health.europa.eu/resource/authority/health-theme/> .
@prefix codingsystem: <https://hdeu-dcat.data.health.europa.eu/resource/authority/coding-system/> .
@prefix standard: <https://hdeu-dcat.data.health.europa.eu/resource/authority/standard/> .
@prefix pubtype: <https://hdeu-dcat.data.health.europa.eu/resource/authority/publisher-type/> .
"""

EU = "http://publications.europa.eu/resource/authority/"
HDEU = "https://hdeu-dcat.data.health.europa.eu/resource/authority/"
EHDS = "http://data.europa.eu/eli/reg/2025/327/oj"

# (scheme base, scheme, code, extra classes) of every concept the test datasets name. The extra classes are the
# DCAT-AP ranges the concepts must satisfy (e.g. dct:language values are dct:LinguisticSystem).
FALLBACK_CONCEPTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (EU, "access-right", "PUBLIC", ("dct:RightsStatement",)),
    (EU, "access-right", "RESTRICTED", ("dct:RightsStatement",)),
    (EU, "access-right", "NON_PUBLIC", ("dct:RightsStatement",)),
    (EU, "data-theme", "HEAL", ()),
    (EU, "data-theme", "EDUC", ()),
    (EU, "dataset-type", "STATISTICAL", ()),
    (EU, "file-type", "CSV", ("dct:MediaTypeOrExtent",)),
    (EU, "language", "ENG", ("dct:LinguisticSystem",)),
    (EU, "country", "LUX", ("dct:Location",)),
    (EU, "frequency", "ANNUAL", ("dct:Frequency",)),
    (HDEU, "healthcategories", "EHRS", ()),
    (HDEU, "healthcategories", "EHCT", ()),
    (HDEU, "healthcategories", "MRMR", ()),
    (HDEU, "health-theme", "HEALTH_SYSTEMS", ()),
    (HDEU, "coding-system", "SNOMED-CT", ("dct:Standard",)),
    (HDEU, "standard", "FHIR", ("dct:Standard",)),
    (HDEU, "publisher-type", "non-gov-org", ()),
)


def fallback_vocabulary() -> Graph:
    """The test datasets' concepts, typed as ``ontologies/`` types them (``owl:NamedIndividual`` included)."""
    lines = [PREFIXES]
    for base, scheme, code, classes in FALLBACK_CONCEPTS:
        types = ", ".join(("skos:Concept", "owl:NamedIndividual", *classes))
        lines.append(
            f'<{base}{scheme}/{code}> a {types} ; skos:inScheme <{base}{scheme}> ; skos:prefLabel "{code}"@en .'
        )
        lines.append(f'<{base}{scheme}> a skos:ConceptScheme, owl:NamedIndividual ; dct:title "{scheme}"@en .')
    lines.append(f"<{EHDS}> a eli:LegalResource, owl:NamedIndividual .")
    return Graph().parse(data="\n".join(lines), format="turtle")


@functools.cache
def shapes_graph() -> Graph:
    """The catalogue shape set (``shapes/**/*.ttl`` but the Gaia-X folders) as one graph, parsed once per session."""
    return read_shape_files(shape_files(SHAPES_DIR, ShapeSet.CATALOGUE))


@functools.cache
def ontology_graph() -> Graph:
    """``ontologies/**/*.ttl`` as one graph (possibly empty), parsed once per test session."""
    return read_turtle_tree(ONTOLOGIES_DIR)


@functools.cache
def vocabulary_graph() -> Graph:
    """The ontology graph plus the fallback concepts of the test datasets."""
    return ontology_graph() + fallback_vocabulary()


def turtle(text: str) -> Graph:
    """Parse a Turtle snippet written with the prefixes of :data:`PREFIXES`."""
    return Graph().parse(data=PREFIXES + text, format="turtle")


def reachable_vocabulary(data: Graph, vocabulary: Graph, depth: int = 6) -> Graph:
    """The part of ``vocabulary`` reachable from the nodes of ``data`` by following outgoing edges."""
    part = Graph()
    seen: set[Node] = set()
    frontier: set[Node] = {n for t in data for n in (t[0], t[2]) if isinstance(n, URIRef)}
    for _ in range(depth):
        following: set[Node] = set()
        for node in frontier - seen:
            seen.add(node)
            for p, o in vocabulary.predicate_objects(node):
                part.add((node, p, o))
                if not isinstance(o, Literal):
                    following.add(o)
        frontier = following
    return part


@dataclass(frozen=True)
class Result:
    """One top-level ``sh:result`` of a validation report."""

    focus: Node
    path: str | None  # the property IRI, or a readable form of a complex path ("a|b", "^a", "a/b")
    value: Node | None
    message: str
    severity: URIRef
    source_shape: Node


def _path_text(graph: Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(str(_path_text(graph, p)) for p in Collection(graph, alternatives))
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + str(_path_text(graph, inverse))
    if graph.value(path, RDF.first) is not None:
        return "/".join(str(_path_text(graph, p)) for p in Collection(graph, path))
    return repr(path)


def run_pyshacl(data: Graph, shapes: Graph, vocabulary: Graph | None) -> Graph:
    """The project's pyshacl call; returns the report graph."""
    _conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=vocabulary,
        advanced=True,
        inference="none",
        allow_warnings=True,
    )
    assert isinstance(report, Graph)
    return report


def report_results(report: Graph) -> list[Result]:
    """The top-level results of a report graph (not the nested ``sh:detail`` ones)."""
    results = []
    for report_node in report.subjects(RDF.type, SH.ValidationReport):
        for r in report.objects(report_node, SH.result):
            focus, severity, source = (
                report.value(r, SH.focusNode),
                report.value(r, SH.resultSeverity),
                report.value(r, SH.sourceShape),
            )
            assert focus is not None and isinstance(severity, URIRef) and source is not None
            results.append(
                Result(
                    focus=focus,
                    path=_path_text(report, report.value(r, SH.resultPath)),
                    value=report.value(r, SH.value),
                    message=str(report.value(r, SH.resultMessage) or ""),
                    severity=severity,
                    source_shape=source,
                )
            )
    return results


def results(
    data: Graph, *, shapes: Graph | None = None, vocabulary: Graph | None = None, whole_vocabulary: bool = False
) -> list[Result]:
    """Validate ``data`` against ``shapes`` (default: all of ``shapes/``); every result, any severity."""
    vocabulary = vocabulary_graph() if vocabulary is None else vocabulary
    ont = vocabulary if whole_vocabulary else reachable_vocabulary(data, vocabulary)
    return report_results(run_pyshacl(data, shapes_graph() if shapes is None else shapes, ont))


def validate(data: Graph, **kwargs: object) -> list[Result]:
    """The violations (``sh:Violation`` results) of ``data``; an empty list means it conforms."""
    return [r for r in results(data, **kwargs) if r.severity == SH.Violation]  # type: ignore[arg-type]


def describe(found: list[Result]) -> str:
    """Readable listing for assertion messages."""
    return "\n".join(f"  {r.focus} {r.path}: {r.message}" for r in found) or "  (none)"
