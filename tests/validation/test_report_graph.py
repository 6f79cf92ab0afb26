"""The report graph the validator reads holds what pyshacl's own report graph holds."""

from __future__ import annotations

from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from rdflib import Graph, Literal
from rdflib.compare import to_isomorphic

from hdsgraph.core.vocab import DCT, HEALTHDCATAP, PREFIXES, XSD
from hdsgraph.validation import ShaclValidator
from hdsgraph.validation._report_graph import ReportGraphValidator
from hdsgraph.validation._work_graph import work_graph
from hdsgraph.validation.shape_sets import ShapeSet
from tests.conftest import ROOT

BLADDER = ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl"
OPTIONS = {"advanced": True, "inference": "none", "inplace": True, "allow_warnings": True}


def _report(validator_class: type[Validator], shapes_validator: ShaclValidator, data: Graph) -> Graph:
    selector = shapes_validator._selector(ShapeSet.CATALOGUE)
    work = work_graph(data, (), shapes_validator._concept_closures(ShapeSet.CATALOGUE, selector), PREFIXES.items())
    validator = validator_class(DataGraph.from_rdflib(work), shacl_graph=Graph(), options=dict(OPTIONS))
    validator.shacl_graph = selector.shapes_graph(selector.select(work))
    _conforms, report, _text = validator.run()
    plain = Graph()
    for triple in report:
        plain.add(triple)
    return plain


def test_the_report_graph_is_pyshacls(validator: ShaclValidator) -> None:
    data = Graph().parse(BLADDER, format="turtle")
    subject = next(iter(data.subjects(HEALTHDCATAP.numberOfRecords, None)))
    data.set((subject, HEALTHDCATAP.numberOfRecords, Literal("12.5", datatype=XSD.decimal)))
    data.remove((None, DCT.title, None))
    ours = _report(ReportGraphValidator, validator, data)
    theirs = _report(Validator, validator, data)
    assert len(ours) > 20, "a broken document, or the comparison proves little"
    assert to_isomorphic(ours) == to_isomorphic(theirs)
