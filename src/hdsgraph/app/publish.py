"""Uploads for documents too large or too raw for a GraphQL string: ``POST /publish/dataset`` and
``POST /publish/self-description``.

The body is the document itself; ``Content-Type`` names its syntax. The answer is JSON: ``201`` with ``id``,
``version``, ``graph``, ``state`` and ``warnings``, or an error status with ``errors``, each with the fields of the
GraphQL ``Problem`` type. A body over the node's size limit is refused as soon as it passes the limit, unread beyond.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from hdsgraph.core.errors import HdsgraphError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.ingest import Problem, Published, PublishRejected
from hdsgraph.node import Node

__all__ = ["publish_routes"]

_DATASET_FORMATS = {
    "text/turtle": RdfFormat.TURTLE,
    "application/x-turtle": RdfFormat.TURTLE,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/n-triples": RdfFormat.N_TRIPLES,
}
# A presentation or credential: JSON-LD, or a JWT in its compact form.
_SELF_DESCRIPTION_TYPES = (
    "application/json",
    "application/ld+json",
    "application/vp+json",
    "application/vc+json",
    "application/vp+ld+json",
    "application/vc+ld+json",
    "application/vc+jwt",
    "application/vp+jwt",
    "application/vc+ld+json+jwt",
    "application/vp+ld+json+jwt",
    "application/jwt",
    "text/plain",
)
# The HTTP status that says what kind of refusal a problem code is.
_STATUS = {
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "PAYLOAD_TOO_LARGE": 413,
    "UNSUPPORTED_MEDIA_TYPE": 415,
    "PARSE_ERROR": 400,
    "BAD_INPUT": 400,
}


def publish_routes(node: Node) -> list[Route]:
    async def dataset(request: Request) -> JSONResponse:
        media_type = _media_type(request)
        format = _DATASET_FORMATS.get(media_type)
        if format is None:
            return _unsupported(media_type, sorted(_DATASET_FORMATS))
        return await _publish(
            node, request, lambda data, caller: node.publisher.publish_dataset(data, format, caller, source="upload")
        )

    async def self_description(request: Request) -> JSONResponse:
        media_type = _media_type(request)
        if media_type not in _SELF_DESCRIPTION_TYPES:
            return _unsupported(media_type, list(_SELF_DESCRIPTION_TYPES))
        return await _publish(
            node,
            request,
            lambda data, caller: node.publisher.publish_self_description(data, caller, source="upload"),
        )

    return [
        Route("/publish/dataset", dataset, methods=["POST"]),
        Route("/publish/self-description", self_description, methods=["POST"]),
    ]


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _publish(node: Node, request: Request, write: Callable[[bytes, str], Published]) -> JSONResponse:
    try:
        # Who is asking comes first: an anonymous upload is refused before its body is read.
        caller = node.authenticator.participant(request.headers.get("authorization"))
        data = await _body(request, node.publisher.max_bytes)
        published = await asyncio.to_thread(write, data, caller)
    except PublishRejected as rejected:
        return _refusal(list(rejected.problems))
    except HdsgraphError as error:
        return _refusal([Problem.from_error(error)])
    body = {
        "id": published.id,
        "version": published.version,
        "graph": published.graph,
        "state": published.state,
        "warnings": [_problem(w) for w in published.warnings],
    }
    return JSONResponse(body, status_code=201)


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise PublishRejected("upload", [_too_large(int(declared), limit)])
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PublishRejected("upload", [_too_large(size, limit)])
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(size: int, limit: int) -> Problem:
    return Problem(
        "PAYLOAD_TOO_LARGE",
        f"the upload is over {size:,} bytes; this node accepts documents up to {limit:,} bytes "
        "(HDSGRAPH_MAX_DOCUMENT_MB)",
        value=str(size),
    )


def _unsupported(media_type: str, accepted: list[str]) -> JSONResponse:
    problem = Problem(
        "UNSUPPORTED_MEDIA_TYPE",
        f"Content-Type {media_type or '(none)'!r} is not accepted here; send one of {', '.join(accepted)}",
        value=media_type or None,
    )
    return _refusal([problem])


def _refusal(problems: list[Problem]) -> JSONResponse:
    first = problems[0].code if problems else "REJECTED"
    status = _STATUS.get(first, 422)
    headers = {"www-authenticate": 'Bearer realm="hdsgraph"'} if status == 401 else None
    return JSONResponse({"errors": [_problem(p) for p in problems]}, status_code=status, headers=headers)


def _problem(problem: Problem) -> dict[str, Any]:
    fields = asdict(problem)
    return {
        "code": fields["code"],
        "message": fields["message"],
        "focusNode": fields["focus_node"],
        "path": fields["path"],
        "value": fields["value"],
        "severity": fields["severity"],
    }
