"""The embedded store: Oxigraph (pyoxigraph), on disk in the node's data directory or in memory for tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib import Graph

from hdsgraph.core import model
from hdsgraph.core.errors import BadInputError, ParseError, QueryError, SourcePosition, StoreBusyError, StoreError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.rdfio.parse import parse_document
from hdsgraph.rdfio.terms import from_ox
from hdsgraph.store._sparql import bind
from hdsgraph.store.base import Bindings, Blank, GraphStore, Iri, PlainRow, PlainTerm, Row

__all__ = ["EmbeddedStore"]


class EmbeddedStore(GraphStore):
    """``EmbeddedStore()`` keeps everything in memory; ``EmbeddedStore(path)`` on disk at ``path``."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self._read_only = read_only
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as e:
            if "lock" in str(e).lower():
                raise StoreBusyError(
                    f"the store in {path} is in use by another process (a running node?); stop it first, "
                    "or read through the node's HTTP interface",
                    path=str(path),
                ) from e
            raise StoreError(f"cannot open the store in {path}: {e}", path=str(path)) from e

    # -- writes -------------------------------------------------------------------------------------------

    def load(self, document: bytes, format: RdfFormat, graph: str, base_iri: str | None = None) -> int:
        quads = self._quads(document, format, graph, base_iri)
        self._store.extend(quads)
        return len(quads)

    def replace_graph(self, graph: str, document: bytes, format: RdfFormat, base_iri: str | None = None) -> int:
        target = _graph_node(graph)
        # Parse fully first: a document that does not parse changes nothing. Then drop and insert in one update
        # request, which Oxigraph runs as one transaction: readers see the old graph or the new, never half.
        triples = parse_document(document, format, source=graph, base_iri=base_iri)
        body = bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
        self._store.update(f"DROP SILENT GRAPH {target} ; INSERT DATA {{ GRAPH {target} {{ {body} }} }}")
        return len(triples)

    def bulk_load(self, path: Path) -> int:
        try:
            # Oxigraph's bulk loader writes sorted files straight into the store: minutes become seconds.
            self._store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        except SyntaxError as e:
            raise ParseError(str(path), SourcePosition(e.lineno, e.offset), f"{e.msg} (while reading N-Quads)") from e
        except OSError as e:
            raise StoreError(f"cannot bulk-load {path}: {e}", path=str(path)) from e
        return len(self._store)

    def drop_graph(self, graph: str) -> bool:
        target = _graph_node(graph)
        existed = self.has_graph(graph)
        self._store.update(f"DROP SILENT GRAPH {target}")
        return existed

    def _quads(self, document: bytes, format: RdfFormat, graph: str, base_iri: str | None) -> list[ox.Quad]:
        target = _graph_node(graph)
        return [
            ox.Quad(t.subject, t.predicate, t.object, target)
            for t in parse_document(document, format, source=graph, base_iri=base_iri)
        ]

    # -- reads --------------------------------------------------------------------------------------------

    def graphs(self) -> list[str]:
        return sorted(
            g.value
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode) and next(self._store.quads_for_pattern(None, None, None, g), None)
        )

    def has_graph(self, graph: str) -> bool:
        return next(self._store.quads_for_pattern(None, None, None, _graph_node(graph)), None) is not None

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        return self._rows(query, bindings, from_ox)

    def select_plain(self, query: str, bindings: Bindings | None = None) -> list[PlainRow]:
        return self._rows(query, bindings, _plain)

    def _rows(self, query: str, bindings: Bindings | None, convert: Callable[[Any], Any]) -> list[dict[str, Any]]:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("select() needs a SELECT query; use ask() or construct() for the others")
        names = [v.value for v in result.variables]
        rows: list[dict[str, Any]] = []
        for solution in result:
            row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = convert(term)
            rows.append(row)
        return rows

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("construct() needs a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for t in result:
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return graph

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("ask() needs an ASK query")
        return bool(result)

    def _query(self, query: str, bindings: Bindings | None) -> object:
        try:
            return self._store.query(bind(query, bindings))
        except SyntaxError as e:
            raise QueryError(f"the SPARQL query does not parse: {e}") from e
        except OSError as e:
            raise QueryError(f"the SPARQL query failed: {e}") from e

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, _graph_node(graph)))

    def export(self, out: BinaryIO, graph: str | None = None) -> None:
        if graph is None:
            self._store.dump(out, ox.RdfFormat.N_QUADS)
        else:
            ox.serialize(
                self._store.quads_for_pattern(None, None, None, _graph_node(graph)),
                out,
                ox.RdfFormat.N_QUADS,
            )

    def close(self) -> None:
        store = self.__dict__.pop("_store", None)
        if store is not None and self.path is not None and not self._read_only:
            store.flush()
        # Dropping the last reference releases RocksDB's lock on the directory.
        del store


_PLAIN_DATATYPES = {"http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def _plain(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> PlainTerm:
    if isinstance(term, ox.NamedNode):
        return Iri(term.value)
    if isinstance(term, ox.BlankNode):
        return Blank(term.value)
    datatype = term.datatype.value
    language = term.language
    return model.Literal(
        term.value, language.lower() if language else None, None if datatype in _PLAIN_DATATYPES else datatype
    )


def _graph_node(graph: str) -> ox.NamedNode:
    """The graph name as a checked IRI (which also makes it safe to write into an update)."""
    try:
        return ox.NamedNode(graph)
    except ValueError as e:
        raise BadInputError(
            f"{graph!r} is not a graph name: {e}; give an absolute IRI such as urn:hdsgraph:document:…", value=graph
        ) from e
