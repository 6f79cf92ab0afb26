"""Reading one page of a catalogue over HTTP for the harvester: same-origin redirects, a size cap, RDF only.

Everything the harvester fetches goes through ``PageReader``, and nothing it reads can send it to another origin
(scheme, host and port) than the starting URL's: redirects and ``hydra:next`` links elsewhere are refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import pyoxigraph as ox

from hdsgraph.core.errors import BadInputError, HdsgraphError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.rdfio import parse_document

__all__ = ["ACCEPT", "DEFAULT_MAX_PAGE_BYTES", "HYDRA", "HarvestError", "PageReader", "check_url"]

ACCEPT = "text/turtle, application/n-triples;q=0.9, application/ld+json;q=0.8"
DEFAULT_MAX_PAGE_BYTES = 32 << 20
HYDRA = "http://www.w3.org/ns/hydra/core#"
_MAX_REDIRECTS = 5

# The media types a page may come in: those asked for, and the aliases servers use for them.
_FORMATS = {
    "text/turtle": RdfFormat.TURTLE,
    "application/x-turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/json": RdfFormat.JSON_LD,
}
_EXPECTED = "an RDF document as text/turtle, application/n-triples or application/ld+json"
_DEFAULT_PORTS = {"http": 80, "https": 443}
_NEXT = frozenset({ox.NamedNode(HYDRA + "next"), ox.NamedNode(HYDRA + "nextPage")})

Triple = Any  # a pyoxigraph Triple (pyoxigraph ships no type information)


class HarvestError(HdsgraphError):
    """A catalogue page could not be read: the source did not answer, or not with an RDF page the node accepts."""

    code = "HARVEST_FAILED"


def check_url(url: str) -> httpx.URL:
    """``url`` as a URL to harvest (without its fragment); raises ``BadInputError`` unless it is http(s) with a host.

    >>> str(check_url("https://peer.example.org/catalog?pageSize=50#top"))
    'https://peer.example.org/catalog?pageSize=50'
    """
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as e:
        raise BadInputError(f"{url!r} is not a URL ({e}); give an http:// or https:// URL", value=url) from e
    if parsed.scheme not in _DEFAULT_PORTS or not parsed.host:
        raise BadInputError(
            f"{url!r} is not an http:// or https:// URL with a host; give the URL of a DCAT-AP catalogue, such as "
            "https://node.example.org/catalog",
            value=url,
        )
    return parsed.copy_with(fragment=None)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host.lower(), url.port or _DEFAULT_PORTS.get(url.scheme)


def _origin_text(url: httpx.URL) -> str:
    scheme, host, port = _origin(url)
    return f"{scheme}://{host}:{port}"


@dataclass(frozen=True)
class PageReader:
    """Reads catalogue pages with ``client`` (whose timeouts apply), refusing any larger than ``max_page_bytes``."""

    client: httpx.Client
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES

    def read(self, url: httpx.URL, start: httpx.URL) -> tuple[list[Triple], httpx.URL]:
        """The triples of the page at ``url`` (after same-origin redirects), and the URL they were read from."""
        for _ in range(_MAX_REDIRECTS + 1):
            try:
                with self.client.stream("GET", url, headers={"Accept": ACCEPT}, follow_redirects=False) as response:
                    if response.is_redirect:
                        target = url.join(response.headers["location"]).copy_with(fragment=None)
                        if target.scheme not in _DEFAULT_PORTS or _origin(target) != _origin(start):
                            raise HarvestError(
                                f"{url} redirects to {target}, on another origin; the harvester follows redirects "
                                f"and pages within {_origin_text(start)}, the origin of the starting URL, only",
                                url=str(url),
                            )
                        url = target
                        continue
                    fmt = self._format(response, url)
                    data = self._read(response, url)
            except (httpx.HTTPError, httpx.InvalidURL) as e:
                # Transport failures and timeouts, a body that does not decode, a redirect to something not a URL.
                raise HarvestError(f"{url} could not be read: {type(e).__name__}: {e}", url=str(url)) from e
            return parse_document(data, fmt, source=str(url), base_iri=str(url)), url
        raise HarvestError(f"{url}: more than {_MAX_REDIRECTS} redirects in a row", url=str(url))

    @staticmethod
    def _format(response: httpx.Response, url: httpx.URL) -> RdfFormat:
        if response.status_code != 200:
            raise HarvestError(
                f"{url} answered HTTP {response.status_code} {response.reason_phrase}; expected 200 with {_EXPECTED}",
                url=str(url),
                status=response.status_code,
            )
        header = response.headers.get("content-type", "")
        media = header.split(";")[0].strip().lower()
        fmt = _FORMATS.get(media)
        if fmt is None:
            shown = f"Content-Type {header!r}" if header else "no Content-Type"
            raise HarvestError(f"{url} answered with {shown}; expected {_EXPECTED}", url=str(url), content_type=header)
        return fmt

    def _read(self, response: httpx.Response, url: httpx.URL) -> bytes:
        # Checked while the body arrives (and before, where the server says its length): a page over the cap is
        # refused as soon as it passes it, whatever it claimed, and never held whole in memory.
        limit = self.max_page_bytes
        declared = response.headers.get("content-length", "")
        body = bytearray()
        if not (declared.isdigit() and int(declared) > limit):
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limit:
                    break
            else:
                return bytes(body)
        raise HarvestError(
            f"{url}: the page is larger than {limit:,} bytes, the largest page the harvester reads; ask the source for "
            "smaller pages (a page-size parameter in the URL) or raise the limit",
            url=str(url),
            limit=limit,
        )

    @staticmethod
    def next_page(triples: Sequence[Triple], page: httpx.URL, start: httpx.URL) -> tuple[httpx.URL | None, str | None]:
        """The next page's URL (``None`` at the last page), or why the crawl must stop here."""
        links = sorted({t.object.value for t in triples if t.predicate in _NEXT and isinstance(t.object, ox.NamedNode)})
        if not links:
            return None, None
        if len(links) > 1:
            return None, f"{page} names {len(links)} different next pages ({', '.join(links)})"
        try:
            following = httpx.URL(links[0]).copy_with(fragment=None)
        except httpx.InvalidURL:
            return None, f"{page} names a next page that is not a URL: {links[0]}"
        if following.scheme not in _DEFAULT_PORTS or _origin(following) != _origin(start):
            return None, (
                f"{page} names its next page {following}, on another origin; pages are followed within "
                f"{_origin_text(start)}, the origin of the starting URL, only"
            )
        return following, None
