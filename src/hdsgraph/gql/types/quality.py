"""``Quality``: a dataset's metadata quality on the data.europa.eu MQA dimensions, with what is missing."""

from __future__ import annotations

import strawberry

from hdsgraph.catalogue.quality import Quality as QualityModel

__all__ = ["Quality", "QualityDimension"]


@strawberry.type(description="One MQA dimension: its points, its maximum, and the items that would raise it.")
class QualityDimension:
    name: str = strawberry.field(
        description="findability, accessibility, interoperability, reusability or contextuality."
    )
    score: int
    max_score: int
    missing: list[str] = strawberry.field(description="What the publisher can add or fix, one item each.")


@strawberry.type(description="Metadata quality scored on the data.europa.eu MQA dimensions, without live URL checks.")
class Quality:
    score: int
    max_score: int
    rating: str = strawberry.field(description="excellent, good, sufficient or bad, as the MQA rates.")
    dimensions: list[QualityDimension]

    @classmethod
    def of(cls, q: QualityModel) -> Quality:
        return cls(
            score=q.score,
            max_score=q.max_score,
            rating=q.rating,
            dimensions=[
                QualityDimension(name=d.name, score=d.score, max_score=d.max_score, missing=list(d.missing))
                for d in q.dimensions
            ],
        )
