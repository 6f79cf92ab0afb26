"""``Concept``: a controlled-vocabulary value, its IRI and its label in the language asked for."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry.types import Info

from hdsgraph.core import model
from hdsgraph.gql.context import node_of
from hdsgraph.gql.loaders import request_lang

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


def concepts(info: Info[Any, Any], iris: Iterable[str]) -> list[Concept]:
    """Concepts for ``iris`` from the node's in-memory vocabularies (no query, no await).

    A concept no vocabulary holds (one a document labels itself) is read through the reader's cache: a query the
    first time only.
    """
    node = node_of(info)
    wanted = sorted(set(iris))
    found = {i: c for i in wanted if (c := node.vocabulary.concept(i)) is not None}
    missing = [i for i in wanted if i not in found]
    if missing:
        found.update(node.reader.concepts(missing))
    return [Concept.of(found.get(i) or model.Concept(i)) for i in wanted]


def concept(info: Info[Any, Any], iris: Iterable[str]) -> Concept | None:
    found = concepts(info, iris)
    return found[0] if found else None
