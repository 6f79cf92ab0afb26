"""``Dataset``: a DCAT-AP / HealthDCAT-AP dataset description, and its Relay connection."""

from __future__ import annotations

import strawberry

from hdsgraph.core import model
from hdsgraph.gql.types.agent import Agent
from hdsgraph.gql.types.concept import Concept
from hdsgraph.gql.types.distribution import Distribution

__all__ = ["Dataset", "DatasetConnection", "DatasetEdge", "PageInfo"]


@strawberry.type(description="A dataset described with DCAT-AP 3 and HealthDCAT-AP.")
class Dataset:
    id: strawberry.ID = strawberry.field(description="The dataset's IRI.")
    publisher: Agent | None = strawberry.field(description="dct:publisher")
    themes: list[Concept] = strawberry.field(description="dcat:theme, EU data-theme concepts.")
    health_categories: list[Concept] = strawberry.field(
        description="healthdcatap:healthCategory, the EHDS Art. 51 categories of electronic health data."
    )
    distributions: list[Distribution] = strawberry.field(description="dcat:distribution")
    _model: strawberry.Private[model.Dataset]

    @strawberry.field(description="dct:title in `lang`, else English.")
    def title(self, lang: str | None = None) -> str | None:
        return self._model.titles.get(lang)

    @strawberry.field(description="dct:description in `lang`, else English.")
    def description(self, lang: str | None = None) -> str | None:
        return self._model.descriptions.get(lang)

    @classmethod
    def of(cls, d: model.Dataset) -> Dataset:
        return cls(
            id=strawberry.ID(d.id),
            publisher=Agent.of(d.publisher) if d.publisher else None,
            themes=[Concept.of(c) for c in d.themes],
            health_categories=[Concept.of(c) for c in d.health_categories],
            distributions=[Distribution.of(x) for x in d.distributions],
            _model=d,
        )


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class DatasetEdge:
    cursor: str = strawberry.field(description="Opaque; pass it as `after` to continue after this dataset.")
    node: Dataset


@strawberry.type(description="A page of datasets (Relay connection).")
class DatasetConnection:
    total_count: int = strawberry.field(description="How many datasets match, on every page together.")
    edges: list[DatasetEdge]
    page_info: PageInfo

    @classmethod
    def of(cls, page: model.DatasetPage) -> DatasetConnection:
        edges = [DatasetEdge(cursor=c, node=Dataset.of(d)) for c, d in zip(page.cursors, page.items, strict=True)]
        return cls(
            total_count=page.total_count,
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=page.cursors[0] if page.cursors else None,
                end_cursor=page.cursors[-1] if page.cursors else None,
            ),
        )
