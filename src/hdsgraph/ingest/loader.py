"""Load documents into the store: parse, validate, then replace the document's graph in one atomic step."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from hdsgraph.core.errors import ValidationFailedError
from hdsgraph.ingest.documents import Document
from hdsgraph.ingest.naming import graph_name_for
from hdsgraph.rdfio import parse_document, to_rdflib_graph
from hdsgraph.store.base import GraphStore
from hdsgraph.validation import ShaclValidator, ValidationReport

__all__ = ["DocumentLoader", "LoadOutcome", "check_document"]


def check_document(validator: ShaclValidator, document: Document) -> tuple[Graph, ValidationReport]:
    """Parse and validate without storing anything. Raises ``ParseError`` for a document that does not parse."""
    graph = to_rdflib_graph(parse_document(document.data, document.format, source=document.source))
    return graph, validator.validate(graph)


@dataclass(frozen=True)
class LoadOutcome:
    source: str
    graph: str
    triples: int
    report: ValidationReport


class DocumentLoader:
    def __init__(self, store: GraphStore, validator: ShaclValidator) -> None:
        self._store = store
        self._validator = validator

    def load(self, document: Document, graph: str | None = None) -> LoadOutcome:
        """Store ``document`` in its own graph (replacing what was there), or raise and store nothing.

        Validation runs on the document as written, before it enters the store: Oxigraph normalises typed
        literals (``xsd:nonNegativeInteger`` becomes ``xsd:integer``), so data read back would fail the shapes.
        """
        parsed, report = check_document(self._validator, document)
        if not report.conforms:
            raise ValidationFailedError(document.source, report)
        name = graph or graph_name_for(parsed, document.data)
        triples = self._store.replace_graph(name, document.data, document.format)
        return LoadOutcome(document.source, name, triples, report)
