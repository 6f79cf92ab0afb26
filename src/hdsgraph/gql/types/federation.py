"""Where results come from: the search scope, the nodes that took part in an answer, and the configured peers."""

from __future__ import annotations

import datetime
from enum import Enum

import strawberry

from hdsgraph.federation.peers import Peer
from hdsgraph.node.federated_search import NodeRef, NodeReport

__all__ = ["CatalogueNode", "NodeState", "NodeStatus", "PeerNode", "Scope"]


@strawberry.enum(description="Which catalogues a search reads.")
class Scope(Enum):
    LOCAL = strawberry.enum_value("LOCAL", description="This node's own datasets.")
    FEDERATED = strawberry.enum_value(
        "FEDERATED",
        description="This node's and every peer's, asked now in parallel, each within its deadline; a peer that "
        "fails is named in `nodes` and in one error, and the answer is `partial`.",
    )
    CACHED = strawberry.enum_value(
        "CACHED",
        description="What this node harvested from other catalogues (`hdsgraph harvest`), as of `nodes.cachedAt`.",
    )


@strawberry.enum(description="How a node took part in an answer.")
class NodeState(Enum):
    OK = "OK"
    TIMEOUT = "TIMEOUT"
    UNAVAILABLE = "UNAVAILABLE"
    INVALID_RESPONSE = "INVALID_RESPONSE"
    REFUSED = "REFUSED"


@strawberry.type(description="A node of the health data space: this one or a peer.")
class CatalogueNode:
    id: strawberry.ID = strawberry.field(description="The node's IRI.")
    name: str
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2 code, when configured.")

    @classmethod
    def of(cls, ref: NodeRef) -> CatalogueNode:
        return cls(id=strawberry.ID(ref.id), name=ref.name, country=ref.country)


@strawberry.type(description="One node's part in an answer: its state, how fast it answered and how many it matched.")
class NodeStatus:
    id: strawberry.ID
    name: str
    status: NodeState
    latency_ms: float | None = strawberry.field(description="Milliseconds until its answer (or its failure).")
    total_count: int | None = strawberry.field(description="How many datasets it matched; null when it failed.")
    cached_at: datetime.datetime | None = strawberry.field(
        description="For a cached answer: when the catalogue was harvested. Null for a live answer."
    )

    @classmethod
    def of(cls, report: NodeReport) -> NodeStatus:
        return cls(
            id=strawberry.ID(report.node.id),
            name=report.node.name,
            status=NodeState(report.status),
            latency_ms=report.latency_ms,
            total_count=report.total_count,
            cached_at=report.cached_at,
        )


@strawberry.type(description="A peer node that federated searches ask, as this node's configuration names it.")
class PeerNode:
    id: strawberry.ID
    name: str
    country: str
    url: str = strawberry.field(description="Its GraphQL endpoint.")
    harvested: bool = strawberry.field(description="Whether the scheduled crawl harvests its catalogue.")

    @classmethod
    def of(cls, peer: Peer) -> PeerNode:
        return cls(
            id=strawberry.ID(peer.id), name=peer.name, country=peer.country, url=peer.url, harvested=peer.harvest
        )
