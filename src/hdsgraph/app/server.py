"""The Starlette application: routes, and the start-up step that brings the store up to date."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from hdsgraph import __version__
from hdsgraph.app.catalog import catalog_routes
from hdsgraph.app.crawl import crawl_peers
from hdsgraph.app.graphql import GraphQLApp
from hdsgraph.app.publish import publish_routes
from hdsgraph.node import Node

__all__ = ["create_app"]


def create_app(node: Node, *, prepare: bool = True) -> Starlette:
    """The node's HTTP application. With ``prepare``, start-up loads ontologies and seeds before serving."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if prepare:
            # Seeding validates every document; keep the event loop free while it runs.
            await asyncio.to_thread(node.prepare)
        crawl = asyncio.create_task(crawl_peers(node)) if any(p.harvest for p in node.peers.peers) else None
        try:
            yield
        finally:
            if crawl is not None:
                crawl.cancel()
            if "federation" in node.__dict__:
                await node.federation.aclose()

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "version": __version__})

    async def readyz(request: Request) -> JSONResponse:
        ready = await asyncio.to_thread(node.is_ready)
        return JSONResponse(
            {"status": "ready" if ready else "not ready", "node": node.settings.node_id},
            status_code=200 if ready else 503,
        )

    async def root(request: Request) -> RedirectResponse:
        return RedirectResponse("/graphql")

    graphql = GraphQLApp(node)
    return Starlette(
        routes=[
            Route("/", root),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", graphql),
            *catalog_routes(node),
            *publish_routes(node),
        ],
        lifespan=lifespan,
    )
