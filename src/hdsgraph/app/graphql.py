"""GraphQL over HTTP at ``/graphql`` (GraphiQL in a browser), with the node in every resolver's context."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from hdsgraph.gql import build_schema
from hdsgraph.node import Node

__all__ = ["GraphQLApp"]


class GraphQLApp(GraphQL[dict[str, Any], None]):
    def __init__(self, node: Node) -> None:
        super().__init__(build_schema(), graphql_ide="graphiql", allow_queries_via_get=True)
        self._node = node

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> dict[str, Any]:
        return {"node": self._node, "request": request, "response": response}
