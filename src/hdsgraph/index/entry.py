"""``IndexEntry``: what the search index keeps of one dataset, derived from its graph."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = ["IndexEntry", "date_key"]


@dataclass(frozen=True)
class IndexEntry:
    """One dataset as the index sees it. ``values`` maps a ``Field`` name to the dataset's values of it."""

    iri: str
    graph: str
    title: str  # the sort title: English, else any
    terms: dict[str, float]  # word -> weight, see ``text.term_weights``
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    min_age: float | None = None
    max_age: float | None = None
    individuals: int | None = None
    issued: str | None = None  # ISO 8601 date or date-time, as published
    modified: str | None = None
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # agent IRI -> language -> name

    def to_json(self) -> str:
        return json.dumps(
            {
                "iri": self.iri,
                "graph": self.graph,
                "title": self.title,
                "terms": self.terms,
                "values": {k: list(v) for k, v in self.values.items()},
                "min_age": self.min_age,
                "max_age": self.max_age,
                "individuals": self.individuals,
                "issued": self.issued,
                "modified": self.modified,
                "names": self.names,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> IndexEntry:
        d = json.loads(text)
        d["values"] = {k: tuple(v) for k, v in d["values"].items()}
        return cls(**d)


def date_key(lexical: str | None) -> float | None:
    """An ISO 8601 date or date-time as days since 0001-01-01 (a date counts as its midnight); ``None`` if unreadable.

    >>> date_key("2026-10-02") == date_key("2026-10-02T00:00:00Z")
    True
    >>> date_key("2026-10-02T12:00:00") - date_key("2026-10-02")
    0.5
    """
    if not lexical:
        return None
    text = lexical.strip()
    try:
        if len(text) <= 10 or (len(text) > 10 and text[10] != "T"):
            return float(date.fromisoformat(text[:10]).toordinal())
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    offset = moment.utcoffset()
    moment = moment.replace(tzinfo=None) - offset if offset is not None else moment
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6
    return moment.date().toordinal() + seconds / 86400
