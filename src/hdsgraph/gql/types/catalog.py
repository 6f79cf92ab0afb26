"""``Catalog``: the node's dcat:Catalog, the entry point harvesters start from."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from hdsgraph.core import model
from hdsgraph.core.vocab import DCAT, DCT, FOAF
from hdsgraph.gql.context import node_of
from hdsgraph.gql.types._described import Licensed, Published
from hdsgraph.gql.types._resource import resources
from hdsgraph.gql.types.agent import Agent, agents
from hdsgraph.gql.types.concept import Concept, concepts
from hdsgraph.gql.types.distribution import DataService

__all__ = ["Catalog"]


@strawberry.type(description="A dcat:Catalog: this node's catalogue of datasets and services.")
class Catalog(Published, Licensed):
    id: strawberry.ID | None
    _r: strawberry.Private[model.Resource]

    @strawberry.field(description="dct:publisher")
    async def publisher(self, info: Info[Any, Any]) -> Agent | None:
        found = await agents(info, self._r.refs(str(DCT.publisher))[:1])
        return found[0] if found else None

    @strawberry.field(description="foaf:homepage")
    def homepage(self) -> str | None:
        return self._r.first(str(FOAF.homepage))

    @strawberry.field(description="dcat:themeTaxonomy: the concept schemes its themes come from.")
    def theme_taxonomies(self) -> list[strawberry.ID]:
        return [strawberry.ID(i) for i in self._r.iris(str(DCAT.themeTaxonomy))]

    @strawberry.field(description="dct:spatial")
    def spatial(self, info: Info[Any, Any]) -> list[Concept]:
        return concepts(info, self._r.iris(str(DCT.spatial)))

    @strawberry.field(description="dcat:service")
    async def services(self, info: Info[Any, Any]) -> list[DataService]:
        return [DataService.of(r) for r in await resources(info, self._r.refs(str(DCAT.service)))]

    @strawberry.field(description="How many datasets the node holds (page through them with `datasets`).")
    def dataset_count(self, info: Info[Any, Any]) -> int:
        return len(node_of(info).index)

    @classmethod
    def of(cls, r: model.Resource) -> Catalog:
        return cls(id=strawberry.ID(r.id) if r.id else None, _r=r)
