"""Validate RDF graphs against every shape in ``shapes/``, with the vocabularies of ``ontologies/`` in reach.

The shapes are parsed once and reused: pyshacl's ``validate()`` re-reads its shapes graph on every call, which
costs more than the validation of a typical dataset. Vocabulary concepts are not mixed in whole: only the
concepts a document refers to are copied beside it, so that ``skos:inScheme`` and ``sh:class`` checks find them.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from pyshacl.monkey import apply_patches
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import assign_baked_in
from rdflib import Graph
from rdflib.term import Node, URIRef

from hdsgraph.core.errors import ConfigError, ParseError, SourcePosition
from hdsgraph.core.vocab import PREFIXES
from hdsgraph.validation import _query_cache
from hdsgraph.validation.report import ValidationReport

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
    """``ShaclValidator(shapes, vocabularies)``; then ``validate(graph)`` as often as needed, from any thread."""

    def __init__(self, shapes: Graph, vocabularies: Graph | None = None) -> None:
        if not any(True for _ in shapes.triples((None, None, None))):
            raise ConfigError("the shapes graph is empty; check that shapes/ holds the project's *.ttl shapes")
        apply_patches()
        assign_baked_in()
        _query_cache.install()
        self._shapes = ShapesGraph(shapes)
        self._shapes.shapes  # noqa: B018 - parse every shape now, not on the first request
        self._concepts: dict[Node, list[tuple[Node, Node, Node]]] = defaultdict(list)
        for triple in (vocabularies or Graph()).triples((None, None, None)):
            self._concepts[triple[0]].append(triple)
        # pyshacl keeps per-run state on the shapes it shares; one validation at a time.
        self._lock = threading.Lock()

    @classmethod
    def from_directories(cls, shapes_dir: Path, ontologies_dir: Path | None = None) -> ShaclValidator:
        if not shapes_dir.is_dir():
            raise ConfigError(
                f"shapes directory {shapes_dir} does not exist; point HDSGRAPH_RESOURCES_DIR at the checkout"
            )
        vocabularies = read_turtle_tree(ontologies_dir) if ontologies_dir and ontologies_dir.is_dir() else None
        return cls(read_turtle_tree(shapes_dir), vocabularies)

    def validate(self, data: Graph, context: Iterable[tuple[Node, Node, Node]] = ()) -> ValidationReport:
        """Validate ``data``; ``context`` adds triples the shapes may look at but that are not being published."""
        work = Graph()
        for prefix, ns in PREFIXES.items():
            work.bind(prefix, ns, override=True)
        for triple in data:
            work.add(triple)
        for triple in context:
            work.add(triple)
        self._add_referenced_concepts(work)
        validator = Validator(
            DataGraph.from_rdflib(work),
            shacl_graph=Graph(),
            options={"advanced": True, "inference": "none", "inplace": True, "allow_warnings": True},
        )
        validator.shacl_graph = self._shapes
        with self._lock:
            _conforms, report_graph, _text = validator.run()
        return ValidationReport.from_graph(report_graph, work, PREFIXES)

    def _add_referenced_concepts(self, work: Graph) -> None:
        seen: set[Node] = set()
        pending = [o for o in set(work.objects()) if isinstance(o, URIRef)]
        while pending:
            iri = pending.pop()
            if iri in seen:
                continue
            seen.add(iri)
            for s, p, o in self._concepts.get(iri, ()):
                work.add((s, p, o))
                # A concept's scheme (and a standard's own type) may be checked too.
                if isinstance(o, URIRef) and o not in seen:
                    pending.append(o)
