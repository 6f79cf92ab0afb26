"""The one place where hdsgraph errors become GraphQL errors: stable ``extensions.code`` and the error's details."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from hdsgraph.core.errors import HdsgraphError

__all__ = ["ErrorCodes"]


class ErrorCodes(SchemaExtension):
    # on_operation, not on_execute: documents that fail to parse or validate (limits included) end before execution.
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        result.errors = [_with_code(e) for e in result.errors]


def _with_code(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, HdsgraphError):
        details = {k: v for k, v in original.as_dict().items() if k != "message" and v is not None}
        return _rebuilt(error, original.message, details)
    if original is not None:
        # Not an error raised on purpose: do not leak internals to clients.
        return _rebuilt(error, "internal error; the node's log has the details", {"code": "INTERNAL"})
    if not (error.extensions or {}).get("code"):
        # The document itself was refused: syntax, unknown fields, or one of the node's limits.
        return _rebuilt(error, error.message, {"code": "GRAPHQL_VALIDATION_FAILED"})
    return error


def _rebuilt(error: GraphQLError, message: str, extensions: dict[str, object]) -> GraphQLError:
    """``error`` at the same place in the document, with ``message`` and ``extensions`` added to its own."""
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions={**(error.extensions or {}), **extensions},
    )
