"""Fields that datasets, distributions, data services and catalogues share, written once.

Bases of the resource types, not GraphQL types of their own: each subclass gets these fields in its schema.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from hdsgraph.core import model
from hdsgraph.core.vocab import DCATAP, DCT
from hdsgraph.gql.loaders import request_lang
from hdsgraph.gql.types.concept import Concept, concept, concepts

__all__ = ["Licensed", "Published", "Titled"]

_TITLE, _DESCRIPTION, _LICENSE = str(DCT.title), str(DCT.description), str(DCT.license)
_LANGUAGE, _ISSUED, _MODIFIED = str(DCT.language), str(DCT.issued), str(DCT.modified)
_LEGISLATION = str(DCATAP.applicableLegislation)


@strawberry.type
class Titled:
    _r: strawberry.Private[model.Resource]

    @strawberry.field(description="dct:title in `lang` (a BCP 47 tag), else the request's `lang`, else English.")
    def title(self, info: Info[Any, Any], lang: str | None = None) -> str | None:
        return self._r.text(_TITLE).get(request_lang(info, lang))

    @strawberry.field(description="dct:description in `lang`, else the request's `lang`, else English.")
    def description(self, info: Info[Any, Any], lang: str | None = None) -> str | None:
        return self._r.text(_DESCRIPTION).get(request_lang(info, lang))


@strawberry.type
class Licensed:
    _r: strawberry.Private[model.Resource]

    @strawberry.field(description="dct:license, an EU licence concept.")
    def license(self, info: Info[Any, Any]) -> Concept | None:
        return concept(info, self._r.iris(_LICENSE))


@strawberry.type
class Published(Titled):
    @strawberry.field(description="dct:language, EU language concepts.")
    def languages(self, info: Info[Any, Any]) -> list[Concept]:
        return concepts(info, self._r.iris(_LANGUAGE))

    @strawberry.field(description="dcatap:applicableLegislation: ELI IRIs (the EHDS for health data).")
    def applicable_legislation(self) -> list[strawberry.ID]:
        return [strawberry.ID(i) for i in self._r.iris(_LEGISLATION)]

    @strawberry.field(description="dct:issued, as published (ISO 8601 date or date-time).")
    def issued(self) -> str | None:
        return self._r.first(_ISSUED)

    @strawberry.field(description="dct:modified, as published (ISO 8601 date or date-time).")
    def modified(self) -> str | None:
        return self._r.first(_MODIFIED)
