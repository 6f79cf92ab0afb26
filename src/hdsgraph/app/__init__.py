"""The HTTP face of a node (Starlette): GraphQL, health and readiness."""

from hdsgraph.app.server import create_app

__all__ = ["create_app"]
