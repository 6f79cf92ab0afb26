"""The twelve ODRL 2.2 operators, each compiled once into a test over the left operand's value.

A test takes the left value and the evaluation context (for hierarchy look-ups). For an operand with several values
(the requester's organisation types) ``eq``, ``isA``, ``isPartOf``, ``hasPart`` and ``isAnyOf`` hold when one value
satisfies them; ``neq`` and ``isNoneOf`` when no value equals, or is any of, the right operand; ``isAllOf`` when every
right value is matched by some value. Ordering operators take one value only.

Documented choices for IRIs (ODRL leaves them open):

- ``isA`` follows the hierarchy: the value, its broader classes and concepts, and the classes of an individual with
  theirs (a request for ``hds:AlgorithmTrainingTestingEvaluation`` isA ``dpv:ScientificResearch``; ``hds:KR`` isA
  ``hds:AdequateJurisdiction``).
- ``isPartOf`` follows containers (``hds:LU`` isPartOf ``hds:EEA``); ``hasPart`` is its converse.
- ``isAnyOf`` / ``isNoneOf`` / ``isAllOf`` on IRIs match a right value when it is the value or one of its broader terms
  or containers, so that a policy listing ``hds:HealthScientificResearch`` admits its narrower purposes and one
  listing ``hds:EU`` admits its member states. ``eq`` and ``neq`` are exact.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from hdsgraph.policy.profile import ODRL
from hdsgraph.policy.values import ORDERED, Kind

if TYPE_CHECKING:
    from hdsgraph.policy.context import Context

__all__ = ["OPERATORS", "SET_OPERATORS", "Test", "build", "check_kinds"]

# The value is whatever the operand holds (IRI, number, instant …): its kind was checked when compiling.
Test = Callable[[Any, "Context"], bool]

SET_OPERATORS: Final = frozenset({ODRL + "isAnyOf", ODRL + "isAllOf", ODRL + "isNoneOf"})
_ORDERING = frozenset({ODRL + "gt", ODRL + "gteq", ODRL + "lt", ODRL + "lteq"})
_HIERARCHY = frozenset({ODRL + "isA", ODRL + "isPartOf", ODRL + "hasPart"})
OPERATORS: Final = frozenset({ODRL + "eq", ODRL + "neq"}) | _ORDERING | _HIERARCHY | SET_OPERATORS


def check_kinds(operator: str, kinds: set[Kind], left: Kind | None, count: int) -> str | None:
    """Why ``operator`` cannot compare a left operand of kind ``left`` with right values of ``kinds``, or None."""
    name = operator[len(ODRL) :]
    if operator not in OPERATORS:
        return f"{operator} is not an ODRL 2.2 operator (known: {', '.join(sorted(o[len(ODRL) :] for o in OPERATORS))})"
    if count == 0:
        return "the constraint has no right operand"
    if count > 1 and operator not in SET_OPERATORS:
        return f"{name} compares with one value, but {count} right operands are given; use isAnyOf, isAllOf or isNoneOf"
    if len(kinds) > 1:
        return f"the right operands mix kinds ({', '.join(sorted(kinds))})"
    kind = next(iter(kinds))
    if operator in _ORDERING and kind not in ORDERED:
        return f"{name} orders numbers, date-times and durations, but the right operand is a {kind}"
    if operator in _HIERARCHY and kind is not Kind.IRI:
        return f"{name} follows a hierarchy of IRIs, but the right operand is a {kind} literal"
    if left is not None and left is not kind:
        return f"the left operand's values are {left} values, but the right operand is a {kind}"
    return None


def build(operator: str, right: tuple[object, ...], kind: Kind) -> tuple[Test, Test]:
    """Tests for one value and for a set of values (closures over the compiled right operand)."""
    name = operator[len(ODRL) :]
    first = right[0]
    rights = frozenset(right)
    iri = kind is Kind.IRI

    def any_of(v: Any, ctx: Context) -> bool:
        return v in rights or (iri and not rights.isdisjoint(ctx.broader(v)))

    single: dict[str, Test] = {
        "eq": lambda v, ctx: v == first,
        "neq": lambda v, ctx: v != first,
        "gt": lambda v, ctx: v > first,
        "gteq": lambda v, ctx: v >= first,
        "lt": lambda v, ctx: v < first,
        "lteq": lambda v, ctx: v <= first,
        "isA": lambda v, ctx: first in ctx.kinds(v),
        "isPartOf": lambda v, ctx: first in ctx.containers(v),
        "hasPart": lambda v, ctx: v in ctx.containers(str(first)),
        "isAnyOf": any_of,
        "isNoneOf": lambda v, ctx: not any_of(v, ctx),
        "isAllOf": ((lambda v, ctx: rights <= ctx.broader(v)) if iri else (lambda v, ctx: all(v == r for r in rights))),
    }
    test = single[name]
    if name in ("neq", "isNoneOf"):
        positive = single["eq" if name == "neq" else "isAnyOf"]

        def multi(values: Any, ctx: Context) -> bool:
            return not any(positive(v, ctx) for v in values)

    elif name == "isAllOf":

        def multi(values: Any, ctx: Context) -> bool:
            covered: set[object] = set()
            for v in values:
                covered.add(v)
                if iri:
                    covered |= ctx.broader(v)
            return rights <= covered

    else:

        def multi(values: Any, ctx: Context) -> bool:
            return any(test(v, ctx) for v in values)

    return test, multi
