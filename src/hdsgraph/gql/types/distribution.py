"""``Distribution`` and ``DataService``: the ways to get at a dataset (a file, an API, a secure environment)."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from hdsgraph.core import model
from hdsgraph.core.vocab import ADMS, DCAT, DCATAP, DCT
from hdsgraph.gql.types._described import Licensed, Published, Titled
from hdsgraph.gql.types._resource import integer, resources
from hdsgraph.gql.types.agent import Agent, agents
from hdsgraph.gql.types.concept import Concept, concept, concepts
from hdsgraph.gql.types.scalars import Long

__all__ = ["DataService", "Distribution"]


@strawberry.type(description="A dcat:DataService: an API or environment that serves datasets.")
class DataService(Titled, Licensed):
    id: strawberry.ID | None = strawberry.field(description="Its IRI; null when written without one.")
    _r: strawberry.Private[model.Resource]

    @strawberry.field(name="endpointURL", description="dcat:endpointURL")
    def endpoint_url(self) -> list[str]:
        return self._r.iris(str(DCAT.endpointURL))

    @strawberry.field(description="dcat:endpointDescription")
    def endpoint_description(self) -> list[str]:
        return self._r.iris(str(DCAT.endpointDescription))

    @strawberry.field(description="IRIs of the datasets it serves (dcat:servesDataset).")
    def serves_datasets(self) -> list[strawberry.ID]:
        return [strawberry.ID(i) for i in self._r.iris(str(DCAT.servesDataset))]

    @strawberry.field(description="dct:accessRights")
    def access_rights(self, info: Info[Any, Any]) -> Concept | None:
        return concept(info, self._r.iris(str(DCT.accessRights)))

    @strawberry.field(description="dct:publisher")
    async def publisher(self, info: Info[Any, Any]) -> Agent | None:
        found = await agents(info, self._r.refs(str(DCT.publisher))[:1])
        return found[0] if found else None

    @classmethod
    def of(cls, r: model.Resource) -> DataService:
        return cls(id=strawberry.ID(r.id) if r.id else None, _r=r)


@strawberry.type(description="A dcat:Distribution of a dataset.")
class Distribution(Published, Licensed):
    id: strawberry.ID | None = strawberry.field(
        description="The distribution's IRI; null for a distribution described without one (a blank node)."
    )
    _r: strawberry.Private[model.Resource]

    @strawberry.field(name="accessURL", description="dcat:accessURL")
    def access_url(self) -> str | None:
        return self._r.first(str(DCAT.accessURL))

    @strawberry.field(name="downloadURL", description="dcat:downloadURL")
    def download_url(self) -> str | None:
        return self._r.first(str(DCAT.downloadURL))

    @strawberry.field(description="dcat:mediaType, an IANA media type IRI.")
    def media_type(self) -> str | None:
        return self._r.first(str(DCAT.mediaType))

    @strawberry.field(description="dct:format, an EU file-type concept.")
    def format(self, info: Info[Any, Any]) -> Concept | None:
        return concept(info, self._r.iris(str(DCT.format)))

    @strawberry.field(description="dcat:byteSize: the size in bytes (a Long: files past 2 GB are common).")
    def byte_size(self) -> Long | None:
        value = integer(self._r, str(DCAT.byteSize))
        return Long(value) if value is not None else None

    @strawberry.field(description="adms:status, an EU distribution-status concept.")
    def status(self, info: Info[Any, Any]) -> Concept | None:
        return concept(info, self._r.iris(str(ADMS.status)))

    @strawberry.field(description="dcatap:availability, an EU planned-availability concept.")
    def availability(self, info: Info[Any, Any]) -> Concept | None:
        return concept(info, self._r.iris(str(DCATAP.availability)))

    @strawberry.field(description="dct:conformsTo: standards the distribution follows.")
    def conforms_to(self, info: Info[Any, Any]) -> list[Concept]:
        return concepts(info, self._r.iris(str(DCT.conformsTo)))

    @strawberry.field(description="dcat:accessService: the services that give access to it.")
    async def access_services(self, info: Info[Any, Any]) -> list[DataService]:
        return [DataService.of(r) for r in await resources(info, self._r.refs(str(DCAT.accessService)))]

    @classmethod
    def of(cls, r: model.Resource) -> Distribution:
        return cls(id=strawberry.ID(r.id) if r.id else None, _r=r)
