"""The obvious alternatives for the same search: SPARQL with CONTAINS, COUNT and GROUP BY facets.

rdflib holds the catalogue in a ``Dataset`` whose default graph is the union of the dataset graphs; pyoxigraph runs the
same query text over the node's own store, with its default graph as the union. A search is three queries: the page
(ordered by title, SPARQL having no relevance), the total count and the facet counts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from bench.queries import BenchQuery, sparql_count, sparql_facets, sparql_page
from rdflib import Dataset

__all__ = ["Peer", "PeerRun", "load_rdflib", "oxigraph_peer", "rdflib_peer", "run_peer"]


@dataclass(frozen=True)
class PeerRun:
    times_ms: list[float]  # one per search
    totals: list[int]  # what each search counted, to check that the peers agree with the index


@dataclass(frozen=True)
class Peer:
    search: Callable[[BenchQuery], int]  # one search: page, count, facets; returns the count
    warm_up: Callable[[BenchQuery], object]  # what runs before the measured searches


def load_rdflib(path: Path) -> tuple[Dataset, float]:
    """The N-Quads file in an rdflib Dataset (default graph: the union); returns it and the seconds it took."""
    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(path, format="nquads")
    return dataset, time.perf_counter() - started


def rdflib_peer(dataset: Dataset) -> Peer:
    def search(query: BenchQuery) -> int:
        list(dataset.query(sparql_page(query)))
        total = int(next(iter(dataset.query(sparql_count(query))))[0])
        for facet in sparql_facets(query):
            list(dataset.query(facet))
        return total

    # In memory there is nothing to warm but rdflib's SPARQL machinery; a warm-up search would cost a minute.
    return Peer(search, lambda _: dataset.query("ASK { ?s ?p ?o }").askAnswer)


def oxigraph_peer(store: ox.Store) -> Peer:
    def select(text: str) -> list[Any]:
        return list(store.query(text, use_default_graph_as_union=True))

    def search(query: BenchQuery) -> int:
        select(sparql_page(query))
        total = int(select(sparql_count(query))[0]["n"].value)
        for facet in sparql_facets(query):
            select(facet)
        return total

    # On disk, the count of the first search reads what every search scans (the text literals) into the caches.
    return Peer(search, lambda query: select(sparql_count(query)))


def run_peer(peer: Peer, queries: Sequence[BenchQuery], budget_s: float) -> PeerRun:
    """Each query once, after the peer's warm-up; stops early when ``budget_s`` is spent (at least three run)."""
    peer.warm_up(queries[0])
    times, totals = [], []
    started = time.perf_counter()
    for query in queries:
        t0 = time.perf_counter()
        totals.append(peer.search(query))
        times.append((time.perf_counter() - t0) * 1000)
        if len(times) >= 3 and time.perf_counter() - started > budget_s:
            break
    return PeerRun(times, totals)
