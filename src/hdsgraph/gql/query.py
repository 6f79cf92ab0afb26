"""The root ``Query`` type: resolvers call node services and build types from their model objects.

Resolvers are async and run the node's blocking reads in a worker thread, so that one slow query does not hold the
event loop (and with it /healthz and every other request).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from typing import Any

import strawberry
from strawberry.types import Info

from hdsgraph.core import model
from hdsgraph.core.vocab import DCAT
from hdsgraph.gql.context import node_of
from hdsgraph.gql.loaders import loaders_of
from hdsgraph.gql.types.catalog import Catalog
from hdsgraph.gql.types.dataset import Dataset
from hdsgraph.gql.types.policy import AccessRequest, DecisionResult, EligibilityRequest, PolicyType
from hdsgraph.gql.types.publishing import PublicationRecord
from hdsgraph.gql.types.search import (
    DatasetConnection,
    DatasetEdge,
    DatasetFilter,
    DatasetSort,
    Facet,
    FacetField,
    FacetValue,
    PageInfo,
    SortDirection,
)
from hdsgraph.index import FACET_FIELDS, SearchQuery, SortKey
from hdsgraph.index.entry import date_key
from hdsgraph.node.policies import ANY_DATASET
from hdsgraph.policy import Request

__all__ = ["DEFAULT_PAGE_SIZE", "Query"]

DEFAULT_PAGE_SIZE = 20


@strawberry.type
class Query:
    @strawberry.field(description="One dataset by its IRI, or null when this node has none with that IRI.")
    async def dataset(self, info: Info[Any, Any], id: strawberry.ID) -> Dataset | None:
        found = await loaders_of(info).resources.load(str(id))
        return Dataset.of(found) if found is not None and str(DCAT.Dataset) in found.types() else None

    @strawberry.field(
        description="Search, filter, sort and page through this node's datasets. `search` is plain text (every word "
        "must match, in any of the catalogue's languages); `lang` is the language of labels and texts in the answer."
    )
    async def datasets(
        self,
        info: Info[Any, Any],
        search: str | None = None,
        filter: DatasetFilter | None = None,
        sort: DatasetSort | None = None,
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        lang: str | None = None,
    ) -> DatasetConnection:
        if lang:
            info.context["lang"] = lang
        query = _search_query(search, filter, sort, first, after, facets=_wants_facets(info))
        return await _connection(info, query)

    @strawberry.field(
        description="May the requester perform the action on the datasets? PERMIT only when each dataset is "
        "permitted; every rule that took part is explained, with the values compared. Unknown terms are errors "
        "(extensions.code UNKNOWN_TERM) naming the value and what is known."
    )
    async def decide(self, info: Info[Any, Any], request: AccessRequest) -> DecisionResult:
        node = node_of(info)
        decision = await asyncio.to_thread(node.policies.decide, _request(request, [str(d) for d in request.datasets]))
        return DecisionResult.of(decision)

    @strawberry.field(
        description="The datasets the request may use, as a discovery connection: `search`, `filter`, `sort` and "
        "paging work as in `datasets`, over the permitted datasets only. Datasets sharing a policy share a decision."
    )
    async def eligible_datasets(
        self,
        info: Info[Any, Any],
        request: EligibilityRequest,
        search: str | None = None,
        filter: DatasetFilter | None = None,
        sort: DatasetSort | None = None,
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        lang: str | None = None,
    ) -> DatasetConnection:
        if lang:
            info.context["lang"] = lang
        node = node_of(info)
        allowed = await asyncio.to_thread(node.policies.eligible, _request(request, [ANY_DATASET]))
        query = _search_query(search, filter, sort, first, after, facets=_wants_facets(info))
        return await _connection(info, dataclasses.replace(query, allowed=allowed))

    @strawberry.field(description="A policy by its IRI, as this node compiled it, with its rules in readable form.")
    def policy(self, info: Info[Any, Any], id: strawberry.ID) -> PolicyType | None:
        found = node_of(info).policies.policy(str(id))
        return PolicyType.of(found) if found is not None else None

    @strawberry.field(
        description="Who owns a published resource (dataset, participant, offering), its lifecycle state and every "
        "version with its provenance, withdrawn ones included; null when nothing was published under that IRI."
    )
    async def publication_record(self, info: Info[Any, Any], id: strawberry.ID) -> PublicationRecord | None:
        record = await asyncio.to_thread(node_of(info).publisher.record, str(id))
        return PublicationRecord.of(record) if record is not None else None

    @strawberry.field(description="This node's catalogue (dcat:Catalog).")
    async def catalog(self, info: Info[Any, Any]) -> Catalog | None:
        node = node_of(info)
        iri = await asyncio.to_thread(node.reader.catalog_iri)
        if iri is None:
            return None
        found = await loaders_of(info).resources.load(iri)
        return Catalog.of(found) if found else None


async def _connection(info: Info[Any, Any], query: SearchQuery) -> DatasetConnection:
    node = node_of(info)
    page = await asyncio.to_thread(node.catalogue.search, query)
    found = await loaders_of(info).resources.load_many(list(page.result.iris))
    result = page.result
    edges = [
        DatasetEdge(cursor=c, score=round(s, 4), node=Dataset.of(r or model.Resource(i)))
        for i, c, s, r in zip(result.iris, result.cursors, result.scores, found, strict=True)
    ]
    return DatasetConnection(
        total_count=result.total_count,
        edges=edges,
        page_info=PageInfo(
            has_next_page=result.has_next_page,
            has_previous_page=result.has_previous_page,
            start_cursor=result.cursors[0] if result.cursors else None,
            end_cursor=result.cursors[-1] if result.cursors else None,
        ),
        facets=[
            Facet(
                field=FacetField(f.name),
                values=[FacetValue(value=strawberry.ID(b.value), count=b.count, _bucket=b) for b in buckets],
            )
            for f, buckets in page.facets.items()
        ],
    )


def _request(given: AccessRequest | EligibilityRequest, datasets: list[str]) -> Request:
    def iri(value: strawberry.ID | None) -> str | None:
        return None if value is None else str(value)

    return Request(
        requester=str(given.requester),
        action=str(given.action),
        targets=tuple(datasets),
        purpose=iri(given.purpose),
        environment=iri(given.environment),
        data_form=iri(given.data_form),
        permit=iri(given.permit),
        at=given.at if given.at is not None else dt.datetime.now(dt.UTC),
    )


def _wants_facets(info: Info[Any, Any]) -> bool:
    return any(getattr(s, "name", None) == "facets" for f in info.selected_fields for s in f.selections)


def _search_query(
    search: str | None,
    filter: DatasetFilter | None,
    sort: DatasetSort | None,
    first: int | None,
    after: str | None,
    *,
    facets: bool,
) -> SearchQuery:
    text = search.strip() if search and search.strip() else None
    by = SortKey(sort.by.value) if sort is not None else (SortKey.RELEVANCE if text else SortKey.TITLE)
    direction = sort.direction if sort is not None else None
    f = filter or DatasetFilter()
    age = f.age_range
    return SearchQuery(
        text=text,
        filters=f.selections(),
        age_min=age.min if age is not None else None,
        age_max=age.max if age is not None else None,
        min_individuals=f.min_individuals,
        modified_after=date_key(f.modified_after.isoformat()) if f.modified_after else None,
        modified_before=date_key(f.modified_before.isoformat()) if f.modified_before else None,
        issued_after=date_key(f.issued_after.isoformat()) if f.issued_after else None,
        issued_before=date_key(f.issued_before.isoformat()) if f.issued_before else None,
        sort=by,
        descending=None if direction is None else direction is SortDirection.DESC,
        first=DEFAULT_PAGE_SIZE if first is None else first,
        after=after,
        facets=FACET_FIELDS if facets else (),
    )
