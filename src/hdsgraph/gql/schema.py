"""The schema: the Query type plus the limits and caches every request goes through."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, ParserCache, QueryDepthLimiter, ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from hdsgraph.core.errors import HdsgraphError
from hdsgraph.gql.errors import ErrorCodes
from hdsgraph.gql.query import Query
from hdsgraph.gql.types.scalars import SCALARS

__all__ = ["LIMITS", "build_schema", "schema_sdl"]

LIMITS = {"max_depth": 10, "max_aliases": 30, "max_tokens": 5000}


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # A client's bad input is its answer, not the node's failure: log only what was not raised on purpose.
        unexpected = [
            e for e in errors if e.original_error is not None and not isinstance(e.original_error, HdsgraphError)
        ]
        if unexpected:
            super().process_errors(unexpected, execution_context)


def build_schema() -> strawberry.Schema:
    return Schema(
        query=Query,
        config=StrawberryConfig(scalar_map=SCALARS),
        extensions=[
            # Factories, not instances: an extension holds per-request state. The caches are shared anyway.
            ErrorCodes,
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            lambda: QueryDepthLimiter(max_depth=LIMITS["max_depth"]),
            lambda: MaxAliasesLimiter(max_alias_count=LIMITS["max_aliases"]),
            lambda: MaxTokensLimiter(max_token_count=LIMITS["max_tokens"]),
        ],
    )


def schema_sdl() -> str:
    """The schema in SDL, as published in ``api/schema.graphql``."""
    return build_schema().as_str() + "\n"
