"""The root ``Query`` type: resolvers call node services and build types from their model objects.

Resolvers are async and run the node's blocking store reads in a worker thread, so that one slow query does not
hold the event loop (and with it /healthz and every other request).
"""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry
from strawberry.types import Info

from hdsgraph.gql.context import node_of
from hdsgraph.gql.types.dataset import Dataset, DatasetConnection

__all__ = ["DEFAULT_PAGE_SIZE", "Query"]

DEFAULT_PAGE_SIZE = 20


@strawberry.type
class Query:
    @strawberry.field(description="One dataset by its IRI, or null when this node has none with that IRI.")
    async def dataset(self, info: Info[Any, Any], id: strawberry.ID) -> Dataset | None:
        found = await asyncio.to_thread(node_of(info).catalogue.dataset, str(id))
        return Dataset.of(found) if found else None

    @strawberry.field(description="Datasets of this node, a page at a time, in a stable order.")
    async def datasets(
        self,
        info: Info[Any, Any],
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
    ) -> DatasetConnection:
        size = DEFAULT_PAGE_SIZE if first is None else first
        page = await asyncio.to_thread(node_of(info).catalogue.datasets, first=size, after=after)
        return DatasetConnection.of(page)
