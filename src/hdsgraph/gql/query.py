"""The root ``Query`` type: resolvers call node services and build types from their model objects.

Resolvers are async and run the node's blocking reads in a worker thread, so that one slow query does not hold the
event loop (and with it /healthz and every other request).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import time
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from hdsgraph.catalogue import FacetBucket
from hdsgraph.core import model
from hdsgraph.core.errors import BadInputError
from hdsgraph.core.vocab import DCAT
from hdsgraph.federation.operations import PEER_DATASETS, PEER_ELIGIBLE_DATASETS
from hdsgraph.gql.context import arrived_at, node_of
from hdsgraph.gql.hops import add_peer_error, is_peer_request, not_cacheable, refuse_second_hop
from hdsgraph.gql.loaders import add_described, loaders_of
from hdsgraph.gql.types.catalog import Catalog
from hdsgraph.gql.types.dataset import Dataset
from hdsgraph.gql.types.federation import NodeStatus, PeerNode, Scope
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
from hdsgraph.index import FACET_FIELDS, Field, SearchQuery, SortKey
from hdsgraph.index.entry import date_key
from hdsgraph.node.federated_search import NodeRef, NodeReport
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
        scope: Scope = Scope.LOCAL,
    ) -> DatasetConnection:
        if lang:
            info.context["lang"] = lang
        query = _search_query(search, filter, sort, first, after, facets=_wants_facets(info))
        if scope is Scope.FEDERATED:
            variables = _peer_variables(search=search, filter=filter, sort=sort, lang=lang)
            return await _federated(info, query, PEER_DATASETS, "datasets", variables)
        if scope is Scope.CACHED:
            return await _cached(info, query)
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
        scope: Scope = Scope.LOCAL,
    ) -> DatasetConnection:
        if lang:
            info.context["lang"] = lang
        node = node_of(info)
        if scope is Scope.CACHED:
            raise BadInputError(
                "eligibleDatasets(scope: CACHED) is not offered: harvested copies do not carry their node's policies "
                "as they stand; give LOCAL or FEDERATED",
                value="CACHED",
            )
        allowed = await asyncio.to_thread(node.policies.eligible, _request(request, [ANY_DATASET]))
        query = _search_query(search, filter, sort, first, after, facets=_wants_facets(info))
        query = dataclasses.replace(query, allowed=allowed)
        if scope is Scope.FEDERATED:
            variables = {
                "request": _input_json(request),
                **_peer_variables(search=search, filter=filter, sort=sort, lang=lang),
            }
            return await _federated(info, query, PEER_ELIGIBLE_DATASETS, "eligibleDatasets", variables)
        return await _connection(info, query)

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

    @strawberry.field(description="The peer nodes that federated searches ask, from this node's configuration.")
    def peers(self, info: Info[Any, Any]) -> list[PeerNode]:
        return [PeerNode.of(p) for p in node_of(info).peers.peers]

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
    started = time.monotonic()
    # A peer's request: agent filter values this node does not know match nothing here rather than fail.
    page = await asyncio.to_thread(node.catalogue.search, query, agents=not is_peer_request(info))
    latency = round((time.monotonic() - started) * 1000, 1)
    found = await loaders_of(info).resources.load_many(list(page.result.iris))
    result = page.result
    edges = [
        DatasetEdge(cursor=c, score=round(s, 4), node=Dataset.of(r or model.Resource(i)))
        for i, c, s, r in zip(result.iris, result.cursors, result.scores, found, strict=True)
    ]
    return DatasetConnection(
        total_count=result.total_count,
        edges=edges,
        page_info=_page_info(result.has_next_page, result.has_previous_page, list(result.cursors)),
        facets=_facets(page.facets),
        nodes=[NodeStatus.of(NodeReport(node.ref, "OK", latency, result.total_count))],
        partial=False,
    )


async def _federated(
    info: Info[Any, Any],
    query: SearchQuery,
    operation: str,
    root: str,
    variables: dict[str, Any],
) -> DatasetConnection:
    """This node's and every peer's matches, merged; one error per failed peer beside a partial answer."""
    refuse_second_hop(info, "FEDERATED")
    node = node_of(info)
    page = await node.federation.search(
        query,
        operation=operation,
        root=root,
        variables=variables,
        local_search=lambda q: node.catalogue.search(q, agents=False),
        since=arrived_at(info),
    )
    not_cacheable(info)  # peers change on their own: the answer holds for this moment only
    for failure in page.failures:
        add_peer_error(info, failure)
    for item in page.items:
        if item.remote is not None:
            add_described(info, item.remote.resources)
    found = await loaders_of(info).resources.load_many([i.iri for i in page.items])
    edges = [
        DatasetEdge(
            cursor=item.cursor,
            score=round(item.score, 4),
            node=Dataset.of(r or model.Resource(item.iri), item.node if item.remote is not None else None),
        )
        for item, r in zip(page.items, found, strict=True)
    ]
    return DatasetConnection(
        total_count=page.total_count,
        edges=edges,
        page_info=dataclasses.replace(
            _page_info(page.has_next, page.has_previous, [e.cursor for e in edges]), end_cursor=page.end_cursor
        ),
        facets=_facets(page.facets),
        nodes=[NodeStatus.of(r) for r in page.nodes],
        partial=page.partial,
    )


async def _cached(info: Info[Any, Any], query: SearchQuery) -> DatasetConnection:
    """The harvested copies of other catalogues, answered from this node's cache, with when each was harvested."""
    refuse_second_hop(info, "CACHED")
    node = node_of(info)
    cache = node.cache
    started = time.monotonic()
    page = await asyncio.to_thread(cache.search.search, query, agents=False)
    latency = round((time.monotonic() - started) * 1000, 1)
    result = page.result
    described = await asyncio.to_thread(cache.reader.describe, list(result.iris))
    loaders = loaders_of(info)
    loaders.resources.prime_many(described)
    origins = await asyncio.to_thread(lambda: {i: cache.source_of(i) for i in result.iris})
    sources = await asyncio.to_thread(cache.sources)
    edges = []
    for iri, cursor, score in zip(result.iris, result.cursors, result.scores, strict=True):
        origin = origins.get(iri)
        ref = _cached_ref(origin.url) if origin is not None else node.ref
        dataset = Dataset.of(described.get(iri) or model.Resource(iri), ref)
        edges.append(DatasetEdge(cursor=cursor, score=round(score, 4), node=dataset))
    return DatasetConnection(
        total_count=result.total_count,
        edges=edges,
        page_info=_page_info(result.has_next_page, result.has_previous_page, list(result.cursors)),
        facets=_facets(page.facets),
        nodes=[
            NodeStatus.of(NodeReport(_cached_ref(s.url), "OK", latency, s.datasets, s.harvested_at)) for s in sources
        ],
        partial=False,
    )


def _cached_ref(source: str) -> NodeRef:
    """A harvested catalogue as the node of its datasets: named by the URL it was harvested from."""
    return NodeRef(source, f"harvested from {source}")


def _page_info(has_next: bool, has_previous: bool, cursors: list[str]) -> PageInfo:
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


def _facets(facets: dict[Field, tuple[FacetBucket, ...]]) -> list[Facet]:
    return [
        Facet(
            field=FacetField(f.name),
            values=[FacetValue(value=strawberry.ID(b.value), count=b.count, _bucket=b) for b in buckets],
        )
        for f, buckets in facets.items()
    ]


def _peer_variables(
    *, search: str | None, filter: DatasetFilter | None, sort: DatasetSort | None, lang: str | None
) -> dict[str, Any]:
    """The client's search as the peer operation's variables (paging is each peer's own)."""
    return {
        "search": search,
        "filter": _input_json(filter) if filter is not None else None,
        "sort": _input_json(sort) if sort is not None else None,
        "lang": lang,
    }


def _input_json(value: Any) -> Any:
    """A GraphQL input object as its JSON variable value: field names in camelCase, enums by name."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_input_json(v) for v in value]
    fields = value.__strawberry_definition__.fields
    return {to_camel_case(f.python_name): _input_json(getattr(value, f.python_name)) for f in fields}


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
