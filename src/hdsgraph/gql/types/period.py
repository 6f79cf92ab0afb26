"""``PeriodOfTime``: a temporal coverage or a retention period."""

from __future__ import annotations

import strawberry

from hdsgraph.core import model
from hdsgraph.core.vocab import DCAT

__all__ = ["PeriodOfTime"]

_TIME = "http://www.w3.org/2006/time#"


@strawberry.type(description="A dct:PeriodOfTime: start and end as published (ISO 8601 date or date-time).")
class PeriodOfTime:
    id: strawberry.ID | None
    start: str | None = strawberry.field(description="dcat:startDate (or time:hasBeginning).")
    end: str | None = strawberry.field(description="dcat:endDate (or time:hasEnd).")

    @classmethod
    def of(cls, r: model.Resource) -> PeriodOfTime:
        return cls(
            id=strawberry.ID(r.id) if r.id else None,
            start=r.first(str(DCAT.startDate)) or _instant(r, "hasBeginning"),
            end=r.first(str(DCAT.endDate)) or _instant(r, "hasEnd"),
        )


def _instant(r: model.Resource, predicate: str) -> str | None:
    for ref in r.refs(_TIME + predicate):
        if ref.resource is not None:
            return ref.resource.first(_TIME + "inXSDDateTimeStamp") or ref.resource.first(_TIME + "inXSDDate")
    return None
