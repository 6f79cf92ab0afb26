"""The shapes tree as a whole: it parses, pyshacl accepts it, every shape explains itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDF, RDFS, SH
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.term import Node

from hdsgraph.validation._query_cache import RDFLIB_QUERY
from hdsgraph.validation.shape_sets import ShapeSet, shape_files
from tests.shapes._datasets import MUTATIONS, Mutation, dataset
from tests.shapes._shapes import SHAPES_DIR, describe, run_pyshacl, validate

SHAPE_FILES = sorted(SHAPES_DIR.rglob("*.ttl"))


def test_catalogue_shapes_come_from_the_three_folders() -> None:
    folders = {p.parent.name for p in shape_files(SHAPES_DIR, ShapeSet.CATALOGUE)}
    assert folders == {"dcat-ap-3.0.1", "healthdcat-ap-r8", "hdsgraph"}


def test_gaiax_shapes_sit_in_their_own_folders() -> None:
    folders = {p.parent.name for p in SHAPE_FILES} - {"dcat-ap-3.0.1", "healthdcat-ap-r8", "hdsgraph"}
    assert folders == {"gaia-x-tagus-22.10", "gaia-x-loire-25.11"}


@pytest.mark.parametrize("path", SHAPE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shapes_file_parses_and_starts_with_a_header_comment(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    Graph().parse(data=text, format="turtle")
    assert text.startswith("# "), "each shapes file starts with a comment saying what it covers and its source"
    assert not re.search(r"(^|[\s<\"])/(work|home|tmp|root)/", text), "no machine paths in committed files"


def test_pyshacl_loads_the_whole_shapes_graph(shapes: Graph) -> None:
    report = run_pyshacl(Graph(), shapes, None)
    assert (None, SH.conforms, Literal(True)) in report


TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.target)
GROUPING_TERMS = {RDF.type, RDFS.label, RDFS.comment, SH.property, *TARGETS}


def _shapes_that_report(shapes: Graph) -> set[Node]:
    """The shapes whose sh:message and sh:severity a user sees in a report: every property shape of a targeted
    node shape, and every targeted node shape with constraints of its own. (Shapes used only through sh:node,
    sh:or or sh:not report through the shape that uses them.)"""
    targeted = {s for t in TARGETS for s in shapes.subjects(t, None)}
    reporting = {s for s in targeted if set(shapes.predicates(s)) - GROUPING_TERMS - {SH.message, SH.severity}}
    return reporting | {p for s in targeted for p in shapes.objects(s, SH.property)}


def test_every_shape_has_an_english_message(shapes: Graph) -> None:
    missing = [
        str(s)
        for s in _shapes_that_report(shapes)
        if not any(isinstance(m, Literal) and m.language == "en" for m in shapes.objects(s, SH.message))
    ]
    assert not missing, f"shapes without an English sh:message: {missing}"


def test_every_reporting_shape_states_its_severity(shapes: Graph) -> None:
    missing = [str(s) for s in _shapes_that_report(shapes) if shapes.value(s, SH.severity) is None]
    assert not missing, f"shapes without sh:severity: {missing}"


def test_restriction_shapes_used_through_sh_node_explain_themselves(shapes: Graph) -> None:
    # Their messages appear in nested details; each property shape inside them has one too.
    used = set(shapes.objects(None, SH.node))
    missing = [
        str(s)
        for s in used
        for p in shapes.objects(s, SH.property)
        if not any(isinstance(m, Literal) and m.language == "en" for m in shapes.objects(p, SH.message))
    ]
    assert not missing, f"restriction shapes without messages: {missing}"


def test_property_shapes_without_a_path_are_not_used(shapes: Graph) -> None:
    # pyshacl refuses the whole shapes graph when one sh:property has no sh:path (the official HealthDCAT-AP
    # files have one such rule); this keeps the project's tree free of them.
    pathless = [o for o in shapes.objects(None, SH.property) if shapes.value(o, SH.path) is None]
    assert not pathless


def test_message_names_the_property_it_constrains(shapes: Graph) -> None:
    # A message that names the property lets a user find it; check the simple-path shapes.
    unnamed = []
    for s in _shapes_that_report(shapes):
        path = shapes.value(s, SH.path)
        message = str(shapes.value(s, SH.message) or "")
        if isinstance(path, URIRef) and path.fragment not in message and path.split("/")[-1] not in message:
            unnamed.append(f"{s}: {message}")
    assert not unnamed, "\n".join(unnamed)


@pytest.mark.parametrize("mutation", [m for m in MUTATIONS if m.name == "theme without HEAL"], ids=lambda m: m.name)
def test_reachable_vocabulary_gives_the_results_of_the_whole_vocabulary(mutation: Mutation) -> None:
    graph = mutation.apply(dataset("NON_PUBLIC"))
    reachable = {(r.focus, r.path, r.message) for r in validate(graph)}
    whole = {(r.focus, r.path, r.message) for r in validate(graph, whole_vocabulary=True)}
    assert reachable == whole and reachable, describe(validate(graph))


def test_blank_node_results_are_reported_with_their_focus() -> None:
    # A violation on a blank node (here a distribution without accessURL) still names the node.
    graph = dataset("PUBLIC")
    dist = URIRef("https://seed.hdsgraph.org/distribution/test-registry-csv")
    blank = BNode()
    for p, o in list(graph.predicate_objects(dist)):
        graph.remove((dist, p, o))
        if p != DCAT.accessURL:
            graph.add((blank, p, o))
    graph.set((URIRef("https://seed.hdsgraph.org/dataset/test-registry"), DCAT.distribution, blank))
    found = validate(graph)
    assert [r.path for r in found] == [str(DCAT.accessURL)], describe(found)
    assert isinstance(found[0].focus, BNode)


def test_sparql_parse_cache_changes_no_result() -> None:
    # The shape tests run with the prepared-query cache installed (conftest.py); results must be those without it.
    graph = next(m for m in MUTATIONS if m.name == "structured data without variables").apply(dataset("NON_PUBLIC"))
    cached = validate(graph)
    SPARQLProcessor.query, saved = RDFLIB_QUERY, SPARQLProcessor.query  # type: ignore[method-assign]
    try:
        uncached = validate(graph)
    finally:
        SPARQLProcessor.query = saved  # type: ignore[method-assign]
    assert SPARQLProcessor.query is not RDFLIB_QUERY, "the cache is not in place"
    assert cached == uncached != []
