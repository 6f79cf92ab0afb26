"""The GraphQL layer: strawberry types built from model objects, resolvers that call node services only."""

from hdsgraph.gql.schema import build_schema, schema_sdl

__all__ = ["build_schema", "schema_sdl"]
