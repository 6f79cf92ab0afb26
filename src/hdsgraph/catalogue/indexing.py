"""What the search index keeps of each dataset, derived from the triples of the graph that describes it.

The same derivation serves a publish (the triples of the document being stored), a bulk load (the triples of the
file) and ``hdsgraph reindex`` (the triples read back from the store), so the three cannot disagree.
"""

from __future__ import annotations

import io
import logging
import pickle
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from hdsgraph.core.errors import StoreError
from hdsgraph.core.vocab import DCAT, DCT, FOAF, HEALTHDCATAP, RDF
from hdsgraph.index import Field, IndexEntry, SearchIndex
from hdsgraph.index.text import normalise, term_weights
from hdsgraph.store.base import GraphStore

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
_DISTRIBUTION, _NAME = str(DCAT.distribution), str(FOAF.name)
_MIN_AGE, _MAX_AGE = str(HEALTHDCATAP.minTypicalAge), str(HEALTHDCATAP.maxTypicalAge)
_INDIVIDUALS = str(HEALTHDCATAP.numberOfUniqueIndividuals)
_ISSUED, _MODIFIED = str(DCT.issued), str(DCT.modified)
_AGENT_FIELDS = (Field.PUBLISHER, Field.CUSTODIAN)

Term = Any  # a pyoxigraph NamedNode, BlankNode or Literal
Properties = dict[Term, dict[str, list[Term]]]


def entries_from_triples(triples: Iterable[Any], graph: str) -> list[IndexEntry]:
    """An entry for each dataset (an IRI typed ``dcat:Dataset``) among ``triples`` (pyoxigraph triples or quads)."""
    props: Properties = defaultdict(lambda: defaultdict(list))
    for t in triples:
        props[t.subject][t.predicate.value].append(t.object)
    datasets = [
        s
        for s, p in props.items()
        if isinstance(s, ox.NamedNode) and any(_is_iri(o, _DATASET) for o in p.get(_TYPE, ()))
    ]
    return [_entry(s.value, graph, props) for s in sorted(datasets, key=lambda n: n.value)]


def _entry(iri: str, graph: str, props: Properties) -> IndexEntry:
    p = props[ox.NamedNode(iri)]
    texts = [
        (field, lit.value)
        for field, predicate in (("title", _TITLE), ("description", _DESCRIPTION), ("keyword", _KEYWORD))
        for lit in p.get(predicate, ())
        if isinstance(lit, ox.Literal)
    ]
    values: dict[str, tuple[str, ...]] = {}
    for field in Field:
        objects = p.get(field.spec.predicate, ())
        if field.spec.literal:
            found = {normalise(o.value).strip() for o in objects if isinstance(o, ox.Literal)}
        else:
            found = {o.value for o in objects if isinstance(o, ox.NamedNode)}
        if found:
            values[field.name] = tuple(sorted(found))
    names = {
        agent: _by_language(props.get(ox.NamedNode(agent), {}).get(_NAME, ()))
        for field in _AGENT_FIELDS
        for agent in values.get(field.name, ())
    }
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
        names={agent: n for agent, n in names.items() if n},
    )


def _is_iri(term: Term, iri: str) -> bool:
    return isinstance(term, ox.NamedNode) and term.value == iri


def _by_language(literals: Iterable[Term]) -> dict[str, str]:
    out: dict[str, str] = {}
    for lit in sorted((x for x in literals if isinstance(x, ox.Literal)), key=lambda x: x.value):
        out.setdefault((lit.language or "").lower(), lit.value)
    return out


def _preferred(literals: Iterable[Term]) -> str:
    texts = _by_language(literals)
    for key in ("en", ""):
        if key in texts:
            return texts[key]
    return next(iter(sorted(texts.values())), "")


def _lexical(literals: Iterable[Term]) -> str | None:
    return min((x.value for x in literals if isinstance(x, ox.Literal)), default=None)


def _number(literals: Iterable[Term]) -> float | None:
    for x in literals:
        try:
            return float(x.value)
        except (ValueError, AttributeError):
            continue
    return None


def _integer(literals: Iterable[Term]) -> int | None:
    value = _number(literals)
    return int(value) if value is not None else None


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


_DATASET_GRAPHS = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?d a <{DCAT.Dataset}> }} }}"


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


def entries_from_nquads(path: Path) -> tuple[dict[str, list[IndexEntry]], set[str]]:
    """The entries of each graph of an N-Quads file, read as a stream, graph by graph.

    Files written by ``export`` hold each graph's quads together. A graph whose quads come back after another
    graph's cannot be derived from the stream alone: those graphs are returned apart, to be read from the store.
    """
    changes: dict[str, list[IndexEntry]] = {}
    scattered: set[str] = set()
    current: Any = None
    batch: list[Any] = []

    def flush() -> None:
        if isinstance(current, ox.NamedNode):
            name = current.value
            if name in changes:
                scattered.add(name)
            changes[name] = entries_from_triples(batch, name)

    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        graph = quad.graph_name
        if graph != current:
            flush()
            current, batch = graph, []
        batch.append(quad)
    flush()
    for graph in scattered:
        changes.pop(graph, None)
    return {g: e for g, e in changes.items() if e}, scattered


def bulk_load(store: GraphStore, index: SearchIndex, path: Path) -> tuple[int, int]:
    """Load an N-Quads file into ``store`` and index its datasets; returns (quads in the store, datasets indexed).

    The store's loader (Rust) and the derivation of index entries (Python) run at the same time, the latter in a
    worker process: on two cores that takes the longer of the two rather than their sum.
    """
    with tempfile.TemporaryDirectory(prefix="hdsgraph-derive-") as tmp:
        out = Path(tmp) / "entries.pickle"
        child = subprocess.Popen([sys.executable, "-m", "hdsgraph.catalogue._derive", str(path), str(out)])
        try:
            quads = store.bulk_load(path)
        finally:
            code = child.wait()
        if code != 0:
            raise StoreError(
                f"deriving the search index entries of {path} failed (exit {code}); the store holds the "
                "file's quads: run `hdsgraph reindex`"
            )
        with out.open("rb") as f:
            # Our own child wrote this file, in a directory only this call knows.
            changes, scattered = pickle.load(f)
    for graph in sorted(scattered):
        changes[graph] = list(read_entries(store, [graph]))
    index.replace_graphs(changes)
    return quads, sum(len(e) for e in changes.values())
