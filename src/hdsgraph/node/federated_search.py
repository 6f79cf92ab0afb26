"""Federated discovery: this node's search and the same search on every peer, merged into one answer.

The answer says everything about how it was made: which node answered, how fast and with how many matches,
which failed and why (one failure per peer, with a code the client can act on), and whether it is partial. Each
dataset says the node it came from; a peer's datasets are read from the descriptions it sent, so every field of a
dataset answers the same whichever node holds it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pyoxigraph as ox

from hdsgraph.catalogue import CatalogueSearch, FacetBucket, SearchPage
from hdsgraph.catalogue.reader import TripleResources
from hdsgraph.core import model
from hdsgraph.core.model import LangText
from hdsgraph.core.vocab import DCAT, RDF
from hdsgraph.federation.answers import PeerPage, merge_key, read_page
from hdsgraph.federation.client import InvalidAnswer, PeerAnswer, PeerClient, PeerStatus
from hdsgraph.federation.merge import Hit, NodePage, Position, decode_cursor, merge
from hdsgraph.federation.peers import Peer
from hdsgraph.index import Field, SearchQuery
from hdsgraph.index.cursor import fingerprint

__all__ = ["FederatedPage", "FederatedSearch", "NodeRef", "NodeReport", "PeerFailure", "RemoteDataset"]

_TYPE = ox.NamedNode(str(RDF.type))
_DATASET = ox.NamedNode(str(DCAT.Dataset))
_FAILURE_CODES = {
    PeerStatus.TIMEOUT: "PEER_TIMEOUT",
    PeerStatus.UNAVAILABLE: "PEER_UNAVAILABLE",
    PeerStatus.INVALID_RESPONSE: "PEER_INVALID_RESPONSE",
    PeerStatus.REFUSED: "PEER_REFUSED",
}


@dataclass(frozen=True)
class NodeRef:
    id: str
    name: str
    country: str | None = None


@dataclass(frozen=True)
class NodeReport:
    """How one node took part in an answer."""

    node: NodeRef
    status: str  # OK, TIMEOUT, UNAVAILABLE, INVALID_RESPONSE, REFUSED
    latency_ms: float | None = None
    total_count: int | None = None
    cached_at: datetime | None = None


@dataclass(frozen=True)
class PeerFailure:
    node: NodeRef
    code: str  # PEER_TIMEOUT, PEER_UNAVAILABLE, PEER_INVALID_RESPONSE, PEER_REFUSED
    message: str
    retryable: bool


@dataclass(frozen=True)
class RemoteDataset:
    """A dataset as a peer described it: the resources of its description, each built when first read."""

    resources: Mapping[str, model.Resource]


@dataclass(frozen=True)
class FederatedItem:
    iri: str
    node: NodeRef
    cursor: str
    score: float
    remote: RemoteDataset | None = None


@dataclass(frozen=True)
class FederatedPage:
    items: list[FederatedItem]
    total_count: int
    has_next: bool
    has_previous: bool
    end_cursor: str
    facets: dict[Field, tuple[FacetBucket, ...]]
    nodes: list[NodeReport]
    failures: list[PeerFailure] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        return bool(self.failures)


@dataclass(frozen=True)
class _Answered:
    node: NodeRef
    page: PeerPage


class FederatedSearch:
    """``search(query, …)``: one page of this node's and every peer's matches, merged."""

    def __init__(self, *, local: NodeRef, namespaces: tuple[str, ...], client: PeerClient, catalogue: CatalogueSearch):
        self.local = local
        self._client = client
        self._catalogue = catalogue
        peers = client.config.peers
        self._refs = {p.id: NodeRef(p.id, p.name, p.country) for p in peers}
        # Longest first, so that a more specific namespace wins over a broader one.
        owned = [(ns, local.id) for ns in namespaces] + [(ns, p.id) for p in peers for ns in p.namespaces]
        self._namespaces = sorted(owned, key=lambda pair: -len(pair[0]))

    @property
    def peers(self) -> tuple[Peer, ...]:
        return self._client.config.peers

    async def aclose(self) -> None:
        await self._client.aclose()

    def owner(self, iri: str) -> str | None:
        return next((node for ns, node in self._namespaces if iri.startswith(ns)), None)

    async def search(
        self,
        query: SearchQuery,
        *,
        operation: str,
        root: str,
        variables: Mapping[str, Any],
        local_search: Callable[[SearchQuery], SearchPage],
        since: float | None = None,
    ) -> FederatedPage:
        """``query`` here (``local_search``, in a worker thread) and ``operation`` with ``variables`` on every peer.

        ``variables`` are the operation's own, without paging: each node gets its own ``after`` and ``first``.
        ``since`` is when the request arrived (``time.monotonic()``): the peers' deadlines count from then.
        """
        # The same checks as a local search, before anything is asked of anyone; agents known to no node of this
        # one's may still be known to a peer, so they are not checked here.
        self._catalogue.check(query, agents=False)
        print_ = fingerprint("federated", root, sorted((k, repr(v)) for k, v in variables.items() if k != "lang"))
        positions = decode_cursor(query.after, print_) if query.after else {}
        by_rank = query.sort.value == "relevance"
        descending = query.is_descending

        def read(peer: Peer, data: dict[str, Any]) -> PeerPage:
            # Read as each answer arrives, while slower peers are still awaited; a description that does not read
            # makes the whole answer invalid, as any other member would.
            page = read_page(data, root, first=query.first, sort=query.sort, descending=descending)
            hits = [dataclasses.replace(h, payload=_remote(h.iri, str(h.payload))) for h in page.hits]
            return dataclasses.replace(page, hits=hits)

        def asked_of(peer: Peer) -> dict[str, Any]:
            at = positions.get(peer.id, Position())
            return {**variables, "after": at.cursor, "first": query.first, "facets": bool(query.facets)}

        local_query = dataclasses.replace(query, after=positions.get(self.local.id, Position()).cursor)
        local_task = asyncio.ensure_future(asyncio.to_thread(self._local_page, local_query, local_search))
        answers = await self._client.ask_all(operation, asked_of, read, since=since)
        local_page, local_result, local_ms = await local_task
        answered = [_Answered(self.local, local_page)]
        reports = [NodeReport(self.local, "OK", local_ms, local_page.total_count)]
        failures = []
        for answer in answers:
            ref = self._refs[answer.peer.id]
            if answer.status is PeerStatus.OK and answer.value is not None:
                answered.append(_Answered(ref, answer.value))
                reports.append(NodeReport(ref, "OK", answer.latency_ms, answer.value.total_count))
            else:
                status = answer.status
                reports.append(NodeReport(ref, status.value, answer.latency_ms))
                failures.append(PeerFailure(ref, _FAILURE_CODES[status], _message(ref, answer), status.retryable))
        merged = merge(
            [NodePage(a.node.id, a.page.hits, a.page.has_next) for a in answered],
            positions,
            query.first,
            fingerprint=print_,
            owner=self.owner,
            by_rank=by_rank,
        )
        refs = {a.node.id: a.node for a in answered}
        items = [
            FederatedItem(
                m.hit.iri,
                refs[m.node],
                m.cursor,
                m.hit.score,
                m.hit.payload if m.node != self.local.id else None,
            )
            for m in merged.items
        ]
        return FederatedPage(
            items=items,
            total_count=sum(a.page.total_count for a in answered),
            has_next=merged.has_next,
            has_previous=bool(positions),
            end_cursor=merged.end_cursor,
            facets=self._facets(local_result, answered[1:]),
            nodes=reports,
            failures=failures,
        )

    def _local_page(
        self, query: SearchQuery, local_search: Callable[[SearchQuery], SearchPage]
    ) -> tuple[PeerPage, SearchPage, float]:
        started = time.monotonic()
        found = local_search(query)
        took = round((time.monotonic() - started) * 1000, 1)
        result = found.result
        hits = [
            Hit(iri, cursor, score, merge_key(cursor, query.sort, query.is_descending))
            for iri, cursor, score in zip(result.iris, result.cursors, result.scores, strict=True)
        ]
        return PeerPage(hits, result.has_next_page, result.total_count, []), found, took

    def _facets(self, local: SearchPage, peers: list[_Answered]) -> dict[Field, tuple[FacetBucket, ...]]:
        """Counts summed by value IRI, never by label; labels from this node's vocabularies, else a peer's."""
        counts: dict[Field, dict[str, int]] = {f: {} for f in local.facets}
        labels: dict[str, LangText] = {}
        for field_, buckets in local.facets.items():
            for bucket in buckets:
                counts[field_][bucket.value] = bucket.count
                labels[bucket.value] = bucket.labels
        for answered in peers:
            for value in answered.page.facets:
                field_ = Field[value.field]
                if field_ not in counts:
                    continue
                counts[field_][value.value] = counts[field_].get(value.value, 0) + value.count
                known = labels.get(value.value) or self._catalogue.label(field_, value.value)
                if not known.values and value.label:
                    known = LangText({"": value.label})
                labels[value.value] = known
        return {
            field_: tuple(
                FacetBucket(v, labels.get(v, LangText()), n)
                for v, n in sorted(values.items(), key=lambda pair: (-pair[1], pair[0]))
            )
            for field_, values in counts.items()
        }


def _remote(iri: str, ntriples: str) -> RemoteDataset:
    try:
        quads = list(ox.parse(ntriples.encode(), format=ox.RdfFormat.N_TRIPLES))
    except (SyntaxError, ValueError) as e:
        raise InvalidAnswer(f"the description of {iri} is not N-Triples: {e}") from e
    if ox.Quad(ox.NamedNode(iri), _TYPE, _DATASET, ox.DefaultGraph()) not in quads:
        raise InvalidAnswer(f"the description sent for {iri} does not describe it as a dcat:Dataset")
    return RemoteDataset(TripleResources(quads))


def _message(node: NodeRef, answer: PeerAnswer[Any]) -> str:
    what = {
        PeerStatus.TIMEOUT: "did not answer in time",
        PeerStatus.UNAVAILABLE: "is unavailable",
        PeerStatus.INVALID_RESPONSE: "sent an answer that is not a valid page of datasets",
        PeerStatus.REFUSED: "refused the request",
        PeerStatus.OK: "sent an answer that is not a valid page of datasets",
    }[answer.status]
    return f"peer {node.name} ({node.id}) {what}: {answer.message}" if answer.message else f"peer {node.name} {what}"
