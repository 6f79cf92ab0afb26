"""The root ``Query`` type: resolvers call node services and build types from their model objects."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from hdsgraph.gql.context import node_of
from hdsgraph.gql.types.dataset import Dataset, DatasetConnection

__all__ = ["Query"]


@strawberry.type
class Query:
    @strawberry.field(description="One dataset by its IRI, or null when this node has none with that IRI.")
    def dataset(self, info: Info[Any, Any], id: strawberry.ID) -> Dataset | None:
        found = node_of(info).catalogue.dataset(str(id))
        return Dataset.of(found) if found else None

    @strawberry.field(description="Datasets of this node, a page at a time, in a stable order.")
    def datasets(
        self,
        info: Info[Any, Any],
        first: int = 20,
        after: str | None = None,
    ) -> DatasetConnection:
        return DatasetConnection.of(node_of(info).catalogue.datasets(first=first, after=after))
