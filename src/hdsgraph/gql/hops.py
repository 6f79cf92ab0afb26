"""Requests between nodes: who asks (a peer, by its token), the hop limit, and one error per failed peer.

A peer's request is answered from this node's own catalogue only: a federated search reaches each node once and
never fans out again. Failures of peers are not exceptions (the answer still comes, marked partial) but each is
one GraphQL error, added to the response by ``PeerErrors``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import Info

from hdsgraph.core.errors import HdsgraphError
from hdsgraph.node.federated_search import PeerFailure

__all__ = ["HopLimitError", "PeerErrors", "add_peer_error", "is_peer_request", "not_cacheable", "refuse_second_hop"]

PEER_KEY = "peer"  # the context entry the HTTP layer sets for a request with a valid peer token
_ERRORS_KEY = "peer_errors"


class HopLimitError(HdsgraphError):
    code = "HOP_LIMIT"


def is_peer_request(info: Info[Any, Any]) -> bool:
    context = info.context
    return isinstance(context, dict) and context.get(PEER_KEY) is not None


def refuse_second_hop(info: Info[Any, Any], scope: str) -> None:
    if is_peer_request(info):
        peer = info.context[PEER_KEY]
        raise HopLimitError(
            f"scope {scope} asked by peer {peer.id}: a peer's request is answered from this node's own catalogue "
            "only (hop limit 1); ask with scope LOCAL",
            peer=peer.id,
        )


def not_cacheable(info: Info[Any, Any]) -> None:
    """Keep this answer out of the response cache: it depends on more than this node's graph."""
    request = info.context.get("request") if isinstance(info.context, dict) else None
    if request is not None:
        request.state.uncacheable = True


def add_peer_error(info: Info[Any, Any], failure: PeerFailure) -> None:
    error = GraphQLError(
        failure.message,
        path=info.path.as_list(),
        extensions={
            "code": failure.code,
            "peer": failure.node.id,
            "peerName": failure.node.name,
            "retryable": failure.retryable,
        },
    )
    info.context.setdefault(_ERRORS_KEY, []).append(error)


class PeerErrors(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context.context
        errors = context.get(_ERRORS_KEY) if isinstance(context, dict) else None
        result = self.execution_context.result
        if errors and result is not None:
            result.errors = [*(result.errors or []), *errors]
