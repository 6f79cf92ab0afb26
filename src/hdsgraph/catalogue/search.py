"""Dataset search as clients ask for it: filter values checked against the vocabularies, facets labelled.

The index answers; this service makes sure it is asked something meaningful. A filter value that no vocabulary
knows, or that belongs to another vocabulary than the field's, is an error naming the value and what the field
accepts, rather than a silent empty result.
"""

from __future__ import annotations

from dataclasses import dataclass

from hdsgraph.catalogue.vocabulary import Vocabulary
from hdsgraph.core.errors import BadInputError
from hdsgraph.core.model import LangText
from hdsgraph.index import Field, SearchIndex, SearchQuery, SearchResult

__all__ = ["MAX_PAGE_SIZE", "CatalogueSearch", "FacetBucket", "SearchPage"]

MAX_PAGE_SIZE = 100
MAX_FILTER_VALUES = 100
_EXAMPLES = 8


@dataclass(frozen=True)
class FacetBucket:
    value: str
    labels: LangText
    count: int


@dataclass(frozen=True)
class SearchPage:
    result: SearchResult
    facets: dict[Field, tuple[FacetBucket, ...]]


class CatalogueSearch:
    def __init__(self, index: SearchIndex, vocabulary: Vocabulary) -> None:
        self._index = index
        self._vocabulary = vocabulary

    def search(self, query: SearchQuery, *, agents: bool = True) -> SearchPage:
        """``query``'s page; with ``agents=False``, agent filter values no dataset here names match nothing instead
        of being refused (a federated search, where another node may know them)."""
        self.check(query, agents=agents)
        result = self._index.search(query)
        facets = {
            field: tuple(FacetBucket(v, self.label(field, v), n) for v, n in buckets)
            for field, buckets in result.facets.items()
        }
        return SearchPage(result, facets)

    def check(self, query: SearchQuery, *, agents: bool = True) -> None:
        """Raise ``BadInputError`` for the first value of ``query`` that is outside what is accepted."""
        if not 0 <= query.first <= MAX_PAGE_SIZE:
            raise BadInputError(
                f"first={query.first} is outside the page-size limit; give 0 to {MAX_PAGE_SIZE}", value=query.first
            )
        for name, low, high in (
            ("ageRange", query.age_min, query.age_max),
            ("modifiedAfter/modifiedBefore", query.modified_after, query.modified_before),
            ("issuedAfter/issuedBefore", query.issued_after, query.issued_before),
        ):
            if low is not None and high is not None and low > high:
                raise BadInputError(
                    f"filter.{name}: the range starts after it ends ({low} > {high})", value=[low, high]
                )
        for bound in (query.age_min, query.age_max, query.min_individuals):
            if bound is not None and bound < 0:
                raise BadInputError(f"filter: {bound} is negative; ages and counts start at 0", value=bound)
        for field, values in query.filters.items():
            if len(values) > MAX_FILTER_VALUES:
                raise BadInputError(
                    f"filter.{field.spec.name}: {len(values)} values is over the limit of {MAX_FILTER_VALUES}",
                    value=len(values),
                )
            self._check_values(field, sorted(values), agents=agents)

    def _check_values(self, field: Field, values: list[str], *, agents: bool) -> None:
        # What is accepted is listed only when something is refused: a valid filter costs lookups, no listing.
        name = field.spec.name
        if field.spec.literal:
            return
        scheme = field.spec.scheme
        if scheme is None:
            if not agents:
                return
            known = self._index.known_values(field)
            for value in values:
                if value not in known:
                    raise BadInputError(
                        f"filter.{name}: {value!r} is not the IRI of an agent that any dataset of this node names as "
                        f"{field.name.lower()}; accepted: {_examples(known)}",
                        value=value,
                    )
            return
        for value in values:
            found = self._vocabulary.scheme_of(value)
            if found == scheme:
                continue
            where = (
                "is not a concept of any vocabulary this node knows"
                if found is None
                else f"is a concept of <{found}>, another vocabulary"
            )
            raise BadInputError(
                f"filter.{name}: {value!r} {where}; {name} accepts concepts of <{scheme}>, such as "
                f"{_examples(self._vocabulary.in_scheme(scheme))}",
                value=value,
            )

    def label(self, field: Field, value: str) -> LangText:
        if field.spec.literal:
            return LangText({"": value})
        if field.spec.scheme is None:
            names = self._index.agent_names(value)
            return LangText(names) if names else LangText()
        concept = self._vocabulary.concept(value)
        return concept.labels if concept is not None else LangText()


def _examples(values: object) -> str:
    ordered = sorted(values)  # type: ignore[call-overload]
    if not ordered:
        return "(none on this node yet)"
    shown = ", ".join(f"<{v}>" for v in ordered[:_EXAMPLES])
    return shown + (f" and {len(ordered) - _EXAMPLES} more" if len(ordered) > _EXAMPLES else "")
