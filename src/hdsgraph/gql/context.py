"""What every resolver can reach: the node's services, nothing else."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from strawberry.types import Info

if TYPE_CHECKING:
    from hdsgraph.node import Node

__all__ = ["ARRIVED_KEY", "arrived_at", "node_of"]

# The context entry holding when the HTTP request arrived (time.monotonic()), for deadlines that count from there.
ARRIVED_KEY = "arrived"


def node_of(info: Info[Any, Any]) -> Node:
    context = info.context
    node = context["node"] if isinstance(context, dict) else context.node
    return node  # type: ignore[no-any-return]


def arrived_at(info: Info[Any, Any]) -> float | None:
    """When the request arrived (``time.monotonic()``), or None outside an HTTP request."""
    context = info.context
    arrived = context.get(ARRIVED_KEY) if isinstance(context, dict) else None
    return arrived if isinstance(arrived, float) else None
