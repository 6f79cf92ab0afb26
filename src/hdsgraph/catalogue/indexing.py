"""What the search index keeps of each dataset, derived from the triples of the graph that describes it.

The same derivation serves a publish (the triples of the document being stored), a bulk load (the triples of the
file) and ``hdsgraph reindex`` (the triples read back from the store), so the three cannot disagree.
"""

from __future__ import annotations

import gc
import io
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import pyoxigraph as ox

from hdsgraph.core.errors import StoreError
from hdsgraph.core.vocab import DCAT, DCT, FOAF, HEALTHDCATAP, RDF
from hdsgraph.index import Field, IndexEntry, SearchIndex
from hdsgraph.index.text import normalise, term_weights
from hdsgraph.store.base import GraphStore, Iri

__all__ = [
    "DatasetIndexer",
    "bulk_load",
    "dataset_count",
    "dataset_graphs",
    "entries_from_nquads",
    "entries_from_triples",
    "read_entries",
    "recover_pending",
    "reindex",
]

log = logging.getLogger("hdsgraph.catalogue")

_TYPE = str(RDF.type)
_DATASET = str(DCAT.Dataset)
_TITLE, _DESCRIPTION, _KEYWORD = str(DCT.title), str(DCT.description), str(DCAT.keyword)
_NAME = str(FOAF.name)
_MIN_AGE, _MAX_AGE = str(HEALTHDCATAP.minTypicalAge), str(HEALTHDCATAP.maxTypicalAge)
_INDIVIDUALS = str(HEALTHDCATAP.numberOfUniqueIndividuals)
_ISSUED, _MODIFIED = str(DCT.issued), str(DCT.modified)
_AGENT_FIELDS = tuple(f.name for f in (Field.PUBLISHER, Field.CUSTODIAN))
_TEXTS = (("title", _TITLE), ("description", _DESCRIPTION), ("keyword", _KEYWORD))
_FIELDS = tuple((f.name, f.spec.predicate, f.spec.literal) for f in Field)
# Every predicate an entry reads: the rest of a graph never changes an entry, and is skipped.
_READ = frozenset(
    {_TYPE, _TITLE, _DESCRIPTION, _KEYWORD, _NAME, _MIN_AGE, _MAX_AGE, _INDIVIDUALS, _ISSUED, _MODIFIED}
    | {predicate for _, predicate, _ in _FIELDS}
)

# A term as the derivation sees it: an IRI as its string, a literal as (lexical form, language in lower case or "").
# Blank nodes and triple terms never reach an entry: datasets and agents are IRIs, and every value is an IRI or a
# literal.
Value = str | tuple[str, str]
Properties = dict[str, dict[str, list[Value]]]  # subject IRI -> predicate IRI -> objects, in the order read


def entries_from_triples(triples: Iterable[Any], graph: str) -> list[IndexEntry]:
    """An entry for each dataset (an IRI typed ``dcat:Dataset``) among ``triples`` (pyoxigraph triples or quads)."""
    props: Properties = {}
    for t in triples:
        subject, predicate = t.subject, t.predicate.value
        if predicate in _READ and isinstance(subject, ox.NamedNode):
            value = _value(t.object)
            if value is not None:
                _add(props, subject.value, predicate, value)
    return _entries(props, graph)


def _value(term: Any) -> Value | None:
    if isinstance(term, ox.NamedNode):
        return str(term.value)
    if isinstance(term, ox.Literal):
        return (term.value, (term.language or "").lower())
    return None


def _add(props: Properties, subject: str, predicate: str, value: Value) -> None:
    by_predicate = props.get(subject)
    if by_predicate is None:
        props[subject] = {predicate: [value]}
        return
    values = by_predicate.get(predicate)
    if values is None:
        by_predicate[predicate] = [value]
    else:
        values.append(value)


def _entries(props: Properties, graph: str) -> list[IndexEntry]:
    datasets = sorted(s for s, p in props.items() if _DATASET in p.get(_TYPE, ()))
    return [_entry(iri, graph, props) for iri in datasets]


def _entry(iri: str, graph: str, props: Properties) -> IndexEntry:
    p = props[iri]
    texts = [(field, v[0]) for field, predicate in _TEXTS for v in p.get(predicate, ()) if isinstance(v, tuple)]
    values: dict[str, tuple[str, ...]] = {}
    for name, predicate, literal in _FIELDS:
        objects = p.get(predicate)
        if not objects:
            continue
        if literal:
            found = {normalise(v[0]).strip() for v in objects if isinstance(v, tuple)}
        else:
            found = {v for v in objects if isinstance(v, str)}
        if found:
            values[name] = tuple(sorted(found))
    names = {}
    for field in _AGENT_FIELDS:
        for agent in values.get(field, ()):
            by_language = _by_language(props.get(agent, {}).get(_NAME, ()))
            if by_language:
                names[agent] = by_language
    return IndexEntry(
        iri=iri,
        graph=graph,
        title=_preferred(p.get(_TITLE, ())),
        terms=term_weights(texts),
        values=values,
        min_age=_number(p.get(_MIN_AGE, ())),
        max_age=_number(p.get(_MAX_AGE, ())),
        individuals=_integer(p.get(_INDIVIDUALS, ())),
        issued=_lexical(p.get(_ISSUED, ())),
        modified=_lexical(p.get(_MODIFIED, ())),
        names=names,
    )


def _literals(values: Iterable[Value]) -> list[tuple[str, str]]:
    return [v for v in values if isinstance(v, tuple)]


def _by_language(values: Iterable[Value]) -> dict[str, str]:
    out: dict[str, str] = {}
    for text, language in sorted(_literals(values)):
        out.setdefault(language, text)
    return out


def _preferred(values: Iterable[Value]) -> str:
    texts = _by_language(values)
    for key in ("en", ""):
        if key in texts:
            return texts[key]
    return next(iter(sorted(texts.values())), "")


def _lexical(values: Iterable[Value]) -> str | None:
    return min((text for text, _ in _literals(values)), default=None)


def _number(values: Iterable[Value]) -> float | None:
    for text, _ in _literals(values):
        try:
            return float(text)
        except ValueError:
            continue
    return None


def _integer(values: Iterable[Value]) -> int | None:
    value = _number(values)
    return int(value) if value is not None else None


# -- N-Quads files, read as text ----------------------------------------------------------------------------------

_BLOCK = 16 << 20
_READ_TOKENS = {f"<{p}>".encode(): p for p in _READ}
_DATASET_TOKEN = f"<{_DATASET}>".encode()
_ODD = (b"\\", b"\t", b"\r")  # escapes, tabs and carriage returns: such lines go to Oxigraph's parser
_KEPT_TERMS = 50_000  # at most this many of each kind of term are kept decoded: memory stays bounded


class _GraphRuns:
    """Entries from the lines of an N-Quads file, graph by graph, as the lines come.

    Parsing every quad into Python objects costs more than the rest of a bulk load together, so each line is first
    looked at as text: a line whose predicate no entry reads is skipped, and a line as ``export`` writes it (terms
    one space apart, no escapes) is cut into its terms directly. Any other line goes through Oxigraph's parser,
    which makes the two ways agree. Lines are not checked here: the store's loader reads the same file and reports
    what is wrong with it.
    """

    def __init__(self) -> None:
        self.graphs: set[str] = set()  # every graph with a line that an entry reads
        self.scattered: set[str] = set()  # graphs whose lines come back after another graph's
        self._graph = b""
        self._name = ""
        self._props: Properties = {}
        self._done: list[tuple[str, list[IndexEntry]]] = []
        # Object IRIs (themes, categories, agents: a few thousand, read again and again) and the ends of literals
        # (a language tag, a datatype) already checked and decoded, with what they read as.
        self._iris: dict[bytes, str] = {}
        self._suffixes: dict[bytes, str] = {}

    def read(self, path: Path) -> Iterator[tuple[str, list[IndexEntry]]]:
        """Each run of a graph's lines in the file, as (graph, its entries), in file order."""
        with path.open("rb") as source:
            rest = b""
            while block := source.read(_BLOCK):
                lines = block.split(b"\n")
                lines[0] = rest + lines[0]
                odd = any(c in block or c in lines[0] for c in _ODD)
                rest = lines.pop()  # the part of a line that the next block completes
                self._feed(lines, odd)
                yield from self._finished()
            self._feed([rest], True)
        self._flush()
        yield from self._finished()

    def _finished(self) -> list[tuple[str, list[IndexEntry]]]:
        done, self._done = self._done, []
        return done

    def _feed(self, lines: list[bytes], odd: bool) -> None:
        """Take ``lines``; ``odd``: some of them may hold escapes, tabs or carriage returns."""
        # The checks below are what tells a line as ``export`` writes it from any other valid N-Quads line; the
        # store's loader rejects the file if a line is not valid.
        tokens, dataset, parse = _READ_TOKENS, _DATASET_TOKEN, self._parse
        iris, suffixes = self._iris, self._suffixes
        graph, props = self._graph, self._props
        last, ending = b"", b" " + graph + b" ."
        by_predicate: dict[str, list[Value]] = {}
        for line in lines:
            parts = line.split(b" ", 2)
            if len(parts) < 3 or (odd and (b"\\" in line or b"\t" in line or b"\r" in line)):
                if line and line[:1] != b"#":
                    graph, props, ending = parse(line, graph, props)
                    last = b""
                continue  # an empty line or a comment otherwise
            subject, token, rest = parts
            if subject[:1] != b"<" or subject.find(b">") != len(subject) - 1:
                if subject[:2] != b"_:" and subject[:1] != b"#":  # a blank node's properties: no entry reads them
                    graph, props, ending = parse(line, graph, props)
                    last = b""
                continue
            predicate = tokens.get(token)
            if predicate is None:
                if token[:1] != b"<" or token.find(b">") != len(token) - 1:
                    graph, props, ending = parse(line, graph, props)
                    last = b""
                continue  # a predicate no entry reads
            # Most lines end as the one before: " <graph> .". Otherwise the graph is the last term but one.
            if rest.endswith(ending):
                term, name = rest[: len(rest) - len(ending)], graph
            else:
                terms = rest.rsplit(b" ", 2)
                if len(terms) != 3 or terms[2] != b"." or terms[1][:1] != b"<" or terms[1][-1:] != b">":
                    if len(terms) != 3 or terms[2] != b"." or terms[1][:2] != b"_:":  # a blank node's graph: none
                        graph, props, ending = parse(line, graph, props)
                        last = b""
                    continue
                term, name = terms[0], terms[1]
            value: Value | None = iris.get(term)
            if value is not None:  # an IRI read before: the same checks passed
                if predicate == _TYPE and term != dataset:
                    continue  # a type other than dcat:Dataset: no entry reads it
            elif (first := term[:1]) == b'"':
                if predicate == _TYPE:
                    continue
                close = term.rfind(b'"')
                suffix = term[close + 1 :]
                language = suffixes.get(suffix)
                if language is None:
                    if not suffix or (suffix[:3] == b"^^<" and suffix.find(b">") == len(suffix) - 1):
                        language = ""
                    elif suffix[:1] == b"@" and b"--" not in suffix and suffix[1:].replace(b"-", b"").isalnum():
                        language = suffix[1:].decode().lower()
                    else:
                        # A direction after the language, a comment at the end, terms not one space apart: the
                        # parser.
                        graph, props, ending = parse(line, graph, props)
                        last = b""
                        continue
                    if len(suffixes) < _KEPT_TERMS:
                        suffixes[suffix] = language
                value = (term[1:close].decode(), language)
            elif first == b"<":
                if predicate == _TYPE and term != dataset:
                    continue
                if term[1:2] == b"<" or term[-1:] != b">":  # a triple term, or more than one space before the graph
                    graph, props, ending = parse(line, graph, props)
                    last = b""
                    continue
                value = term[1:-1].decode()
                if len(iris) < _KEPT_TERMS:
                    iris[term] = value
            elif first == b"_":
                continue  # a blank node: no entry reads one
            else:
                graph, props, ending = parse(line, graph, props)
                last = b""
                continue
            if name != graph:
                self._graph, self._props = graph, props
                self._switch(name)
                graph, props, last = self._graph, self._props, b""
                ending = b" " + graph + b" ."
            if subject != last:
                last = subject
                iri = subject[1:-1].decode()
                found = props.get(iri)
                if found is None:
                    found = props[iri] = {}
                by_predicate = found
            values = by_predicate.get(predicate)
            if values is None:
                by_predicate[predicate] = [value]
            else:
                values.append(value)
        self._graph, self._props = graph, props

    def _parse(self, line: bytes, graph: bytes, props: Properties) -> tuple[bytes, Properties, bytes]:
        """``_exactly`` for ``_feed``, which keeps the current graph in variables of its own."""
        self._graph, self._props = graph, props
        self._exactly(line)
        return self._graph, self._props, b" " + self._graph + b" ."

    def _exactly(self, line: bytes) -> None:
        for quad in ox.parse(line, format=ox.RdfFormat.N_QUADS):
            graph, subject, predicate = quad.graph_name, quad.subject, quad.predicate.value
            if isinstance(graph, ox.NamedNode) and isinstance(subject, ox.NamedNode) and predicate in _READ:
                value = _value(quad.object)
                if value is not None:
                    name = f"<{graph.value}>".encode()
                    if name != self._graph:
                        self._switch(name)
                    _add(self._props, subject.value, predicate, value)

    def _switch(self, graph: bytes) -> None:
        self._flush()
        self._graph, self._name = graph, graph[1:-1].decode()
        if self._name in self.graphs:
            self.scattered.add(self._name)
        self.graphs.add(self._name)

    def _flush(self) -> None:
        if self._props:
            self._done.append((self._name, _entries(self._props, self._name)))
            self._props = {}


def entries_from_nquads(path: Path) -> tuple[dict[str, list[IndexEntry]], set[str]]:
    """The entries of each graph of an N-Quads file, read as a stream, graph by graph.

    Files written by ``export`` hold each graph's quads together. A graph whose quads come back after another
    graph's cannot be derived from the stream alone: those graphs are returned apart, to be read from the store.
    """
    runs = _GraphRuns()
    changes = dict(runs.read(path))
    for graph in runs.scattered:
        changes.pop(graph, None)
    return {g: e for g, e in changes.items() if e}, runs.scattered


# -- keeping the index in step with the store -----------------------------------------------------------------


@dataclass
class _IndexChange:
    index: SearchIndex
    graph: str
    entries: list[IndexEntry]

    def begin(self) -> None:
        self.index.mark_pending(self.graph)

    def commit(self) -> None:
        self.index.replace_graph(self.graph, self.entries)

    def abort(self) -> None:
        self.index.clear_pending(self.graph)


class DatasetIndexer:
    """Stages the index change of one document before the store changes; the loader commits or aborts it."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index

    def stage(self, graph: str, triples: Sequence[Any]) -> _IndexChange:
        return _IndexChange(self.index, graph, entries_from_triples(triples, graph))


# Documents are graphs named by IRIs; a dataset in a blank node's graph is in no document, and in no index.
_DATASET_GRAPHS = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?d a <{DCAT.Dataset}> }} FILTER(isIRI(?g)) }}"


def dataset_graphs(store: GraphStore) -> list[str]:
    return sorted(str(row["g"]) for row in store.select(_DATASET_GRAPHS))


_DATASET_COUNT = f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ GRAPH ?g {{ ?d a <{DCAT.Dataset}> }} FILTER(isIRI(?d)) }}"


def dataset_count(store: GraphStore) -> int:
    """How many datasets (IRIs typed dcat:Dataset) the store describes: what a complete index holds."""
    return int(store.select(_DATASET_COUNT)[0]["n"])


Progress = Callable[[int, int, str], None]  # (graphs done, graphs in all, the graph just done)
_PROGRESS_EVERY = 1000


def read_entries(store: GraphStore, graphs: Sequence[str], progress: Progress | None = None) -> Iterator[IndexEntry]:
    """The entries of ``graphs``, read back from ``store`` one graph at a time."""
    for n, graph in enumerate(graphs, 1):
        buffer = io.BytesIO()
        store.export(buffer, graph)
        quads = ox.parse(buffer.getvalue(), format=ox.RdfFormat.N_QUADS)
        yield from entries_from_triples(quads, graph)
        if progress is not None and (n % _PROGRESS_EVERY == 0 or n == len(graphs)):
            progress(n, len(graphs), graph)


def reindex(store: GraphStore, index: SearchIndex, progress: Progress | None = None) -> int:
    """Rebuild ``index`` from every dataset graph in ``store``; returns how many datasets it holds."""
    graphs = dataset_graphs(store)
    count = index.rebuild(read_entries(store, graphs, progress))
    log.info("indexed %d datasets from %d graphs", count, len(graphs))
    return count


def recover_pending(store: GraphStore, index: SearchIndex) -> list[str]:
    """Bring the graphs a crash left marked back in step with the store; returns them."""
    pending = index.pending()
    for graph in pending:
        entries = list(read_entries(store, [graph])) if store.has_graph(graph) else []
        index.replace_graph(graph, entries)
    if pending:
        log.warning("re-indexed %d graphs whose last change was interrupted: %s", len(pending), ", ".join(pending))
    return pending


T = TypeVar("T")


class _InThread(Generic[T]):
    """A call run on a thread of its own; ``result`` waits for it and returns its value or raises its error."""

    def __init__(self, call: Callable[[], T], name: str) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        self._call = call
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._call()
        except BaseException as e:  # raised again by result(), in the caller's thread
            self._error = e

    def join(self) -> None:
        self._thread.join()

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value


_NAMED_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cycle collector paused: a bulk load makes no cycles, but its millions of short-lived tuples and lists
    start a collection every few hundred, and the older ones walk every entry kept so far (about 8 % of the
    index's side at 20,000 datasets)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def bulk_load(store: GraphStore, index: SearchIndex, path: Path) -> tuple[int, int]:
    """Load an N-Quads file into ``store`` and index its datasets; returns (quads in the store, datasets indexed).

    The store's loader (Rust, on threads of its own) and the derivation of index entries (Python, here) run at the
    same time, sharing the cores, and entries go into the index's transaction as they are derived, so that none is
    held in memory: only what the search engine keeps of them. The index commits only once the store holds the file.
    """
    # A bulk load adds quads to a graph the store already holds: the entries of such a graph come from the store
    # after the load, as do those of a graph whose lines are scattered in the file.
    before = {str(row["g"]) for row in store.select_plain(_NAMED_GRAPHS) if isinstance(row.get("g"), Iri)}
    loading = _InThread(lambda: store.bulk_load(path), name="hdsgraph-bulk-store")
    runs = _GraphRuns()
    try:
        with _no_cycle_collection(), index.bulk() as write:
            try:
                for graph, entries in runs.read(path):
                    if graph not in before:
                        write.put(graph, entries)
                write.prepare()
            except Exception as e:
                loading.result()  # the store's own error comes first: it names the line of the file
                raise StoreError(
                    f"deriving the search index entries of {path} failed ({e}); the store holds the file's quads: "
                    "run `hdsgraph reindex`"
                ) from e
            quads = loading.result()
            again = sorted(runs.scattered | (runs.graphs & before))
            for graph in again:
                write.put(graph, list(read_entries(store, [graph])))
    finally:
        loading.join()
    if again:
        log.info("read the entries of %d graphs back from the store after the load", len(again))
    return quads, write.datasets
