"""The validator gives the same verdicts as plain pyshacl, faster, as readable reports."""

from __future__ import annotations

import functools

import pyshacl
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SH
from rdflib.plugins.sparql.processor import SPARQLProcessor

from hdsgraph.core.errors import ConfigError
from hdsgraph.core.vocab import DCT, HEALTHDCATAP, PREFIXES, XSD
from hdsgraph.validation import Severity, ShaclValidator
from hdsgraph.validation._query_cache import RDFLIB_QUERY
from hdsgraph.validation.shape_sets import ShapeSet, shape_files
from hdsgraph.validation.validator import read_turtle_tree
from tests.conftest import ROOT

BLADDER = ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl"
DATASET = "https://seed.hdsgraph.org/dataset/lih-bladder-cancer-cohort"


def broken() -> Graph:
    graph = Graph().parse(BLADDER, format="turtle")
    subject = next(iter(graph.subjects(HEALTHDCATAP.numberOfRecords, None)))
    graph.set((subject, HEALTHDCATAP.numberOfRecords, Literal("12.5", datatype=XSD.decimal)))
    graph.remove((None, DCT.identifier, None))
    return graph


@functools.cache
def _tree(name: str) -> Graph:
    """The catalogue shape set or ``ontologies/`` as one graph, read once for the module."""
    if name == "shapes":
        graph = Graph()
        for path in shape_files(ROOT / "shapes", ShapeSet.CATALOGUE):
            graph.parse(path, format="turtle")
        return graph
    return read_turtle_tree(ROOT / name)


def plain_pyshacl_violations(data: Graph) -> set[tuple[str, str]]:
    # Plain means plain: rdflib's own query method, not the node's prepared-query cache.
    installed, SPARQLProcessor.query = SPARQLProcessor.query, RDFLIB_QUERY  # type: ignore[method-assign]
    try:
        _conforms, report, _ = pyshacl.validate(
            data,
            shacl_graph=_tree("shapes"),
            ont_graph=_tree("ontologies"),
            advanced=True,
            inference="none",
            allow_warnings=True,
        )
    finally:
        SPARQLProcessor.query = installed  # type: ignore[method-assign]
    nested = set(report.objects(None, SH.detail))
    return {
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)))
        for r in report.subjects(SH.resultSeverity, SH.Violation)
        if r not in nested
    }


def _expand(shown: str | None) -> str:
    if shown is None:
        return "None"
    if shown.startswith("<"):
        return shown.strip("<>")
    prefix, _, local = shown.partition(":")
    return PREFIXES[prefix] + local


@pytest.mark.parametrize("make", [lambda: Graph().parse(BLADDER, format="turtle"), broken], ids=["valid", "broken"])
def test_same_verdicts_as_plain_pyshacl(validator: ShaclValidator, make: object) -> None:
    data = make()  # type: ignore[operator]
    ours = validator.validate(data)
    expected = plain_pyshacl_violations(data)
    got = {(v.focus_node.strip("<>"), _expand(v.path)) for v in ours.violations}
    assert got == expected


def test_a_report_names_focus_node_property_value_and_message(validator: ShaclValidator) -> None:
    report = validator.validate(broken())
    assert not report.conforms
    by_path = {v.path: v for v in report.violations}
    records = by_path["healthdcatap:numberOfRecords"]
    assert records.focus_node == f"<{DATASET}>"
    assert records.value == '"12.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    assert records.severity is Severity.VIOLATION
    assert "nonNegativeInteger" in records.message
    assert "dct:identifier" in by_path
    text = report.describe()
    assert text.startswith(f"{len(report.violations)} violation(s)")
    assert f"Violation: <{DATASET}> | property healthdcatap:numberOfRecords | value" in text


def test_validation_does_not_change_the_document(validator: ShaclValidator) -> None:
    data = Graph().parse(BLADDER, format="turtle")
    before = len(data)
    validator.validate(data)
    assert len(data) == before


def test_an_empty_shapes_graph_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="the shapes graph is empty"):
        ShaclValidator(Graph())


def test_complex_paths_are_written_as_in_sparql() -> None:
    from hdsgraph.validation.report import ValidationReport

    report = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        [ a sh:ValidationResult ; sh:resultSeverity sh:Violation ; sh:focusNode <https://e.org/p> ;
          sh:resultMessage "a name is needed"@en ;
          sh:resultPath [ sh:alternativePath ( foaf:name [ sh:inversePath foaf:member ] ) ] ] .""",
        format="turtle",
    )
    (result,) = ValidationReport.from_graph(report, Graph(), PREFIXES).results
    assert result.path == "(foaf:name|^foaf:member)"
