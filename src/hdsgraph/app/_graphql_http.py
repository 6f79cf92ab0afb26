"""What the GraphQL-over-HTTP spec asks beyond strawberry's view: media types, request errors, refusal bodies."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import NamedTuple

from cross_web import HTTPException
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLRequestData
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

__all__ = [
    "GRAPHQL_RESPONSE",
    "JSON",
    "Refusal",
    "check_accept",
    "check_content_type",
    "check_operation_name",
    "content_type",
    "is_request_error",
    "negotiate",
    "refusal_of",
]

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
_ANSWERABLE = f"{GRAPHQL_RESPONSE} or {JSON}"


def content_type(media_type: str) -> str:
    # Both media types are UTF-8 by definition; saying so spares clients the guess.
    return f"{media_type}; charset=utf-8"


class _Range(NamedTuple):
    kind: str
    subtype: str
    q: float
    position: int


def _ranges(accept: str) -> list[_Range]:
    ranges = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        kind, _, subtype = ("*/*" if media == "*" else media).lower().partition("/")
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0  # a weight nobody can read accepts nothing
        if kind and subtype:
            ranges.append(_Range(kind, subtype, q, position))
    return ranges


def _preference(media_type: str, ranges: list[_Range]) -> tuple[float, int, int] | None:
    """How much the client wants ``media_type``: weight, then how specifically it named it, then how early."""
    kind, _, subtype = media_type.partition("/")
    found = []
    for r in ranges:
        specificity = {("*", "*"): 0, (kind, "*"): 1, (kind, subtype): 2}.get((r.kind, r.subtype))
        if specificity is not None:
            found.append((specificity, -r.position, r.q))
    if not found:
        return None
    # The most specific range that names a media type sets its weight (RFC 9110, 12.5.1).
    specificity, position, q = max(found)
    return (q, specificity, position) if q > 0 else None


def negotiate(accept: str | None) -> str | None:
    """The response media type for an ``Accept`` header; None when it accepts neither GraphQL response type.

    >>> negotiate("application/graphql-response+json, application/json;q=0.9")
    'application/graphql-response+json'
    >>> negotiate("application/json, application/graphql-response+json")
    'application/json'
    >>> negotiate("*/*"), negotiate(None)
    ('application/json', 'application/json')
    >>> negotiate("text/html") is None
    True
    """
    if accept is None or not accept.strip():
        # The spec's default for clients that do not say, kept until legacy clients have moved over.
        return JSON
    ranges = _ranges(accept)
    best, best_preference = None, None
    # application/json first: a tie (both through the same wildcard) goes to the type every client reads.
    for media_type in (JSON, GRAPHQL_RESPONSE):
        preference = _preference(media_type, ranges)
        if preference is not None and (best_preference is None or preference > best_preference):
            best, best_preference = media_type, preference
    return best


def check_accept(accept: str | None) -> None:
    """A 406 refusal, naming what the endpoint answers in, when ``accept`` takes neither GraphQL response type."""
    if negotiate(accept) is None:
        raise HTTPException(
            406, f"Accept {accept!r} takes no media type this endpoint answers in; accept {_ANSWERABLE}"
        )


def check_content_type(header: str | None) -> None:
    """A POST body must say it is JSON: the one encoding every GraphQL-over-HTTP server reads."""
    media_type = (header or "").partition(";")[0].strip().lower()
    if media_type != JSON:
        given = f"Content-Type {header!r}" if header else "no Content-Type"
        raise HTTPException(415, f"a POST request with {given} is not read; send the body as {JSON}")


def check_operation_name(data: GraphQLRequestData) -> None:
    """``operationName`` is a string or absent; strawberry checks ``query``, ``variables`` and ``extensions`` only."""
    name: object = data.operation_name
    if name == "":
        data.operation_name = None  # the spec: an empty operationName is the same as none
    elif name is not None and not isinstance(name, str):
        raise HTTPException(
            400, f"operationName {json.dumps(name)} is not a string; give the name of an operation in the document"
        )


def is_request_error(result: ExecutionResult) -> bool:
    """Whether the request failed before execution began, so that its response carries no ``data`` entry.

    Errors before execution (syntax, validation, limits, variable coercion) have no path; a field error always has
    one, even when it nulls the whole ``data`` (GraphQL spec, "Response Format").
    """
    return result.data is None and bool(result.errors) and all(e.path is None for e in result.errors or ())


class Refusal(NamedTuple):
    """A request answered with a GraphQL error body instead of a result."""

    status: int
    message: str
    code: str
    headers: dict[str, str]

    def body(self) -> bytes:
        error = {"message": self.message, "extensions": {"code": self.code}}
        return json.dumps({"errors": [error]}, separators=(",", ":")).encode()


def refusal_of(error: HTTPException, method: str, media_type: str) -> Refusal:
    """``error``, raised by strawberry's view or by the checks above, as the refusal the spec asks for."""
    cause = error.__cause__
    if isinstance(cause, InvalidOperationTypeError) and cause.operation_type is OperationType.MUTATION:
        # GraphQL over HTTP, "GET": a mutation over GET is 405, so that safe requests stay safe.
        return Refusal(
            405, f"a {method} request cannot run a mutation; send it as POST", "METHOD_NOT_ALLOWED", {"Allow": "POST"}
        )
    if isinstance(cause, CannotGetOperationTypeError):
        # A GraphQL request error on a well-formed request: 200 in application/json, 400 in the new media type.
        name = cause.operation_name
        message = (
            f"the document has no operation named {name!r}; give the name of one of its operations"
            if name
            else "the document has no operation to run; give one, or name it with operationName"
        )
        return Refusal(400 if media_type == GRAPHQL_RESPONSE else 200, message, "OPERATION_RESOLUTION_FAILURE", {})
    if error.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
        return Refusal(
            405,
            f"a {method} request is not answered here; send GET or POST",
            "METHOD_NOT_ALLOWED",
            {"Allow": "GET, POST"},
        )
    if isinstance(cause, json.JSONDecodeError):
        message = f"the request body is not JSON ({cause}); send a JSON object with the document in 'query'"
    elif isinstance(cause, MissingQueryError):
        message = "the request has no 'query'; give the GraphQL document as a string in 'query'"
    else:
        message = error.reason
    status = HTTPStatus(error.status_code)
    return Refusal(status.value, message, status.name, {})
