"""Shape evaluations skipped when certain to find nothing change no report: same results, messages and all.

``_quick_conformance`` answers "certain to give no result?" before pyshacl evaluates a shape. Every seed and the
broken variants of ``test_selection_same_verdicts`` are validated with and without it; so are small shape sets
built here for what the project's shapes use little or not at all (``sh:not``, ``sh:xone``, qualified value
shapes, SPARQL constraints, recursion, ``sh:class`` through a cycle of subclasses).
"""

from __future__ import annotations

import inspect
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyshacl.constraints.core as core
import pytest
from pyshacl.constraints.constraint_component import ConstraintComponent
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef

from hdsgraph.validation import ShaclValidator, ValidationReport
from hdsgraph.validation import _quick_conformance as quick
from hdsgraph.validation._work_graph import WorkDataGraph, work_graph
from hdsgraph.validation.shape_sets import ShapeSet
from tests.conftest import ROOT
from tests.validation.test_selection_same_verdicts import BROKEN, SEEDS

EX = "http://example.org/"
PREFIXES = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <{EX}> .
"""


def _results(report: ValidationReport) -> Counter[Any]:
    return Counter(report.results)


def _both_ways(validate: Callable[[], ValidationReport], monkeypatch: pytest.MonkeyPatch) -> ValidationReport:
    """The report with the shortcut, after checking that pyshacl alone gives the very same one."""
    monkeypatch.setattr(quick, "enabled", False)
    alone = validate()
    monkeypatch.setattr(quick, "enabled", True)
    quickly = validate()
    assert _results(quickly) == _results(alone)
    return quickly


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Every answer the shortcut gave at the top of an evaluation, in order."""
    given: list[bool] = []
    ask = quick.conforms_quickly

    def spy(*args: Any) -> bool:
        given.append(ask(*args))
        return given[-1]

    monkeypatch.setattr(quick, "conforms_quickly", spy)
    yield given


@pytest.mark.parametrize("path", SEEDS, ids=[str(p.relative_to(ROOT / "seeds")) for p in SEEDS])
def test_every_seed_gets_the_same_report(
    validator: ShaclValidator, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = Graph().parse(path, format="turtle")
    _both_ways(lambda: validator.validate(data), monkeypatch)


@pytest.mark.parametrize(("name", "breaker"), BROKEN, ids=[f"{n}-{b.__name__}" for n, b in BROKEN])
def test_broken_variants_get_the_same_report(
    validator: ShaclValidator, name: str, breaker: Callable[[Graph], Graph], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = breaker(Graph().parse(ROOT / "seeds" / name, format="turtle"))
    report = _both_ways(lambda: validator.validate(data), monkeypatch)
    assert not report.conforms, "the variant must be broken, or the comparison proves nothing"


def test_a_conforming_dataset_is_mostly_answered_without_pyshacls_evaluation(
    validator: ShaclValidator, answers: list[bool]
) -> None:
    data = Graph().parse(ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl", format="turtle")
    report = validator.validate(data)
    assert report.conforms
    # Shapes with a warning in them, or a SPARQL constraint, are not certain; the rest are.
    assert answers.count(True) > 5 * answers.count(False) > 0


def test_a_violation_is_never_answered_away(validator: ShaclValidator, answers: list[bool]) -> None:
    data = Graph().parse(ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl", format="turtle")
    dataset = URIRef("https://seed.hdsgraph.org/dataset/lih-bladder-cancer-cohort")
    data.remove((dataset, URIRef("http://purl.org/dc/terms/title"), None))
    report = validator.validate(data)
    assert any(r.path and r.path.endswith("title") for r in report.violations)
    assert False in answers


# -- small shape sets, for what the project's shapes use little ------------------------------------------------

SHAPES = (
    PREFIXES
    + """
ex:Thing a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:datatype xsd:string ] ;
    sh:property [ sh:path ex:kind ; sh:class ex:Kind ; sh:severity sh:Warning ] ;
    sh:property [ sh:path ex:when ; sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:dateTime ] ) ] ;
    sh:property [ sh:path ex:code ; sh:in ( "a" "b" ) ] ;
    sh:property [ sh:path ex:part ; sh:node ex:Part ] ;
    sh:property [ sh:path ex:not ; sh:not [ sh:datatype xsd:integer ] ] ;
    sh:property [ sh:path ex:one ; sh:xone ( [ sh:datatype xsd:string ] [ sh:minLength 3 ] ) ] ;
    sh:property [ sh:path ex:part ; sh:qualifiedValueShape [ sh:class ex:Part ] ; sh:qualifiedMinCount 1 ] ;
    sh:property [ sh:path ex:both ; sh:and ( [ sh:nodeKind sh:IRI ] [ sh:class ex:Kind ] ) ] ;
    sh:property [ sh:path ( ex:part ex:label ) ; sh:maxCount 2 ] .
ex:Part a sh:NodeShape ; sh:closed true ; sh:ignoredProperties ( rdf:type rdfs:label ) ;
    sh:property [ sh:path ex:label ; sh:minLength 2 ] ;
    sh:property [ sh:path ex:next ; sh:node ex:Part ] .
ex:Flagged a sh:NodeShape ; sh:targetSubjectsOf ex:flag ;
    sh:sparql [ sh:select "SELECT $this WHERE { $this <http://example.org/flag> false }" ;
                sh:message "flag is false" ] .
"""
)

GOOD = (
    PREFIXES
    + """
ex:t a ex:Thing ; ex:name "thing" ; ex:kind ex:k ; ex:when "2024-01-01"^^xsd:date ; ex:code "a" ;
    ex:part ex:p1 ; ex:not "text" ; ex:one "ab" ; ex:both ex:k ; ex:flag true .
ex:k a ex:SubKind .
ex:SubKind rdfs:subClassOf ex:Kind .
ex:Kind rdfs:subClassOf ex:SubKind .
ex:p1 a ex:Part ; ex:label "one" ; ex:next ex:p2 .
ex:p2 a ex:Part ; ex:label "two" ; ex:next ex:p1 ; rdfs:label "a cycle of parts" .
"""
)


def _small_validator() -> ShaclValidator:
    return ShaclValidator(Graph().parse(data=SHAPES, format="turtle"))


@pytest.fixture(scope="module")
def small() -> ShaclValidator:
    return _small_validator()


# pyshacl warns where a shape meets itself again below itself (ex:Part through ex:next), and backs out there.
RECURSION = pytest.mark.filterwarnings("ignore::pyshacl.errors.ShapeRecursionWarning")


@RECURSION
def test_a_conforming_document_with_recursion_and_every_kind_of_shape(
    small: ShaclValidator, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = Graph().parse(data=GOOD, format="turtle")
    report = _both_ways(lambda: small.validate(data), monkeypatch)
    assert report.results == ()


BREAKS: list[tuple[str, str]] = [
    ("a missing name", 'ex:t ex:name "thing" .'),
    ("a kind of another class (a warning)", "ex:k a ex:SubKind ."),
    ("a date that is neither", 'ex:t ex:when "2024-01-01"^^xsd:date .'),
    ("a code not in the list", 'ex:t ex:code "a" .'),
    ("a short label deep in the cycle", 'ex:p2 ex:label "two" .'),
    ("an integer where sh:not forbids one", 'ex:t ex:not "text" .'),
    ("a value of both xone members", 'ex:t ex:one "ab" .'),
    ("a false flag (SPARQL)", "ex:t ex:flag true ."),
    ("a closed shape with another property", 'ex:p1 ex:label "one" .'),
]
REPLACEMENTS = {
    "a missing name": "",
    "a kind of another class (a warning)": "ex:k a ex:Other .",
    "a date that is neither": 'ex:t ex:when "soon" .',
    "a code not in the list": 'ex:t ex:code "c" .',
    "a short label deep in the cycle": 'ex:p2 ex:label "x" .',
    "an integer where sh:not forbids one": "ex:t ex:not 7 .",
    "a value of both xone members": 'ex:t ex:one "long enough" .',
    "a false flag (SPARQL)": "ex:t ex:flag false .",
    "a closed shape with another property": 'ex:p1 ex:label "one" ; ex:colour "red" .',
}


@RECURSION
@pytest.mark.parametrize(("name", "line"), BREAKS, ids=[name for name, _ in BREAKS])
def test_each_break_is_reported_as_pyshacl_reports_it(
    small: ShaclValidator, name: str, line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = Graph().parse(data=GOOD, format="turtle")
    removed = Graph().parse(data=PREFIXES + line, format="turtle")
    data = good - removed
    data.parse(data=PREFIXES + REPLACEMENTS[name], format="turtle")
    report = _both_ways(lambda: small.validate(data), monkeypatch)
    assert report.results, f"{name}: the break must give a result, or the comparison proves nothing"


def test_leaf_components_are_pyshacls_own_by_their_names() -> None:
    names = {
        cls.constraint_name()
        for module in vars(core).values()
        if inspect.ismodule(module)
        for cls in vars(module).values()
        if inspect.isclass(cls)
        and issubclass(cls, ConstraintComponent)
        and cls.__module__ == module.__name__
        and not inspect.isabstract(cls)
        and cls.__name__.endswith("ConstraintComponent")
    }
    assert names >= quick._LEAF_NAMES, f"pyshacl renamed {sorted(quick._LEAF_NAMES - names)}"
    assert "NodeConstraintComponent" in names and "NodeConstraintComponent" not in quick._LEAF_NAMES


def test_classes_of_a_node_are_those_pyshacl_walks(small: ShaclValidator) -> None:
    kind, sub, other = URIRef(EX + "Kind"), URIRef(EX + "SubKind"), URIRef(EX + "Other")
    node, blank = URIRef(EX + "k"), BNode()
    triples = [
        (node, RDF.type, sub),
        (sub, RDFS.subClassOf, kind),
        (kind, RDFS.subClassOf, sub),  # a cycle
        (other, RDFS.subClassOf, kind),  # a subclass, not a superclass
        (blank, RDF.type, other),
    ]
    catalogue = ShapeSet.CATALOGUE
    work = work_graph(triples, (), small._concept_closures(catalogue, small._selector(catalogue)), ())
    graph = WorkDataGraph(work.index, work)
    for subject in (node, blank, URIRef(EX + "untyped"), Literal("text")):
        walked = {c for t in graph.objects(subject, RDF.type) for c in graph.transitive_objects(t, RDFS.subClassOf)}
        assert graph.classes_of(subject) == walked
    assert graph.classes_of(node) == {sub, kind}
    assert graph.classes_of(blank) == {other, kind, sub}
