"""What every resolver can reach: the node's services, nothing else."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from strawberry.types import Info

if TYPE_CHECKING:
    from hdsgraph.node import Node

__all__ = ["node_of"]


def node_of(info: Info[Any, Any]) -> Node:
    context = info.context
    node = context["node"] if isinstance(context, dict) else context.node
    return node  # type: ignore[no-any-return]
