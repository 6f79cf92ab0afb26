"""A document that passed its checks: what the publisher stores, and what the archive and the record keep."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph

from hdsgraph.validation import ValidationReport

__all__ = ["Content"]


@dataclass(frozen=True)
class Content:
    resource: str  # the primary resource: the graph is named after it
    kind: str  # "dataset" | "self-description" | "document"
    triples: list[ox.Triple]
    graph: Graph  # the same triples, for the checks that read them
    data: bytes  # as received, for the archive
    media_type: str
    report: ValidationReport
    credentials: tuple[tuple[str, str], ...] = ()  # (issuer, digest) of each credential of a self-description
