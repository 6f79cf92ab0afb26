"""What a search asks and what it answers, in the index's own terms (no GraphQL, no RDF)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from hdsgraph.index.fields import Field

__all__ = ["SearchQuery", "SearchResult", "SortKey"]


class SortKey(Enum):
    RELEVANCE = "relevance"  # best match first; without search text, every dataset matches equally
    TITLE = "title"
    MODIFIED = "modified"
    INDIVIDUALS = "individuals"  # healthdcatap:numberOfUniqueIndividuals
    ISSUED = "issued"


@dataclass(frozen=True)
class SearchQuery:
    """A search. Filters are OR within a field and AND across fields; ranges include their bounds.

    Every sort ends with the dataset's IRI, so the order is total and a cursor names one place in it.
    """

    text: str | None = None
    filters: dict[Field, frozenset[str]] = field(default_factory=dict)
    age_min: float | None = None  # datasets whose typical-age range overlaps [age_min, age_max]
    age_max: float | None = None
    min_individuals: int | None = None
    modified_after: float | None = None  # day numbers, see ``entry.date_key``
    modified_before: float | None = None
    issued_after: float | None = None
    issued_before: float | None = None
    sort: SortKey = SortKey.RELEVANCE
    descending: bool | None = None  # None: the sort's natural direction
    first: int = 20
    after: str | None = None  # an opaque cursor from an earlier page of the same search
    facets: tuple[Field, ...] = ()
    facet_limit: int = 50
    # Only these datasets may match (None: any). An allow-list computed elsewhere, such as the datasets a policy
    # decision permits; it narrows the matches and the facets like a filter.
    allowed: frozenset[str] | None = None

    @property
    def is_descending(self) -> bool:
        if self.descending is not None:
            return self.descending
        return self.sort in (SortKey.RELEVANCE, SortKey.MODIFIED, SortKey.INDIVIDUALS, SortKey.ISSUED)


@dataclass(frozen=True)
class SearchResult:
    iris: tuple[str, ...]
    cursors: tuple[str, ...]
    scores: tuple[float, ...]
    total_count: int
    has_next_page: bool
    has_previous_page: bool
    facets: dict[Field, tuple[tuple[str, int], ...]]  # per field: (value, count), most frequent first
