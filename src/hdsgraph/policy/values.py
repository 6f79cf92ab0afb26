"""Right-operand values: RDF terms turned into plain Python values once, at compile time, with their kind.

The kind decides which operators may compare a value: ``gt`` orders numbers, instants and durations, never IRIs;
``isA`` walks a hierarchy of IRIs, never of literals. Instants are made timezone-aware (UTC when none is given) and an
``xsd:date`` becomes the instant its day starts, so that every instant compares with every other.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Final

import rdflib
from rdflib.term import Literal, URIRef

__all__ = ["MISSING", "Kind", "kind_of_python", "literal_value", "normalise", "show"]

_XSD = "http://www.w3.org/2001/XMLSchema#"


class Kind(StrEnum):
    IRI = "IRI"
    NUMBER = "number"
    INSTANT = "date-time"
    DURATION = "duration"
    BOOLEAN = "boolean"
    STRING = "string"


ORDERED: Final = frozenset({Kind.NUMBER, Kind.INSTANT, Kind.DURATION})


class _Missing:
    """The value of a left operand that neither the request nor the graph supplies."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()

_NUMERIC = {
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
}  # fmt: skip


def _instant(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _parse(lexical: str, datatype: str) -> tuple[Kind, object]:
    name = datatype[len(_XSD) :] if datatype.startswith(_XSD) else ""
    if name in _NUMERIC:
        return Kind.NUMBER, int(lexical.strip())
    if name == "decimal":
        try:
            return Kind.NUMBER, Decimal(lexical.strip())
        except InvalidOperation:
            raise ValueError(lexical) from None
    if name in ("double", "float"):
        return Kind.NUMBER, float(lexical.strip())
    if name == "boolean":
        text = lexical.strip()
        if text not in ("true", "false", "1", "0"):
            raise ValueError(lexical)
        return Kind.BOOLEAN, text in ("true", "1")
    if name == "dateTime" or name == "dateTimeStamp":
        return Kind.INSTANT, _instant(dt.datetime.fromisoformat(lexical.strip().replace("Z", "+00:00")))
    if name == "date":
        day = dt.date.fromisoformat(lexical.strip()[:10])
        return Kind.INSTANT, dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    if name in ("duration", "dayTimeDuration"):
        return Kind.DURATION, _duration(lexical.strip())
    if name == "anyURI":
        return Kind.IRI, lexical.strip()
    return Kind.STRING, lexical


def _duration(text: str) -> dt.timedelta:
    """An ``xsd:duration`` without years or months (those have no fixed length, so they cannot be ordered)."""
    value = rdflib.Literal(text, datatype=URIRef(_XSD + "duration")).toPython()
    if isinstance(value, dt.timedelta):
        return value
    raise ValueError(f"{text} counts years or months, which have no fixed length; give it in days (P30D)")


def literal_value(term: Literal, datatype: str | None = None) -> tuple[Kind, object]:
    """The kind and Python value of a literal, read as ``datatype`` when the constraint declares one.

    >>> literal_value(Literal("2018-01-01", datatype=URIRef(_XSD + "date")))
    (<Kind.INSTANT: 'date-time'>, datetime.datetime(2018, 1, 1, 0, 0, tzinfo=datetime.timezone.utc))

    Raises ``ValueError`` when the lexical form is not one of the datatype's.
    """
    declared = datatype or (str(term.datatype) if term.datatype is not None else _XSD + "string")
    return _parse(str(term), declared)


def kind_of_python(value: object) -> Kind:
    """The kind of a value a request or the graph supplies (a ``str`` is an IRI: literals arrive typed)."""
    if isinstance(value, bool):
        return Kind.BOOLEAN
    if isinstance(value, int | float | Decimal):
        return Kind.NUMBER
    if isinstance(value, dt.datetime | dt.date):
        return Kind.INSTANT
    if isinstance(value, dt.timedelta):
        return Kind.DURATION
    return Kind.IRI


def normalise(value: object) -> object:
    """Instants made aware and dates made instants, so that a supplied value compares with compiled ones."""
    if isinstance(value, dt.datetime):
        return _instant(value)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, set | list | tuple):
        return frozenset(normalise(v) for v in value)
    return value


def show(value: object) -> str:
    """A value as an explanation shows it."""
    if value is MISSING:
        return "(no value)"
    if isinstance(value, frozenset):
        return "{" + ", ".join(sorted(show(v) for v in value)) + "}"
    if isinstance(value, tuple):
        return "(" + ", ".join(show(v) for v in value) + ")"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return f"P{value.days}DT{value.seconds}S" if value.seconds else f"P{value.days}D"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
