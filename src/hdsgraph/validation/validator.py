"""Validate RDF graphs against a shape set of ``shapes/``, with the vocabularies of ``ontologies/`` in reach.

These choices keep one validation at a few milliseconds:

- only the shapes that can have focus nodes in the document run (``_selection``), each selection's shapes graph
  parsed once and reused by the next document of the same kind, its shapes' constraint components built once
  (``_planned_shapes``);
- vocabulary concepts are not mixed in whole: only the concepts a document refers to are put beside it, so
  that ``skos:inScheme`` and ``sh:class`` checks find them, from entries prepared once per concept into a store
  made for one short-lived graph (``_work_graph``);
- a SPARQL target whose one graph pattern cannot match is not run, and the focus nodes the selection found are
  not looked for again (``_selection``);
- a document's IRIs are the very objects the shapes and vocabularies hold (``rdflib_triples``, ``_terms``), so that
  lookups end at the identity check;
- no inference, no meta-SHACL, the document alone (not the store).

The Gaia-X shape sets are read on first use: a node that never receives a self-description never parses them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from pyshacl.monkey import apply_patches
from pyshacl.validator import assign_baked_in
from rdflib import Graph
from rdflib.term import Node

from hdsgraph.core.errors import ConfigError, ParseError, SourcePosition
from hdsgraph.core.vocab import PREFIXES
from hdsgraph.validation import _pyshacl_speed, _query_cache
from hdsgraph.validation._concepts import ConceptClosures, Triple
from hdsgraph.validation._report_graph import ReportGraphValidator
from hdsgraph.validation._selection import ShapeSelector
from hdsgraph.validation._terms import TermTable
from hdsgraph.validation._work_graph import WorkDataGraph, work_graph
from hdsgraph.validation.report import ValidationReport
from hdsgraph.validation.shape_sets import ShapeSet, read_shape_files, shape_files

__all__ = ["ShaclValidator", "read_turtle_tree"]


def read_turtle_tree(root: Path) -> Graph:
    """Every ``*.ttl`` below ``root`` in one rdflib graph."""
    graph = Graph()
    for path in sorted(root.rglob("*.ttl")):
        try:
            graph.parse(path, format="turtle")
        except Exception as e:  # rdflib raises several unrelated types for bad Turtle
            raise ParseError(str(path), SourcePosition(), f"does not parse as Turtle: {e}") from e
    return graph


class ShaclValidator:
    """``ShaclValidator(shapes, vocabularies)``; then ``validate(graph)`` as often as needed, from any thread.

    ``shapes`` is the catalogue shape set; ``shapes_dir`` (set by ``from_directories``) is where the Gaia-X sets
    are read from when a self-description first asks for them.
    """

    def __init__(self, shapes: Graph, vocabularies: Graph | None = None, *, shapes_dir: Path | None = None) -> None:
        if not any(True for _ in shapes.triples((None, None, None))):
            raise ConfigError("the shapes graph is empty; check that shapes/ holds the project's *.ttl shapes")
        apply_patches()
        assign_baked_in()
        _query_cache.install()
        _pyshacl_speed.install()
        self._shapes_dir = shapes_dir
        self._terms = TermTable()
        self._selectors: dict[ShapeSet, ShapeSelector] = {ShapeSet.CATALOGUE: self._new_selector(shapes)}
        self._vocabularies = vocabularies
        catalogue = self._selectors[ShapeSet.CATALOGUE]
        # Indexed now, like the shapes: the first document published should not pay for it.
        self._closures = {ShapeSet.CATALOGUE: ConceptClosures(vocabularies, catalogue.relevant_predicates, self._terms)}
        # pyshacl keeps per-run state on the shapes it shares; one validation at a time.
        self._lock = threading.Lock()

    @classmethod
    def from_directories(cls, shapes_dir: Path, ontologies_dir: Path | None = None) -> ShaclValidator:
        if not shapes_dir.is_dir():
            raise ConfigError(
                f"shapes directory {shapes_dir} does not exist; point HDSGRAPH_RESOURCES_DIR at the checkout"
            )
        vocabularies = read_turtle_tree(ontologies_dir) if ontologies_dir and ontologies_dir.is_dir() else None
        shapes = read_shape_files(shape_files(shapes_dir, ShapeSet.CATALOGUE))
        return cls(shapes, vocabularies, shapes_dir=shapes_dir)

    def rdflib_triples(self, triples: Iterable[ox.Triple]) -> list[Triple]:
        """Oxigraph's triples in rdflib terms, as ``hdsgraph.rdfio.to_rdflib_triples`` gives them; validated, they
        are looked up faster (the IRIs the shapes and vocabularies name are the objects those hold: ``_terms``)."""
        return self._terms.from_ox(triples)

    def validate(
        self,
        data: Graph | Iterable[Triple],
        context: Iterable[Triple] = (),
        *,
        shape_set: ShapeSet = ShapeSet.CATALOGUE,
    ) -> ValidationReport:
        """Validate ``data`` (a graph, or its triples); ``context`` adds triples the shapes may look at but that are
        not being published."""
        selector = self._selector(shape_set)
        work = work_graph(data, context, self._concept_closures(shape_set, selector), PREFIXES.items())
        validator = ReportGraphValidator(
            WorkDataGraph(work.index, work),
            shacl_graph=Graph(),
            options={"advanced": True, "inference": "none", "inplace": True, "allow_warnings": True},
        )
        with self._lock:
            focus: dict[Node, set[Node]] = {}
            shapes = selector.shapes_graph(selector.select(work, focus))
            validator.shacl_graph = shapes
            shapes.known_focus = (work, focus)
            try:
                _conforms, report_graph, _text = validator.run()
            finally:
                shapes.known_focus = None
        return ValidationReport.from_graph(report_graph, work, PREFIXES, shapes.graph)

    @property
    def loaded_shape_sets(self) -> set[ShapeSet]:
        """The shape sets parsed so far (the Gaia-X ones are read on first use)."""
        return set(self._selectors)

    def _selector(self, shape_set: ShapeSet) -> ShapeSelector:
        found = self._selectors.get(shape_set)
        if found is not None:
            return found
        if self._shapes_dir is None:
            raise ConfigError(
                f"the {shape_set.value} shape set is read from a shapes directory; build the validator with "
                "ShaclValidator.from_directories(shapes_dir, ontologies_dir) to validate Gaia-X self-descriptions"
            )
        with self._lock:
            if shape_set not in self._selectors:
                shapes = read_shape_files(shape_files(self._shapes_dir, shape_set))
                self._selectors[shape_set] = self._new_selector(shapes)
            return self._selectors[shape_set]

    def _new_selector(self, shapes: Graph) -> ShapeSelector:
        self._terms.add(shapes.triples((None, None, None)))
        return ShapeSelector(shapes, terms=self._terms)

    def _concept_closures(self, shape_set: ShapeSet, selector: ShapeSelector) -> ConceptClosures:
        # Per shape set: which vocabulary triples matter depends on the predicates its shapes name.
        found = self._closures.get(shape_set)
        if found is None:
            with self._lock:
                found = self._closures.get(shape_set)
                if found is None:
                    found = ConceptClosures(self._vocabularies, selector.relevant_predicates, self._terms)
                    self._closures[shape_set] = found
        return found
