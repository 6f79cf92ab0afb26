"""Harvest a DCAT-AP catalogue over HTTP into a sink: paged, incremental, SHACL-checked, never leaving its origin.

A crawl reads the catalogue page at the URL it is given, splits each page into per-dataset descriptions, and follows
the page's ``hydra:next`` (or ``hydra:nextPage``) link to the next page, as long as that link stays on the origin
(scheme, host and port) of the starting URL: a catalogue cannot make the node fetch anything elsewhere. Redirects are
followed on the same terms. Each dataset's description is hashed in canonical form (RDFC-1.0, so blank node labels
do not matter); a dataset whose hash the sink already holds is skipped, any other is checked against the node's
shapes on its own and stored when it conforms. A crawl that reached the last page removes from the sink what the
source no longer lists; an incomplete one removes nothing, and its report says why it stopped.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import httpx
import pyoxigraph as ox

from hdsgraph.core.errors import BadInputError, HdsgraphError
from hdsgraph.core.vocab import DCAT, RDF
from hdsgraph.federation._harvest_pages import (
    ACCEPT,
    DEFAULT_MAX_PAGE_BYTES,
    HYDRA,
    HarvestError,
    PageReader,
    check_url,
)
from hdsgraph.rdfio import to_rdflib_triples
from hdsgraph.rdfio.canonical import canonical_nquads
from hdsgraph.validation import ShaclValidator, ValidationReport

__all__ = [
    "ACCEPT",
    "DEFAULT_MAX_PAGES",
    "DEFAULT_MAX_PAGE_BYTES",
    "HarvestError",
    "HarvestReport",
    "HarvestSink",
    "HarvestedDataset",
    "Harvester",
    "check_url",
    "content_hash",
    "split_datasets",
]

log = logging.getLogger("hdsgraph.federation")

DEFAULT_MAX_PAGES = 1000
_SHOWN_VIOLATIONS = 3

_TYPE = ox.NamedNode(str(RDF.type))
_DATASET = ox.NamedNode(str(DCAT.Dataset))
_CATALOG = ox.NamedNode(str(DCAT.Catalog))

Triple = Any  # a pyoxigraph Triple (pyoxigraph ships no type information)


@dataclass(frozen=True)
class HarvestedDataset:
    """One dataset's description as the source serves it, checked, with its canonical hash."""

    iri: str
    triples: tuple[Triple, ...]
    content_hash: str
    source: str
    harvested_at: datetime


class HarvestSink(Protocol):
    """Where harvested datasets go (the node's harvest cache; a dictionary in tests)."""

    def hash_of(self, iri: str) -> str | None:
        """The content hash of the version of ``iri`` held, or ``None`` when none is."""

    def put(self, dataset: HarvestedDataset) -> None:
        """Hold ``dataset``, replacing any version held before."""

    def remove(self, iri: str) -> None:
        """Forget ``iri`` (nothing happens when it is not held)."""

    def held(self, source: str) -> set[str]:
        """The IRIs of the datasets held that were harvested from ``source``."""

    def confirm(self, iris: Collection[str], source: str, at: datetime) -> None:
        """The datasets ``iris`` were found unchanged at ``source`` at ``at``: their harvest time moves on."""


@dataclass(frozen=True)
class HarvestReport:
    source: str
    pages: int
    added: int
    updated: int
    unchanged: int
    rejected: tuple[tuple[str, str], ...]  # (dataset IRI, why)
    removed: int
    warnings: tuple[str, ...]
    complete: bool  # the crawl reached the last page without an error
    started: datetime
    finished: datetime

    def summary(self) -> str:
        """One line: the source, whether the crawl was complete, and what changed."""
        seconds = (self.finished - self.started).total_seconds()
        state = "complete" if self.complete else "INCOMPLETE"
        line = (
            f"{self.source}: {state} crawl of {self.pages} page{'s' if self.pages != 1 else ''} in {seconds:.1f} s: "
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, {len(self.rejected)} rejected, "
            f"{self.removed} removed"
        )
        if self.warnings:
            line += f"; {len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}"
        return line


def content_hash(triples: Sequence[Triple]) -> str:
    """``sha256:`` and the hex digest of the canonical N-Quads (RDFC-1.0) of ``triples``: blank node labels and the
    order of the triples do not change it. Raises ``BadInputError`` for descriptions canonicalisation refuses."""
    canonical = canonical_nquads(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def split_datasets(triples: Sequence[Triple]) -> tuple[dict[str, list[Triple]], int]:
    """Each dataset (an IRI typed ``dcat:Dataset``) of a page, with the closure of the nodes it refers to that the
    page describes, except other datasets, catalogues and the paging; and how many datasets lack an IRI.

    Hydra statements are dropped: they describe the page, not the data.
    """
    by_subject: dict[Any, list[Triple]] = defaultdict(list)
    for t in triples:
        if not t.predicate.value.startswith(HYDRA):
            by_subject[t.subject].append(t)
    datasets, stops, blank = [], set(), 0
    for subject, statements in by_subject.items():
        types = {t.object for t in statements if t.predicate == _TYPE}
        if _CATALOG in types or any(isinstance(k, ox.NamedNode) and k.value.startswith(HYDRA) for k in types):
            stops.add(subject)
        elif _DATASET in types:
            stops.add(subject)
            if isinstance(subject, ox.NamedNode):
                datasets.append(subject)
            else:
                blank += 1
    found = {}
    for root in sorted(datasets, key=lambda s: s.value):
        description: list[Triple] = []
        seen, pending = {root}, [root]
        while pending:
            for t in by_subject.get(pending.pop(), ()):
                description.append(t)
                value = t.object
                if value not in seen and value in by_subject and value not in stops:
                    seen.add(value)
                    pending.append(value)
        found[root.value] = description
    return found, blank


def _utc_now() -> datetime:
    return datetime.now(UTC)


class _Tally:
    """What a crawl did so far."""

    def __init__(self) -> None:
        self.pages = self.added = self.updated = 0
        self.unchanged: list[str] = []
        self.rejected: list[tuple[str, str]] = []
        self.warnings: list[str] = []
        self.seen: set[str] = set()


class Harvester:
    """``Harvester(client, sink, validator)``; ``harvest(url)`` crawls one catalogue into the sink.

    Timeouts are the client's. ``max_pages`` and ``max_page_bytes`` bound what one crawl reads.
    """

    def __init__(
        self,
        client: httpx.Client,
        sink: HarvestSink,
        validator: ShaclValidator,
        *,
        max_pages: int = DEFAULT_MAX_PAGES,
        max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        if max_pages < 1 or max_page_bytes < 1:
            raise BadInputError(
                f"max_pages={max_pages}, max_page_bytes={max_page_bytes}: both must be at least 1",
                value=[max_pages, max_page_bytes],
            )
        self._pages = PageReader(client, max_page_bytes)
        self._sink = sink
        self._validator = validator
        self._max_pages = max_pages
        self._clock = clock

    def harvest(self, url: str) -> HarvestReport:
        """Crawl the catalogue at ``url`` into the sink.

        Raises ``BadInputError`` for a URL that is not http(s), ``HarvestError`` or ``ParseError`` when the first page
        cannot be read (nothing is changed then). A later page that cannot be read ends the crawl, incomplete, with
        the error among the report's warnings.
        """
        start = check_url(url)
        source = str(start)
        started = self._clock()
        tally = _Tally()
        complete = self._crawl(start, source, tally)
        if tally.unchanged:
            self._sink.confirm(tally.unchanged, source, self._clock())
        removed = 0
        if complete:
            for iri in sorted(self._sink.held(source) - tally.seen):
                self._sink.remove(iri)
                removed += 1
        else:
            tally.warnings.append("the crawl did not reach the last page, so no dataset was removed from the cache")
        report = HarvestReport(
            source=source,
            pages=tally.pages,
            added=tally.added,
            updated=tally.updated,
            unchanged=len(tally.unchanged),
            rejected=tuple(tally.rejected),
            removed=removed,
            warnings=tuple(tally.warnings),
            complete=complete,
            started=started,
            finished=self._clock(),
        )
        log.info("harvest %s", report.summary())
        return report

    def _crawl(self, start: httpx.URL, source: str, tally: _Tally) -> bool:
        """Read pages from ``start`` on; returns whether the last page was reached."""
        url, visited = start, set()
        while True:
            if tally.pages >= self._max_pages:
                tally.warnings.append(
                    f"the crawl stopped at the harvester's limit of {self._max_pages} page(s) per crawl; {url} was not "
                    "read"
                )
                return False
            if str(url) in visited:
                tally.warnings.append(f"{url} was reached a second time: the pages link in a loop, the crawl stopped")
                return False
            visited.add(str(url))
            try:
                triples, read_from = self._pages.read(url, start)
                if tally.pages == 0 and not _is_catalogue(triples):
                    raise HarvestError(
                        f"{read_from} holds no dcat:Catalog and no dcat:Dataset; expected a DCAT-AP catalogue page",
                        url=str(read_from),
                    )
            except HdsgraphError as e:
                if tally.pages == 0:
                    raise
                tally.warnings.append(f"page {tally.pages + 1} was not read, the crawl stopped there: {e.message}")
                return False
            tally.pages += 1
            self._take(triples, source, self._clock(), tally)
            following, stop = self._pages.next_page(triples, read_from, start)
            if stop is not None:
                tally.warnings.append(f"the crawl stopped: {stop}")
                return False
            if following is None:
                return True
            url = following

    def _take(self, triples: Sequence[Triple], source: str, at: datetime, tally: _Tally) -> None:
        datasets, blank = split_datasets(triples)
        if blank:
            tally.warnings.append(f"{blank} dataset(s) on page {tally.pages} have no IRI and were skipped")
        for iri, description in datasets.items():
            if iri in tally.seen:
                tally.warnings.append(f"{iri} appears on more than one page; its first description was taken")
                continue
            tally.seen.add(iri)
            try:
                digest = content_hash(description)
            except BadInputError as e:
                tally.rejected.append((iri, e.message))
                continue
            held = self._sink.hash_of(iri)
            if held == digest:
                tally.unchanged.append(iri)
                continue
            report = self._validator.validate(to_rdflib_triples(description))
            if not report.conforms:
                tally.rejected.append((iri, _violations(report)))
                continue
            self._sink.put(HarvestedDataset(iri, tuple(description), digest, source, at))
            if held is None:
                tally.added += 1
            else:
                tally.updated += 1


def _is_catalogue(triples: Sequence[Triple]) -> bool:
    return any(t.predicate == _TYPE and t.object in (_DATASET, _CATALOG) for t in triples)


def _violations(report: ValidationReport) -> str:
    violations = report.violations
    shown = "; ".join(f"{v.path or v.focus_node}: {v.message}" for v in violations[:_SHOWN_VIOLATIONS])
    more = f" (and {len(violations) - _SHOWN_VIOLATIONS} more)" if len(violations) > _SHOWN_VIOLATIONS else ""
    count = len(violations)
    return f"{count} SHACL violation{'s' if count != 1 else ''}: {shown}{more}"
