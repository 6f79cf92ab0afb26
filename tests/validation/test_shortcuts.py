"""The validator's shortcuts give pyshacl's own results: members of logical constraints judged without messages,
property shapes validated for all value nodes at once, SPARQL targets decided without a query, shared IRI objects,
prefixes copied rather than bound."""

from __future__ import annotations

from collections import Counter

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, SH

from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.vocab import PREFIXES
from hdsgraph.rdfio import parse_document, to_rdflib_triples
from hdsgraph.validation import ShaclValidator, ValidationReport
from hdsgraph.validation._concepts import ConceptClosures
from hdsgraph.validation._selection import _targets_cannot_match
from hdsgraph.validation._work_graph import IndexStore, WorkGraph, work_graph
from hdsgraph.validation.shape_sets import ShapeSet
from tests.conftest import ROOT

BLADDER = ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl"

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .

ex:Thing a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:when ; sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:dateTime ] ) ] ;
    sh:property [ sh:path ex:part ; sh:minCount 1 ; sh:node ex:Part ] ;
    sh:property [ sh:path ex:part ; sh:not [ sh:class ex:Forbidden ] ] ;
    sh:property [ sh:path ex:part ; sh:qualifiedValueShape [ sh:class ex:Part ] ; sh:qualifiedMinCount 2 ] .

ex:Part a sh:NodeShape ;
    sh:property [ sh:path ex:label ; sh:minCount 1 ; sh:severity sh:Warning ] ;
    sh:property [ sh:path ex:size ; sh:maxCount 1 ; sh:datatype xsd:integer ;
                  sh:or ( [ sh:minInclusive 0 ] [ sh:hasValue -1 ] ) ] .
"""

DATA = """
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .

ex:a a ex:Thing ; ex:when "yesterday", "2024-01-01"^^xsd:date ; ex:part ex:p1, ex:p2, ex:shared .
ex:b a ex:Thing ; ex:when "2024-01-01T00:00:00"^^xsd:dateTime ; ex:part ex:shared, ex:p3 .
ex:c a ex:Thing .
ex:p1 a ex:Part ; ex:label "one" ; ex:size 3 .
ex:p2 a ex:Part, ex:Forbidden ; ex:size -2, "4" .
ex:p3 ex:label "three" ; ex:size -1 .
ex:shared a ex:Part ; ex:size 1.5 .
"""


def _results(report: ValidationReport) -> Counter[str]:
    return Counter(repr(r) for r in report.results)


def test_logical_members_property_shapes_and_repeated_value_nodes_give_pyshacls_results() -> None:
    shapes = Graph().parse(data=SHAPES, format="turtle")
    data = Graph().parse(data=DATA, format="turtle")
    ours = ShaclValidator(shapes).validate(data)
    # pyshacl's messages name nodes with the data graph's prefixes: the validator's are the project's alone.
    plain = Graph()
    for prefix, namespace in PREFIXES.items():
        plain.bind(prefix, namespace, override=True)
    plain += data
    _conforms, report, _text = pyshacl.validate(
        plain, shacl_graph=shapes, advanced=True, inference="none", allow_warnings=True
    )
    theirs = ValidationReport.from_graph(report, plain, PREFIXES, shapes)
    assert ours.results and _results(ours) == _results(theirs)


def test_sparql_targets_are_decided_by_the_access_right_the_dataset_has(validator: ShaclValidator) -> None:
    selector = validator._selector(ShapeSet.CATALOGUE)
    triples = validator.rdflib_triples(parse_document(BLADDER.read_bytes(), RdfFormat.TURTLE, source="bladder"))
    work = WorkGraph(IndexStore(triples))
    assert selector._targets is not None
    decided = {}
    for node in selector._custom:
        shape = selector._targets.lookup_shape_from_node(node)
        decided[str(node).rsplit("#", 1)[-1]] = _targets_cannot_match(shape, work)
    access = str(next(o for s, p, o in triples if p == DCTERMS.accessRights)).rsplit("/", 1)[-1]
    profile = {"PUBLIC": "PublicDataset", "NON_PUBLIC": "NonPublicDataset", "RESTRICTED": "RestrictedDataset"}
    assert decided == {name: name != profile[access] for name in profile.values()}


def test_a_sparql_target_beyond_one_graph_pattern_is_run() -> None:
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <http://example.org/S> a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select
            "SELECT ?this WHERE { { ?this <http://example.org/p> 1 } UNION { ?this <http://example.org/q> 2 } }" ] ;
            sh:property [ sh:path <http://example.org/q> ; sh:maxCount 0 ] .
        """,
        format="turtle",
    )
    data = Graph().parse(data="<http://example.org/x> <http://example.org/q> 2 .", format="turtle")
    assert len(ShaclValidator(shapes).validate(data).results) == 1


def test_documents_get_the_terms_rdfio_makes_with_the_shapes_objects(validator: ShaclValidator) -> None:
    triples = parse_document(BLADDER.read_bytes(), RdfFormat.TURTLE, source="bladder")
    ours = validator.rdflib_triples(triples)
    assert ours == to_rdflib_triples(triples)
    shape_classes = {o for o in validator._selector(ShapeSet.CATALOGUE)._shapes.objects(None, SH.targetClass)}
    dataset_class = next(c for c in shape_classes if c == DCAT.Dataset)
    assert any(o is dataset_class for _s, _p, o in ours)


def test_a_work_graph_holds_the_prefixes_of_a_graph_that_bound_them() -> None:
    bound = WorkGraph(IndexStore())
    for prefix, namespace in PREFIXES.items():
        bound.bind(prefix, namespace, override=True)
    copied = work_graph([], (), ConceptClosures(None, None), PREFIXES.items())
    assert list(copied.namespaces()) == list(bound.namespaces())
    assert dict(copied.namespaces())["dcat"] == URIRef(str(DCAT))
    for iri in ("http://www.w3.org/ns/dcat#Dataset", "http://example.org/x/y", "http://purl.org/dc/terms/title"):
        assert copied.namespace_manager.normalizeUri(iri) == bound.namespace_manager.normalizeUri(iri)
