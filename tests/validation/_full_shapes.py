"""The reference the selective validator is held to: plain pyshacl over the whole shape set, nothing skipped.

Every shape of the set is walked, vocabulary concepts are copied with all their triples, and pyshacl runs with
rdflib's own query method and its own constraint-parameter list (none of the node's speed-ups).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyshacl.shape
from pyshacl import Validator
from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
from pyshacl.graph_abstraction import DataGraph
from pyshacl.shapes_graph import ShapesGraph
from rdflib import Graph, URIRef
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.term import Node

from hdsgraph.core.vocab import PREFIXES
from hdsgraph.validation import ValidationReport
from hdsgraph.validation._query_cache import RDFLIB_QUERY
from hdsgraph.validation.shape_sets import ShapeSet, shape_files
from hdsgraph.validation.validator import read_turtle_tree
from tests.conftest import ROOT

Triple = tuple[Node, Node, Node]
Outcome = Counter[tuple[str, str | None, str | None, str, str | None]]


@contextmanager
def plain_pyshacl() -> Iterator[None]:
    """rdflib's own SPARQL processor and pyshacl's own parameter list, for the duration."""
    query, SPARQLProcessor.query = SPARQLProcessor.query, RDFLIB_QUERY  # type: ignore[method-assign]
    params = getattr(pyshacl.shape.module, "CONSTRAINT_PARAMS", None)
    pyshacl.shape.module.CONSTRAINT_PARAMS = (list(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)
    try:
        yield
    finally:
        SPARQLProcessor.query = query  # type: ignore[method-assign]
        pyshacl.shape.module.CONSTRAINT_PARAMS = params


class FullShapesValidator:
    """``validate(data)`` with every shape of ``shape_set``, parsed by rdflib, walked by pyshacl."""

    def __init__(self, shape_set: ShapeSet = ShapeSet.CATALOGUE, shapes_dir: Path = ROOT / "shapes") -> None:
        graph = Graph()
        for path in shape_files(shapes_dir, shape_set):
            graph.parse(path, format="turtle")
        self.shapes = ShapesGraph(graph)
        self.shapes.shapes  # noqa: B018 - parse once
        self._concepts: dict[Node, list[Triple]] = {}
        for s, p, o in vocabularies():
            self._concepts.setdefault(s, []).append((s, p, o))

    def validate(self, data: Graph, context: Iterable[Triple] = ()) -> ValidationReport:
        work = Graph()
        for triple in [*data, *context]:
            work.add(triple)
        seen: set[Node] = set()
        pending = [o for o in set(work.objects()) if isinstance(o, URIRef)]
        while pending:
            iri = pending.pop()
            if iri not in seen:
                seen.add(iri)
                for triple in self._concepts.get(iri, ()):
                    work.add(triple)
                    pending.append(triple[2])
        validator = Validator(
            DataGraph.from_rdflib(work),
            shacl_graph=Graph(),
            options={"advanced": True, "inference": "none", "inplace": True, "allow_warnings": True},
        )
        validator.shacl_graph = self.shapes
        with plain_pyshacl():
            _conforms, report, _text = validator.run()
        return ValidationReport.from_graph(report, work, PREFIXES)


@functools.cache
def vocabularies() -> Graph:
    return read_turtle_tree(ROOT / "ontologies")


def outcome(report: ValidationReport) -> Outcome:
    """What a report says, as a multiset: focus node, path, constraint component, severity, value."""
    return Counter((r.focus_node, r.path, r.constraint, r.severity.value, r.value) for r in report.results)
