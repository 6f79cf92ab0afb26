"""One error hierarchy for the whole service.

Every error carries a stable ``code`` that clients can rely on (GraphQL ``extensions.code``, CLI messages) and a
message that names the offending value and says what would be accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "BadInputError",
    "ConfigError",
    "HdsgraphError",
    "NotFoundError",
    "ParseError",
    "QueryError",
    "SourcePosition",
    "StoreBusyError",
    "StoreError",
    "ValidationFailedError",
]


class HdsgraphError(Exception):
    """Base of every error hdsgraph raises on purpose."""

    code = "INTERNAL"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def as_dict(self) -> dict[str, Any]:
        """The error as clients see it: code, message and any details that help fix the input."""
        return {"code": self.code, "message": self.message, **self.details}


class ConfigError(HdsgraphError):
    """A setting has a value the node cannot run with."""

    code = "CONFIG_INVALID"


class BadInputError(HdsgraphError):
    """A request or argument is outside what is accepted."""

    code = "BAD_INPUT"


@dataclass(frozen=True)
class SourcePosition:
    """Where in a document a problem is: line and column (1-based) or a JSON path."""

    line: int | None = None
    column: int | None = None
    json_path: str | None = None

    def describe(self) -> str:
        if self.line is not None:
            return f"line {self.line}" + (f", column {self.column}" if self.column is not None else "")
        return f"at {self.json_path}" if self.json_path else "at an unknown position"


class ParseError(HdsgraphError):
    """A document does not parse in the format it was given as."""

    code = "PARSE_ERROR"

    def __init__(self, source: str, position: SourcePosition, problem: str) -> None:
        super().__init__(
            f"{source}: {position.describe()}: {problem}",
            source=source,
            line=position.line,
            column=position.column,
        )
        self.source = source
        self.position = position
        self.problem = problem


class ValidationFailedError(HdsgraphError):
    """A document violates the SHACL shapes; ``report`` holds every violation."""

    code = "VALIDATION_FAILED"

    def __init__(self, source: str, report: Any) -> None:
        count = len(report.violations)
        super().__init__(f"{source}: {count} SHACL violation{'s' if count != 1 else ''}; nothing was stored")
        self.source = source
        self.report = report


class NotFoundError(HdsgraphError):
    code = "NOT_FOUND"


class QueryError(HdsgraphError):
    """A SPARQL query could not be parsed or evaluated."""

    code = "QUERY_INVALID"


class StoreError(HdsgraphError):
    code = "STORE_ERROR"


class StoreBusyError(StoreError):
    """The on-disk store is held by another process (a running node)."""

    code = "STORE_BUSY"
