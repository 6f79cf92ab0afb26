"""pyshacl's validator, writing its report as a graph only, into a store made for one short-lived graph.

At the end of every run pyshacl's ``Validator.create_validation_report`` builds the report graph with rdflib's
default store (~20 µs an ``add``), binds every prefix of the shapes graph into it, and writes a text report from
the results' descriptions. ``ShaclValidator`` reads the report graph once (``ValidationReport.from_graph``), by
terms, and never reads the text or the report's prefixes. ``ReportGraphValidator`` writes the same triples, in the
same way (pyshacl 0.40's steps: one ``sh:ValidationReport`` node, ``sh:conforms``, one ``sh:result`` per result,
terms from the data and shapes graphs cloned as pyshacl clones them) into a ``WorkGraph``, and no text.
``tests/validation/test_planned_shapes.py`` fails when pyshacl's method changes.
"""

from __future__ import annotations

from typing import Any

from pyshacl import Validator
from pyshacl.consts import RDF_type, SH_conforms, SH_result, SH_ValidationReport
from pyshacl.rdfutil.clone import clone_blank_node
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from hdsgraph.validation._concepts import Triple
from hdsgraph.validation._work_graph import WorkGraph

__all__ = ["ReportGraphValidator"]


class ReportGraphValidator(Validator):
    """``Validator`` whose ``run()`` gives ``(conforms, report graph, "")``."""

    @classmethod
    def create_validation_report(cls, sg: Any, conforms: bool, results: list[tuple[Any, ...]]) -> tuple[Any, str]:
        if not conforms and not results:
            raise RuntimeError("A Non-Conformant Validation Report must have at least one result.")
        report = WorkGraph()
        root = BNode()
        triples: list[Triple] = [(root, RDF_type, SH_ValidationReport), (root, SH_conforms, Literal(conforms))]
        cloned: dict[tuple[Any, str], Node] = {}
        for _description, result, parts in results:
            triples.append((root, SH_result, result))
            for s, p, o in parts:
                if isinstance(o, tuple):
                    # (graph, term): a term of the data or shapes graph, a blank node copied with what it says
                    source, term = o
                    if isinstance(term, Literal):
                        o = term
                    else:
                        key = (source, str(term))
                        if key in cloned:
                            o = cloned[key]
                        elif isinstance(term, BNode):
                            o = cloned[key] = clone_blank_node(source, term, report, keepid=True)
                        else:
                            o = cloned[key] = URIRef(str(term))
                triples.append((s, p, o))
        report.index.extend(triples)
        return report, ""
