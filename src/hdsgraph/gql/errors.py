"""The one place where hdsgraph errors become GraphQL errors: stable ``extensions.code`` and the error's details."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension

from hdsgraph.core.errors import HdsgraphError

__all__ = ["ErrorCodes", "QueryLimitError"]


class QueryLimitError(HdsgraphError):
    """A document is over one of the node's limits (``LIMITS`` in the schema module): depth, aliases or tokens."""

    code = "QUERY_LIMIT_EXCEEDED"

    def __init__(self, found: str, *, limit: str, maximum: int, actual: int | None = None) -> None:
        super().__init__(f"{found}; the limit is {maximum} ({limit})", limit=limit, maximum=maximum, actual=actual)


class ErrorCodes(SchemaExtension):
    # on_operation, not on_execute: documents that fail to parse or validate (limits included) end before execution.
    def on_operation(self) -> Iterator[None]:
        try:
            yield
        except GraphQLError as error:
            # A parser cache parses inside its own hook, so a syntax error arrives raised instead of in the result.
            coded = _with_code(error)
            if coded is error:
                raise
            raise coded from error
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
    if (error.extensions or {}).get("code"):
        return error
    if isinstance(error, GraphQLSyntaxError):
        return _rebuilt(error, error.message, {"code": "GRAPHQL_PARSE_FAILED"})
    # The document itself was refused: unknown fields, wrong arguments, unused variables.
    return _rebuilt(error, error.message, {"code": "GRAPHQL_VALIDATION_FAILED"})


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
