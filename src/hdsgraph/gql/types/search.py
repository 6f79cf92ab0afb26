"""Discovery's inputs and results: ``DatasetFilter``, ``DatasetSort``, the connection with its facets."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from hdsgraph.catalogue import FacetBucket
from hdsgraph.gql.loaders import request_lang
from hdsgraph.gql.types.dataset import Dataset
from hdsgraph.gql.types.federation import NodeStatus
from hdsgraph.index import Field, SortKey

__all__ = [
    "AgeRange",
    "DatasetConnection",
    "DatasetEdge",
    "DatasetFilter",
    "DatasetSort",
    "DatasetSortField",
    "Facet",
    "FacetField",
    "FacetValue",
    "PageInfo",
    "SortDirection",
]


@strawberry.input(description="A typical-age range; a dataset matches when its own range overlaps it.")
class AgeRange:
    min: int | None = None
    max: int | None = None


@strawberry.input(
    description="Dataset filters: several values of one field match any of them (OR); fields combine with AND."
)
class DatasetFilter:
    themes: list[strawberry.ID] | None = strawberry.field(default=None, description="dcat:theme concept IRIs.")
    health_categories: list[strawberry.ID] | None = strawberry.field(
        default=None, description="healthdcatap:healthCategory concept IRIs."
    )
    health_themes: list[strawberry.ID] | None = strawberry.field(
        default=None, description="healthdcatap:healthTheme concept IRIs."
    )
    publishers: list[strawberry.ID] | None = strawberry.field(default=None, description="dct:publisher agent IRIs.")
    custodians: list[strawberry.ID] | None = strawberry.field(
        default=None, description="geodcatap:custodian agent IRIs."
    )
    countries: list[strawberry.ID] | None = strawberry.field(
        default=None, description="dct:spatial EU country concept IRIs."
    )
    access_rights: list[strawberry.ID] | None = strawberry.field(
        default=None, description="dct:accessRights concept IRIs (PUBLIC, RESTRICTED, NON_PUBLIC)."
    )
    coding_systems: list[strawberry.ID] | None = strawberry.field(
        default=None, description="healthdcatap:hasCodingSystem concept IRIs."
    )
    standards: list[strawberry.ID] | None = strawberry.field(
        default=None, description="dct:conformsTo standard concept IRIs."
    )
    keywords: list[str] | None = strawberry.field(
        default=None, description="dcat:keyword values, compared without case or accents."
    )
    age_range: AgeRange | None = None
    min_individuals: int | None = strawberry.field(
        default=None, description="At least this healthdcatap:numberOfUniqueIndividuals."
    )
    modified_after: datetime.date | None = strawberry.field(default=None, description="dct:modified on or after.")
    modified_before: datetime.date | None = strawberry.field(default=None, description="dct:modified on or before.")
    issued_after: datetime.date | None = strawberry.field(default=None, description="dct:issued on or after.")
    issued_before: datetime.date | None = strawberry.field(default=None, description="dct:issued on or before.")

    def selections(self) -> dict[Field, frozenset[str]]:
        out = {}
        for field in Field:
            values = getattr(self, _ATTRIBUTE[field])
            if values:
                out[field] = frozenset(str(v) for v in values)
        return out


_ATTRIBUTE = {
    Field.THEME: "themes",
    Field.HEALTH_CATEGORY: "health_categories",
    Field.HEALTH_THEME: "health_themes",
    Field.PUBLISHER: "publishers",
    Field.CUSTODIAN: "custodians",
    Field.COUNTRY: "countries",
    Field.ACCESS_RIGHTS: "access_rights",
    Field.CODING_SYSTEM: "coding_systems",
    Field.STANDARD: "standards",
    Field.KEYWORD: "keywords",
}


@strawberry.enum(description="What datasets are ordered by; every order ends with the dataset IRI.")
class DatasetSortField(Enum):
    RELEVANCE = SortKey.RELEVANCE.value
    TITLE = SortKey.TITLE.value
    MODIFIED = SortKey.MODIFIED.value
    ISSUED = SortKey.ISSUED.value
    INDIVIDUALS = SortKey.INDIVIDUALS.value


@strawberry.enum
class SortDirection(Enum):
    ASC = "asc"
    DESC = "desc"


@strawberry.input(
    description="The order of results. Without a direction: relevance, dates and individuals descending, title "
    "ascending. Datasets without the key come last."
)
class DatasetSort:
    by: DatasetSortField = DatasetSortField.RELEVANCE
    direction: SortDirection | None = None


@strawberry.enum(description="The fields the connection counts facet buckets for.")
class FacetField(Enum):
    THEME = Field.THEME.name
    HEALTH_CATEGORY = Field.HEALTH_CATEGORY.name
    PUBLISHER = Field.PUBLISHER.name
    COUNTRY = Field.COUNTRY.name
    ACCESS_RIGHTS = Field.ACCESS_RIGHTS.name
    CODING_SYSTEM = Field.CODING_SYSTEM.name


@strawberry.type(description="One facet value: its IRI, its label, and how many datasets have it.")
class FacetValue:
    value: strawberry.ID
    count: int
    _bucket: strawberry.Private[FacetBucket]

    @strawberry.field(description="The value's label in `lang` (else the request's `lang`, else English).")
    def label(self, info: Info[Any, Any], lang: str | None = None) -> str | None:
        return self._bucket.labels.get(request_lang(info, lang))


@strawberry.type(
    description="The buckets of one field, most frequent first. A field's own selection does not narrow them."
)
class Facet:
    field: FacetField
    values: list[FacetValue]


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class DatasetEdge:
    cursor: str = strawberry.field(description="Opaque; pass it as `after` to continue after this dataset.")
    score: float = strawberry.field(description="Relevance to the search text (0 without one).")
    node: Dataset


@strawberry.type(description="A page of datasets (Relay connection), with the total and the facets of the search.")
class DatasetConnection:
    total_count: int = strawberry.field(
        description="How many datasets match, on every page together; federated, the sum over the nodes that answered."
    )
    edges: list[DatasetEdge]
    page_info: PageInfo
    facets: list[Facet] = strawberry.field(
        description="Facet buckets over every match (not only this page): THEME, HEALTH_CATEGORY, PUBLISHER, "
        "COUNTRY, ACCESS_RIGHTS, CODING_SYSTEM. Federated: counts summed by value IRI over the nodes that answered."
    )
    nodes: list[NodeStatus] = strawberry.field(
        description="Every node asked for this answer, this one first: its state, latency and number of matches."
    )
    partial: bool = strawberry.field(
        description="True when a node failed: its matches are missing, and `errors` has one entry for it (code "
        "PEER_TIMEOUT, PEER_UNAVAILABLE, PEER_INVALID_RESPONSE or PEER_REFUSED, with `peer` and `retryable`)."
    )
