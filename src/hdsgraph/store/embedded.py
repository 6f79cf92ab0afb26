"""The embedded store: Oxigraph (pyoxigraph), on disk in the node's data directory or in memory for tests."""

from __future__ import annotations

import logging
import queue
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
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
from hdsgraph.store.base import (
    Bindings,
    Blank,
    GraphContent,
    GraphStore,
    Iri,
    ParsedGraph,
    PlainRow,
    PlainTerm,
    Row,
)

__all__ = ["EmbeddedStore", "plain_term"]

log = logging.getLogger(__name__)

# Oxigraph writes into RocksDB's in-memory write buffer, and each write costs more the more that buffer holds:
# the store's part of a 260-triple publish took 9-10 ms on a freshly seeded node (the seeds' ~80,000 quads still in
# the buffer) and 7 ms when flushed every 20,000 quads; every 10,000: 5.0, every 5,000: 5.2, every 2,000: 5.7 (more
# files for RocksDB to compact). pyoxigraph has no setting for the buffer's size. So the buffer is flushed once this
# many quads were written since the last flush, on a thread of its own: pyoxigraph releases the GIL while it
# flushes, and writes go on meanwhile into a fresh buffer.
_FLUSH_AFTER_QUADS = 10_000


class EmbeddedStore(GraphStore):
    """``EmbeddedStore()`` keeps everything in memory; ``EmbeddedStore(path)`` on disk at ``path``."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self._read_only = read_only
        # replace_graphs looks at which graphs exist before it writes: no other write may come in between.
        self._writing = threading.Lock()
        # Only a store on disk that this process writes has a write buffer to flush.
        self._buffered = path is not None and not read_only
        self._unflushed = 0  # quads written since the last flush
        self._flusher: threading.Thread | None = None
        self._flushing = threading.Lock()  # guards the two above
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
        self._wrote(len(quads))
        return len(quads)

    def replace_graph(self, graph: str, document: bytes, format: RdfFormat, base_iri: str | None = None) -> int:
        target = _graph_node(graph)
        # Parse fully first: a document that does not parse changes nothing. Then drop and insert in one update
        # request, which Oxigraph runs as one transaction: readers see the old graph or the new, never half.
        triples = parse_document(document, format, source=graph, base_iri=base_iri)
        body = bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
        self._store.update(f"DROP SILENT GRAPH {target} ; INSERT DATA {{ GRAPH {target} {{ {body} }} }}")
        self._wrote(len(triples))
        return len(triples)

    def replace_graphs(self, graphs: Mapping[str, GraphContent | None]) -> dict[str, int]:
        # Every name is checked and every document parsed before the first change, and the change is one
        # transaction.
        parsed: dict[str, tuple[ox.NamedNode, Sequence[ox.Triple] | None]] = {}
        for graph, content in graphs.items():
            target = _graph_node(graph)
            if isinstance(content, ParsedGraph):
                parsed[graph] = (target, content.triples)
            else:
                parsed[graph] = (target, None if content is None else parse_document(*content, source=graph))
        with self._writing:
            held = {target for target, _ in parsed.values() if self._store.contains_named_graph(target)}
            if held:
                self._replace(parsed.values(), held)
            else:
                # Only new graphs (a first publish): one ``extend``, itself a transaction. The update below writes
                # the triples out as text for Oxigraph to parse again: about 1 ms more of a 260-triple publish.
                quads = [
                    ox.Quad(t.subject, t.predicate, t.object, target)
                    for target, triples in parsed.values()
                    if triples
                    for t in triples
                ]
                if quads:
                    self._store.extend(quads)
        self._wrote(sum(len(triples) for _, triples in parsed.values() if triples))
        return {graph: len(triples) for graph, (_, triples) in parsed.items() if triples is not None}

    def _replace(
        self, parsed: Iterable[tuple[ox.NamedNode, Sequence[ox.Triple] | None]], held: set[ox.NamedNode]
    ) -> None:
        """Drop ``held`` and insert ``parsed`` in one update request, which Oxigraph runs as one transaction."""
        steps: list[str] = []
        for target, triples in parsed:
            # A DROP costs Oxigraph a scan even where it removes nothing, and makes the inserts after it in the
            # same transaction slower: a graph the store does not hold (a first version) is only inserted.
            if target in held:
                steps.append(f"DROP SILENT GRAPH {target}")
            if triples:
                body = bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
                steps.append(f"INSERT DATA {{ GRAPH {target} {{ {body} }} }}")
        if steps:
            self._store.update(" ;\n".join(steps))

    def bulk_load(self, path: Path) -> int:
        # Oxigraph's bulk loader writes sorted files straight into the store: minutes become seconds.
        try:
            with path.open("rb") as source:
                _BulkLoad(self._store, path).run(source)
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
        return self._rows(query, bindings, plain_term)

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

    # -- the write buffer ------------------------------------------------------------------------------------

    def flush(self) -> None:
        if not self._buffered:
            return
        self._wait_for_flusher()
        with self._flushing:
            self._unflushed = 0
        self._store.flush()

    def _wrote(self, quads: int) -> None:
        """Count written quads; past ``_FLUSH_AFTER_QUADS``, flush the write buffer in the background."""
        if not self._buffered:
            return
        with self._flushing:
            self._unflushed += quads
            if self._unflushed < _FLUSH_AFTER_QUADS or (self._flusher is not None and self._flusher.is_alive()):
                return
            self._unflushed = 0
            self._flusher = threading.Thread(
                target=_flush_in_background, args=(self._store, self.path), name="hdsgraph-store-flush", daemon=True
            )
            self._flusher.start()

    def _wait_for_flusher(self) -> None:
        with self._flushing:
            flusher, self._flusher = self._flusher, None
        if flusher is not None:
            flusher.join()

    def close(self) -> None:
        self._wait_for_flusher()
        store = self.__dict__.pop("_store", None)
        if store is not None and self._buffered:
            store.flush()
        # Dropping the last reference releases RocksDB's lock on the directory.
        del store


def _flush_in_background(store: ox.Store, path: Path) -> None:
    try:
        store.flush()
    except OSError as e:  # nothing is lost: the writes are in RocksDB's log, and the next flush tries again
        log.warning("could not flush the store's write buffer in %s: %s", path, e)


# Oxigraph's bulk loader gathers a million quads before it sorts and writes them, with two such batches and the
# parser's buffer in memory at once (1.8 GB at the peak for 100,000 datasets). A piece of the file this size is one
# small batch: memory stays bounded, each quad costs less (smaller sorts and hash tables), and the pieces load on
# as many threads as there are loaders (each call runs in Rust, without the GIL).
# Measured at 100,000 datasets (5.7 M quads, CPU-seconds including the compaction that closing waits for): pieces
# of 8, 16, 32 or 64 MB on two loaders, and 64 or 256 MB on one, all cost 125-152; one call for the whole file
# 107 but on one core (110 s) at 1.7 GB. Bigger pieces leave fewer files to compact but sort and hash more per
# piece: the two cancel out. ``lenient=True`` would save about 6 % (no IRI checks) but stores IRIs with spaces and
# relative IRIs without a word, so it is not used.
# Measured again alone (no index beside it), CPU-seconds of load, count and close: 16 MB on two loaders 120 and
# 129, 32 MB 115, 64 MB 122, 256 MB on one loader 144 at 2.2 GB. About 40 % of it is RocksDB's compaction of the
# pieces' overlapping files (threads ``rocksdb:low``), which pyoxigraph gives no setting for; ``len`` after the load
# costs 3-4 more.
_PIECE_BYTES = 16 << 20
_LOADERS = 2
_POSITION = re.compile(r"^Parser error [^:]*: ")


@dataclass(frozen=True)
class _SyntaxProblem:
    offset: int  # of the piece in the file, in bytes
    error: SyntaxError


class _BulkLoad:
    """One ``EmbeddedStore.bulk_load``: the file read in pieces cut at line ends, each piece a call of the loader."""

    def __init__(self, store: ox.Store, path: Path) -> None:
        self._store = store
        self._path = path
        self._queue: queue.Queue[tuple[bytes, int] | None] = queue.Queue(maxsize=_LOADERS)
        self._problems: list[_SyntaxProblem] = []
        self._failures: list[BaseException] = []

    def run(self, source: BinaryIO) -> None:
        loaders = [
            threading.Thread(target=self._loader, name="hdsgraph-bulk-load", daemon=True) for _ in range(_LOADERS)
        ]
        for thread in loaders:
            thread.start()
        try:
            self._read(source)
        finally:
            for _ in loaders:
                self._queue.put(None)
            for thread in loaders:
                thread.join()
        self._raise()

    def _read(self, source: BinaryIO) -> None:
        offset, rest = 0, b""
        while not (self._problems or self._failures):
            block = source.read(_PIECE_BYTES)
            if not block:
                if rest:
                    self._queue.put((rest, offset))
                return
            cut = block.rfind(b"\n") + 1
            if not cut:
                rest += block  # no line end yet: a line longer than a piece
                continue
            piece = b"".join((rest, memoryview(block)[:cut]))  # one copy of the piece, not two
            rest = block[cut:]
            if _may_hold_blank_nodes(piece):
                # Each call of the loader gives the blank nodes it reads fresh identities, so a label used in two
                # pieces would become two nodes. From the first piece that may hold one, the rest is one call.
                source.seek(offset)
                self._load(source, offset)
                return
            self._queue.put((piece, offset))
            offset += len(piece)

    def _loader(self) -> None:
        while (piece := self._queue.get()) is not None:
            if not (self._problems or self._failures):
                self._load(*piece)

    def _load(self, data: bytes | BinaryIO, offset: int) -> None:
        try:
            self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        except SyntaxError as e:
            self._problems.append(_SyntaxProblem(offset, e))
        except BaseException as e:  # raised again by run(), in the caller's thread
            self._failures.append(e)

    def _raise(self) -> None:
        if self._problems:
            # Pieces load side by side: report the first problem in the file, at its line in the whole file.
            first = min(self._problems, key=lambda p: (p.offset, p.error.lineno or 0))
            line = self._lines_before(first.offset) + (first.error.lineno or 1)
            problem = _POSITION.sub("", first.error.msg)
            raise ParseError(
                str(self._path), SourcePosition(line, first.error.offset), f"{problem} (while reading N-Quads)"
            ) from first.error
        if self._failures:
            raise self._failures[0]

    def _lines_before(self, offset: int) -> int:
        count = 0
        with self._path.open("rb") as source:
            while offset > 0 and (block := source.read(min(offset, _PIECE_BYTES))):
                count += block.count(b"\n")
                offset -= len(block)
        return count


def _may_hold_blank_nodes(piece: bytes) -> bool:
    # Searching for "_:" takes a while (":" is in every IRI) and holds the GIL; "_" is rare in most files: find each
    # one (a fast byte search) and look after it, up to a bound.
    at = piece.find(b"_")
    for _ in range(10_000):
        if at < 0:
            return False
        if piece[at + 1 : at + 2] == b":":
            return True
        at = piece.find(b"_", at + 1)
    return b"_:" in piece


_PLAIN_DATATYPES = {"http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def plain_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> PlainTerm:
    """An Oxigraph term as plain rows give it: IRIs and blank nodes as tagged strings, a literal with its
    language tag in lower case and no datatype when it is a plain string."""
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
