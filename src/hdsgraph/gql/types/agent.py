"""``Agent`` and ``ContactPoint``: who publishes, holds or governs data, and how to reach them."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from hdsgraph.core import model
from hdsgraph.core.vocab import CV, DCAT, DCT, FOAF, VCARD
from hdsgraph.gql.loaders import request_lang
from hdsgraph.gql.types._resource import resources
from hdsgraph.gql.types.concept import Concept, concept

__all__ = ["Agent", "ContactPoint", "agents"]


def _mailto(value: str | None) -> str | None:
    return value[len("mailto:") :] if value and value.startswith("mailto:") else value


@strawberry.type(description="A contact point (vcard:Kind / cv:ContactPoint).")
class ContactPoint:
    id: strawberry.ID | None = strawberry.field(description="Its IRI; null when written without one.")
    _r: strawberry.Private[model.Resource]

    @strawberry.field(description="vcard:fn, the name of the desk or person.")
    def name(self) -> str | None:
        return self._r.first(str(VCARD.fn)) or self._r.first(str(VCARD["organization-name"]))

    @strawberry.field(description="vcard:hasEmail or cv:email, without `mailto:`.")
    def email(self) -> str | None:
        return _mailto(self._r.first(str(VCARD.hasEmail)) or self._r.first(str(CV.email)))

    @strawberry.field(description="vcard:hasURL or cv:contactPage.")
    def url(self) -> str | None:
        return self._r.first(str(VCARD.hasURL)) or self._r.first(str(CV.contactPage))

    @strawberry.field(description="vcard:hasTelephone or cv:telephone.")
    def telephone(self) -> str | None:
        return self._r.first(str(VCARD.hasTelephone)) or self._r.first(str(CV.telephone))

    @classmethod
    def of(cls, r: model.Resource) -> ContactPoint:
        return cls(id=strawberry.ID(r.id) if r.id else None, _r=r)


@strawberry.type(description="An organisation (foaf:Agent): publisher, custodian, health data access body.")
class Agent:
    id: strawberry.ID | None = strawberry.field(description="The agent's IRI; null for an agent without one.")
    _r: strawberry.Private[model.Resource]

    @strawberry.field(description="foaf:name in `lang`, else English, else as written.")
    def name(self, info: Info[Any, Any], lang: str | None = None) -> str | None:
        return self._r.text(str(FOAF.name)).get(request_lang(info, lang))

    @strawberry.field(description="dct:description (HealthDCAT-AP's publisher note) in `lang`, else English.")
    def description(self, info: Info[Any, Any], lang: str | None = None) -> str | None:
        return self._r.text(str(DCT.description)).get(request_lang(info, lang))

    @strawberry.field(description="dct:type: the publisher type (HealthDCAT-AP publisher-type scheme).")
    def type(self, info: Info[Any, Any]) -> Concept | None:
        return concept(info, self._r.iris(str(DCT.type)))

    @strawberry.field(description="foaf:homepage")
    def homepage(self) -> str | None:
        return self._r.first(str(FOAF.homepage))

    @strawberry.field(description="foaf:mbox or cv:email, without `mailto:`.")
    def email(self) -> str | None:
        return _mailto(self._r.first(str(FOAF.mbox)) or self._r.first(str(CV.email)))

    @strawberry.field(description="cv:contactPoint or dcat:contactPoint of the agent.")
    async def contact_points(self, info: Info[Any, Any]) -> list[ContactPoint]:
        refs = self._r.refs(str(CV.contactPoint)) + self._r.refs(str(DCAT.contactPoint))
        return [ContactPoint.of(r) for r in await resources(info, refs)]

    @classmethod
    def of(cls, r: model.Resource) -> Agent:
        return cls(id=strawberry.ID(r.id) if r.id else None, _r=r)


async def agents(info: Info[Any, Any], refs: list[model.Ref]) -> list[Agent]:
    return [Agent.of(r) for r in await resources(info, refs)]
