"""Documents in: every check before one triple is stored, then the document, its record and the index together."""

from hdsgraph.ingest.archive import DocumentArchive
from hdsgraph.ingest.documents import Document
from hdsgraph.ingest.loader import DocumentLoader, LoadOutcome, check_document
from hdsgraph.ingest.naming import graph_name_for
from hdsgraph.ingest.outcome import Problem, Published, PublishRejected
from hdsgraph.ingest.publisher import Publisher
from hdsgraph.ingest.records import DocumentRecord, LifecycleState, Version

__all__ = [
    "Document",
    "DocumentArchive",
    "DocumentLoader",
    "DocumentRecord",
    "LifecycleState",
    "LoadOutcome",
    "Problem",
    "PublishRejected",
    "Published",
    "Publisher",
    "Version",
    "check_document",
    "graph_name_for",
]
