"""``Concept``: a controlled-vocabulary value, its IRI and its label in the language asked for."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry.types import Info

from hdsgraph.core import model
from hdsgraph.gql.loaders import loaders_of, request_lang

__all__ = ["Concept", "concept", "concepts"]


@strawberry.type(
    description="A concept of a controlled vocabulary (EU authority tables, HealthDCAT-AP, the project's)."
)
class Concept:
    id: strawberry.ID = strawberry.field(description="The concept's IRI.")
    scheme: strawberry.ID | None = strawberry.field(description="The IRI of the concept scheme it belongs to.")
    notation: str | None = strawberry.field(description="skos:notation, the concept's code (HEAL, LUX, FHIR).")
    _labels: strawberry.Private[model.LangText]

    @strawberry.field(description="The label in `lang` (a BCP 47 tag such as en, fr, de, ko), else English.")
    def label(self, info: Info[Any, Any], lang: str | None = None) -> str | None:
        return self._labels.get(request_lang(info, lang))

    @classmethod
    def of(cls, concept: model.Concept) -> Concept:
        return cls(
            id=strawberry.ID(concept.id),
            scheme=strawberry.ID(concept.scheme) if concept.scheme else None,
            notation=concept.notation,
            _labels=concept.labels,
        )


async def concepts(info: Info[Any, Any], iris: Iterable[str]) -> list[Concept]:
    """Concepts for ``iris``, labels read in the request's one batch."""
    found = await loaders_of(info).concepts.load_many(sorted(set(iris)))
    return [Concept.of(c) for c in found]


async def concept(info: Info[Any, Any], iris: Iterable[str]) -> Concept | None:
    found = await concepts(info, iris)
    return found[0] if found else None
