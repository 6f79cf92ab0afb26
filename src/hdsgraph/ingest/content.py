"""A document that passed its checks: what the publisher stores, and what the archive and the record keep."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from hdsgraph.validation import ValidationReport

__all__ = ["Content"]


@dataclass(frozen=True)
class Content:
    resource: str  # the primary resource: the graph is named after it
    kind: str  # "dataset" | "self-description" | "document"
    triples: list[ox.Triple]
    rdflib_triples: list[tuple[Any, Any, Any]]  # the same, in rdflib terms, for the checks that read them
    data: bytes  # as received, for the archive
    media_type: str
    report: ValidationReport
    credentials: tuple[tuple[str, str], ...] = ()  # (issuer, digest) of each credential of a self-description

    @cached_property
    def graph(self) -> Graph:
        """The triples as an rdflib graph, built on first use: a dataset's publish never needs one."""
        graph = Graph()
        graph.addN((s, p, o, graph) for s, p, o in self.rdflib_triples)
        return graph
