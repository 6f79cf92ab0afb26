"""The ``GraphStore`` interface: what every store implementation offers, and what the contract tests check.

Terms cross the interface as rdflib terms (``URIRef``, ``Literal``, ``BNode``), the toolkit of the edges; an
implementation converts to and from its own. One exception: a write can hand over triples already parsed
(``ParsedGraph``), as pyoxigraph triples, the form ``hdsgraph.rdfio.parse_document`` gives. Values from users
reach a query only as ``bindings``: the store substitutes them as RDF terms, never as text.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import BNode, Literal, URIRef

from hdsgraph.core import model
from hdsgraph.core.formats import RdfFormat

__all__ = [
    "Bindings",
    "Blank",
    "GraphContent",
    "GraphStore",
    "Iri",
    "ParsedGraph",
    "PlainRow",
    "PlainTerm",
    "Row",
    "Term",
]

Term = URIRef | Literal | BNode


class Iri(str):
    """An IRI in a plain row."""

    __slots__ = ()


class Blank(str):
    """A blank node's label in a plain row: it names the node within this store's answers only."""

    __slots__ = ()


# Plain terms cost a fraction of rdflib's (an rdflib Literal parses its value into a Python object on creation),
# which matters where pages of resources are read for every request.
PlainTerm = Iri | Blank | model.Literal
PlainRow = dict[str, PlainTerm]
# A bound variable takes one term, or each of a sequence of terms in turn (a batch of IRIs, say).
Bindings = Mapping[str, URIRef | Literal | Sequence[URIRef | Literal]]
Row = dict[str, Term]


@dataclass(frozen=True)
class ParsedGraph:
    """A graph's triples, parsed (and checked) already: pyoxigraph triples, as ``hdsgraph.rdfio.parse_document``
    gives them. The store keeps them as they are: no second parse, and no text written for it to read."""

    triples: Sequence[ox.Triple]


# What replace_graphs makes a graph hold: a document to parse, or triples parsed already.
GraphContent = tuple[bytes, RdfFormat] | ParsedGraph


class GraphStore(ABC):
    """A named-graph quad store.

    Every write is atomic: it happens whole or not at all, and readers never see half of it.
    """

    @abstractmethod
    def load(self, document: bytes, format: RdfFormat, graph: str, base_iri: str | None = None) -> int:
        """Parse ``document`` and add its triples to ``graph``; returns the number of triples read.

        Raises ``ParseError`` (store unchanged) when the document does not parse.
        """

    @abstractmethod
    def replace_graph(self, graph: str, document: bytes, format: RdfFormat, base_iri: str | None = None) -> int:
        """Make ``graph`` hold exactly the triples of ``document``, atomically; returns the number of triples."""

    @abstractmethod
    def replace_graphs(self, graphs: Mapping[str, GraphContent | None]) -> dict[str, int]:
        """Replace (or, for ``None``, drop) each of ``graphs`` in one atomic step; returns triples per graph kept.

        A publish changes a document's graph and its record together: readers see both changes or neither, and a
        document that does not parse changes nothing.
        """

    @abstractmethod
    def bulk_load(self, path: Path) -> int:
        """Add the quads of an N-Quads file (as ``export`` writes it) into their graphs, fast and unchecked.

        For restoring an export or loading a prepared catalogue; returns the number of quads in the store after.
        Not atomic: a failure can leave part of the file loaded.
        """

    @abstractmethod
    def drop_graph(self, graph: str) -> bool:
        """Remove ``graph`` and its triples; returns whether it existed."""

    @abstractmethod
    def graphs(self) -> list[str]:
        """The names of every non-empty named graph, sorted."""

    @abstractmethod
    def has_graph(self, graph: str) -> bool: ...

    @abstractmethod
    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        """Run a SPARQL SELECT; each row maps variable names (without ``?``) to bound terms."""

    @abstractmethod
    def select_plain(self, query: str, bindings: Bindings | None = None) -> list[PlainRow]:
        """``select`` with plain terms: ``Iri``, ``Blank`` and ``model.Literal`` (no datatype for plain strings)."""

    @abstractmethod
    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """Run a SPARQL CONSTRUCT (or DESCRIBE) and return the triples as an rdflib graph."""

    @abstractmethod
    def ask(self, query: str, bindings: Bindings | None = None) -> bool: ...

    @abstractmethod
    def count(self, graph: str | None = None) -> int:
        """The number of triples in ``graph``, or of quads in the whole store."""

    @abstractmethod
    def export(self, out: BinaryIO, graph: str | None = None) -> None:
        """Write the whole store (or one graph) as N-Quads."""

    def flush(self) -> None:  # noqa: B027 - optional for stores that buffer nothing
        """Move what the store buffered in memory to its files now (after a start-up's many writes)."""

    def close(self) -> None:  # noqa: B027 - optional for stores that hold nothing open
        """Release files or connections."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
