"""Scalars GraphQL lacks: ``Long`` for counts and sizes past GraphQL's 32-bit ``Int`` (a 40 GB file, say)."""

from __future__ import annotations

from typing import NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

__all__ = ["SCALARS", "Long"]

# The Python type fields are annotated with; the schema maps it to the GraphQL scalar below (SCALARS).
Long = NewType("Long", int)


def _parse(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"{value!r} is not a Long; give a whole number")
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a Long; give a whole number") from None


SCALARS: dict[object, ScalarDefinition] = {
    Long: strawberry.scalar(
        name="Long",
        description="A whole number of up to 64 bits, serialised as a JSON number (exact up to 2^53).",
        serialize=int,
        parse_value=_parse,
    )
}
