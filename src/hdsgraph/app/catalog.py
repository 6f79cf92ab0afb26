"""DCAT-AP over HTTP: ``/catalog`` for harvesters, and the IRIs the node mints, dereferenceable.

Both negotiate the format: ``?format=`` wins, else the ``Accept`` header (quality values honoured, the most specific
media range deciding each format's quality), else Turtle. ``/catalog`` is paged (``?page=``, ``?pageSize=``); each
page says where the others are, in the graph (Hydra) and in ``Link`` headers.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hdsgraph.catalogue.dcat_publication import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from hdsgraph.core.errors import BadInputError, HdsgraphError, NotFoundError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.node import Node

__all__ = ["FORMAT_NAMES", "RESOURCE_KINDS", "NotAcceptableError", "catalog_routes", "negotiate"]

# ?format= names, in the order of preference when the Accept header rates formats equally (Turtle first).
FORMAT_NAMES: dict[str, RdfFormat] = {
    "turtle": RdfFormat.TURTLE,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
    "ntriples": RdfFormat.N_TRIPLES,
}
# Media types each format answers to besides its own; application/json because JSON-LD is JSON. Not
# application/xml: browsers ask for it before */*, and a browser is to get Turtle.
_ALIASES = {RdfFormat.TURTLE: ("application/x-turtle",), RdfFormat.JSON_LD: ("application/json",)}
# Path segments of the IRIs the node mints: <iri_base><kind>/<slug> is served at /<kind>/<slug>.
RESOURCE_KINDS = ("dataset", "distribution", "participant", "policy", "offering")

_ACCEPTED = ", ".join(f.media_type for f in FORMAT_NAMES.values())


class NotAcceptableError(BadInputError):
    """The client accepts none of the formats served."""

    code = "NOT_ACCEPTABLE"


def negotiate(accept: str | None, format_name: str | None = None) -> RdfFormat:
    """The format to answer in.

    >>> negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").name
    'TURTLE'
    >>> negotiate("application/ld+json;q=0.5, application/n-triples").name
    'N_TRIPLES'
    >>> negotiate(None, "rdfxml").name
    'RDF_XML'
    """
    if format_name is not None:
        try:
            return FORMAT_NAMES[format_name.strip().lower()]
        except KeyError:
            raise BadInputError(
                f"format={format_name!r} is not a format served here; give one of {', '.join(FORMAT_NAMES)}",
                value=format_name,
            ) from None
    if not accept or not accept.strip():
        return RdfFormat.TURTLE
    ranges = list(_media_ranges(accept))
    best, best_q = RdfFormat.TURTLE, 0.0
    for fmt in FORMAT_NAMES.values():
        q = _quality(fmt, ranges)
        if q > best_q:  # strictly greater: on a tie the earlier format of FORMAT_NAMES stays
            best, best_q = fmt, q
    if best_q <= 0:
        raise NotAcceptableError(
            f"none of the media types in Accept: {accept!r} is served here; accepted: {_ACCEPTED} "
            f"(or ?format={'|'.join(FORMAT_NAMES)})",
            value=accept,
        )
    return best


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        media, *params = part.split(";")
        media = media.strip().lower()
        if not media:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0  # an unreadable weight accepts nothing rather than everything
        ranges.append((media, q))
    return ranges


def _quality(fmt: RdfFormat, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific ranges that match ``fmt`` (RFC 9110 §12.5.1); 0 when none does."""
    names = (fmt.media_type, *_ALIASES.get(fmt, ()))
    wildcard = fmt.media_type.split("/")[0] + "/*"
    matches = [
        (2 if media in names else 1 if media == wildcard else 0, weight)
        for media, weight in ranges
        if media in names or media in (wildcard, "*/*")
    ]
    if not matches:
        return 0.0
    top = max(specificity for specificity, _ in matches)
    return max(weight for specificity, weight in matches if specificity == top)


def _paging(request: Request) -> tuple[int, int]:
    page = _whole_number(request.query_params.get("page"), "page", 1, None, 1)
    size = _whole_number(request.query_params.get("pageSize"), "pageSize", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)
    return page, size


def _whole_number(text: str | None, name: str, low: int, high: int | None, default: int) -> int:
    if text is None:
        return default
    accepted = f"a whole number from {low}" + (f" to {high}" if high is not None else " up")
    # Digits only: int() would also take "+5", " 5" and "1_000".
    if not re.fullmatch(r"[0-9]+", text):
        raise BadInputError(f"{name}={text!r} is not a whole number; give {accepted}", value=text)
    value = int(text)
    if value < low or (high is not None and value > high):
        raise BadInputError(f"{name}={text!r} is out of range; give {accepted}", value=text)
    return value


def _error(error: HdsgraphError) -> JSONResponse:
    status = 406 if isinstance(error, NotAcceptableError) else 404 if isinstance(error, NotFoundError) else 400
    return JSONResponse(error.as_dict(), status_code=status, headers={"Vary": "Accept"})


def _format_name(fmt: RdfFormat) -> str:
    return next(name for name, f in FORMAT_NAMES.items() if f is fmt)


def catalog_routes(node: Node) -> list[Route]:
    """``/catalog`` and ``/<kind>/<slug>`` for each of ``RESOURCE_KINDS``."""
    settings = node.settings
    publication = node.publication

    async def catalog(request: Request) -> Response:
        try:
            fmt = negotiate(request.headers.get("accept"), request.query_params.get("format"))
            page, size = _paging(request)
        except HdsgraphError as e:
            return _error(e)
        # The chosen format stays in the links only when the client named it; otherwise they negotiate again.
        named = request.query_params.get("format")

        def url(n: int, *, with_format: bool = False) -> str:
            params: dict[str, object] = {"page": n}
            if size != DEFAULT_PAGE_SIZE:
                params["pageSize"] = size
            if with_format or named:
                params["format"] = _format_name(fmt)
            return str(request.url.replace(query=urlencode(params)))

        def build() -> tuple[bytes, dict[str, str]]:
            result = publication.catalog_page(page, size, url)
            return result.serialize(fmt), result.links

        try:
            body, links = await asyncio.to_thread(build)
        except HdsgraphError as e:
            return _error(e)
        link_header = ", ".join(
            f'<{target}>; rel="{"prev" if rel == "previous" else rel}"' for rel, target in links.items()
        )
        headers = {"Vary": "Accept", "Content-Location": url(page, with_format=True), "Link": link_header}
        return Response(body, media_type=fmt.media_type, headers=headers)

    def resource(kind: str) -> Callable[[Request], Awaitable[Response]]:
        async def describe(request: Request) -> Response:
            try:
                fmt = negotiate(request.headers.get("accept"), request.query_params.get("format"))
            except HdsgraphError as e:
                return _error(e)
            iri = f"{settings.iri_base}{kind}/{request.path_params['slug']}"

            def build() -> bytes:
                return publication.describe(iri).serialize(fmt)

            try:
                body = await asyncio.to_thread(build)
            except NotFoundError:
                return _error(NotFoundError(f"no {kind} {iri} is described by this node; see /catalog", value=iri))
            except HdsgraphError as e:
                return _error(e)
            location = str(request.url.replace(query=urlencode({"format": _format_name(fmt)})))
            return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept", "Content-Location": location})

        return describe

    return [Route("/catalog", catalog), *(Route(f"/{kind}/{{slug}}", resource(kind)) for kind in RESOURCE_KINDS)]
