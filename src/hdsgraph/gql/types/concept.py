"""``Concept``: a controlled-vocabulary value, its IRI and its label in the language asked for."""

from __future__ import annotations

import strawberry

from hdsgraph.core import model

__all__ = ["Concept"]


@strawberry.type(
    description="A concept of a controlled vocabulary (EU authority tables, HealthDCAT-AP, the project's)."
)
class Concept:
    id: strawberry.ID = strawberry.field(description="The concept's IRI.")
    scheme: strawberry.ID | None = strawberry.field(description="The IRI of the concept scheme it belongs to.")
    _labels: strawberry.Private[model.LangText]

    @strawberry.field(description="The label in `lang` (a BCP 47 tag such as en, fr, de, ko), else English.")
    def label(self, lang: str | None = None) -> str | None:
        return self._labels.get(lang)

    @classmethod
    def of(cls, concept: model.Concept) -> Concept:
        return cls(id=strawberry.ID(concept.id), scheme=concept.scheme, _labels=concept.labels)  # type: ignore[arg-type]
