"""Load documents into the store: parse, validate, then replace the document's graph in one atomic step."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from rdflib import Graph

from hdsgraph.core.errors import ValidationFailedError
from hdsgraph.ingest.documents import Document
from hdsgraph.ingest.naming import graph_name_for
from hdsgraph.rdfio import parse_document, to_rdflib_graph
from hdsgraph.store.base import GraphStore
from hdsgraph.validation import ShaclValidator, ValidationReport

__all__ = ["DerivedView", "DocumentLoader", "LoadOutcome", "StagedChange", "check_document", "write_in_step"]


def check_document(validator: ShaclValidator, document: Document) -> tuple[Graph, ValidationReport]:
    """Parse and validate without storing anything. Raises ``ParseError`` for a document that does not parse."""
    _, graph, report = _check(validator, document)
    return graph, report


def _check(validator: ShaclValidator, document: Document) -> tuple[list[Any], Graph, ValidationReport]:
    triples = parse_document(document.data, document.format, source=document.source)
    graph = to_rdflib_graph(triples)
    return triples, graph, validator.validate(graph)


class StagedChange(Protocol):
    """A derived structure's change for one graph, computed but not applied."""

    def begin(self) -> None:
        """Note the change as pending, before the store changes (so that a crash in between can be repaired)."""

    def commit(self) -> None:
        """Apply the change; the store already holds the new graph."""

    def abort(self) -> None:
        """Forget the change; the store was not changed."""


class DerivedView(Protocol):
    """Something derived from the graph (the search index) that must change in the same step as a document."""

    def stage(self, graph: str, triples: Sequence[Any]) -> StagedChange:
        """Compute the change that storing ``triples`` in ``graph`` makes, without applying it."""


@dataclass(frozen=True)
class LoadOutcome:
    source: str
    graph: str
    triples: int
    report: ValidationReport


class DocumentLoader:
    def __init__(self, store: GraphStore, validator: ShaclValidator, views: Sequence[DerivedView] = ()) -> None:
        self._store = store
        self._validator = validator
        self._views = tuple(views)

    def load(self, document: Document, graph: str | None = None) -> LoadOutcome:
        """Store ``document`` in its own graph (replacing what was there), or raise and store nothing.

        Validation runs on the document as written, before it enters the store: Oxigraph normalises typed
        literals (``xsd:nonNegativeInteger`` becomes ``xsd:integer``), so data read back would fail the shapes.
        """
        triples, parsed, report = _check(self._validator, document)
        if not report.conforms:
            raise ValidationFailedError(document.source, report)
        name = graph or graph_name_for(parsed, document.data)
        count = write_in_step(
            self._views, name, triples, lambda: self._store.replace_graph(name, document.data, document.format)
        )
        return LoadOutcome(document.source, name, count, report)


T = TypeVar("T")


def write_in_step(views: Sequence[DerivedView], graph: str, triples: Sequence[Any], write: Callable[[], T]) -> T:
    """``write()`` to the store, with every derived view changed in the same step: all of it, or none of it.

    Every view computes its change before anything is written, so that one that fails stops the write. The views
    note the change as pending before the store changes (a crash in between is repaired at the next start), and
    apply it after; a store write that fails makes them forget it.
    """
    changes = [view.stage(graph, triples) for view in views]
    for change in changes:
        change.begin()
    try:
        result = write()
    except BaseException:
        for change in changes:
            change.abort()
        raise
    for change in changes:
        change.commit()
    return result
