"""GraphQL over HTTP at ``/graphql`` (GraphiQL in a browser), with the node in every resolver's context.

Beyond strawberry's view, as the GraphQL-over-HTTP spec asks: the response media type follows ``Accept``
(``application/graphql-response+json`` when the client takes it); a request that fails before execution answers
without ``data`` and, in that media type, with status 400; a mutation over GET is 405; and every refusal is a GraphQL
error body with a stable ``extensions.code``, not plain text.
"""

from __future__ import annotations

import time
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from hdsgraph.app._graphql_http import (
    GRAPHQL_RESPONSE,
    JSON,
    Refusal,
    check_accept,
    check_content_type,
    check_operation_name,
    content_type,
    is_request_error,
    negotiate,
    refusal_of,
)
from hdsgraph.app.response_cache import CACHE_HEADER, CachedAnswer, ResponseCache, is_cacheable
from hdsgraph.credentials.errors import UnauthenticatedError
from hdsgraph.federation.peer_tokens import is_peer_token
from hdsgraph.federation.peers import Peer
from hdsgraph.gql import build_schema
from hdsgraph.gql.context import ARRIVED_KEY
from hdsgraph.gql.hops import PEER_KEY
from hdsgraph.node import Node

__all__ = ["GraphQLApp"]


class GraphQLApp(GraphQL[dict[str, Any], None]):
    def __init__(self, node: Node) -> None:
        super().__init__(build_schema(), graphql_ide="graphiql", allow_queries_via_get=True)
        self._node = node
        self.cache = ResponseCache(node.settings.response_cache_mb * 1024 * 1024)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        # strawberry's own entry point answers a refused request in plain text; this one answers a GraphQL error.
        request = Request(scope, receive)
        request.state.arrived = time.monotonic()  # a federated search's deadlines count from here
        media_type = negotiate(request.headers.get("accept")) or JSON
        try:
            self._check_headers(request)
            request.state.peer = self._peer(request)
            response = await self._answer(request, media_type)
        except HTTPException as error:
            refusal = refusal_of(error, request.method, media_type)
            response = Response(refusal.body(), refusal.status, refusal.headers, content_type(media_type))
        except UnauthenticatedError as error:
            refusal = Refusal(401, error.message, "UNAUTHENTICATED", {"WWW-Authenticate": "Bearer"})
            response = Response(refusal.body(), refusal.status, refusal.headers, content_type(media_type))
        await response(scope, receive, send)

    def _peer(self, request: Request) -> Peer | None:
        """The peer node a request's token proves, None for a request without a peer token; a peer token that does
        not verify is refused (401), never answered as if anonymous."""
        scheme, _, token = (request.headers.get("authorization") or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not is_peer_token(token.strip()):
            return None
        return self._node.peer_tokens.verify(token.strip())

    async def _answer(self, request: Request, media_type: str) -> Response:
        """The kept answer to this exact request while the graph is unchanged; else a fresh one, kept if it may be."""
        if not self.cache.enabled or request.method not in ("GET", "POST") or self._renders_ide(request):
            return await self.run(request)
        body = await request.body()  # Starlette keeps it, so strawberry reads the same bytes again
        # A peer's request is answered a little differently (agents unknown here match nothing): kept apart.
        query = body if request.method == "POST" else request.url.query.encode()
        key = (request.method, query, media_type + (";peer" if request.state.peer is not None else ""))
        changes = self._node.changes.value
        kept = self.cache.get(key, changes)
        if kept is not None:
            headers = {CACHE_HEADER: f"hit; changes={kept.changes}"}
            return Response(kept.body, kept.status, headers, kept.content_type)
        response = await self.run(request)
        if (
            response.status_code == 200
            and not getattr(request.state, "graphql_errors", True)
            and not getattr(request.state, "uncacheable", False)
            and is_cacheable(request.method, body, request.url.query)
        ):
            content = response.headers.get("content-type", content_type(media_type))
            self.cache.put(key, CachedAnswer(bytes(response.body), 200, content, changes))
            response.headers[CACHE_HEADER] = f"miss; changes={changes}"
        return response

    def _renders_ide(self, request: Request) -> bool:
        return self.should_render_graphql_ide(self.request_adapter_class(request))

    def _check_headers(self, request: Request) -> None:
        if request.method not in ("GET", "POST") or self._renders_ide(request):
            return  # strawberry refuses other methods itself, and GraphiQL is a page, not a GraphQL response
        check_accept(request.headers.get("accept"))
        if request.method == "POST":
            check_content_type(request.headers.get("content-type"))

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> dict[str, Any]:
        peer = getattr(request.state, "peer", None) if isinstance(request, Request) else None
        arrived = getattr(request.state, "arrived", None) if isinstance(request, Request) else None
        return {"node": self._node, "request": request, "response": response, PEER_KEY: peer, ARRIVED_KEY: arrived}

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        # Read back by create_response, which strawberry does not hand the request.
        sub_response.media_type = negotiate(request.headers.get("accept")) or JSON
        return sub_response

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData | list[GraphQLRequestData]:
        data = await super().parse_http_body(request)
        for item in data if isinstance(data, list) else [data]:
            check_operation_name(item)
        return data

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        response = await super().process_result(request, result)
        # Read by _answer: only answers without errors are kept.
        request.state.graphql_errors = bool(result.errors)
        if is_request_error(result):
            del response["data"]
        return response

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        media_type = sub_response.media_type or JSON
        response.headers["content-type"] = content_type(media_type)
        failed = not isinstance(response_data, list) and "data" not in response_data
        if failed and media_type == GRAPHQL_RESPONSE and not sub_response.status_code:
            # Only this media type may say "your request failed" in its status; application/json clients expect 200.
            response.status_code = 400
        return response
