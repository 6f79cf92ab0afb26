"""Documents in: parse, validate against the shapes, store in a named graph of their own, all or nothing."""

from hdsgraph.ingest.documents import Document
from hdsgraph.ingest.loader import DocumentLoader, LoadOutcome, check_document
from hdsgraph.ingest.naming import graph_name_for

__all__ = ["Document", "DocumentLoader", "LoadOutcome", "check_document", "graph_name_for"]
