"""The HTTP face of a node (Starlette): GraphQL, the DCAT-AP catalogue and its resources, health and readiness."""

from hdsgraph.app.server import create_app

__all__ = ["create_app"]
