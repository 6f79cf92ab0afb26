"""The policy package's errors: a policy refused at publish, a request naming a term nobody knows."""

from __future__ import annotations

from typing import Any

from hdsgraph.core.errors import BadInputError, HdsgraphError

__all__ = ["PolicyError", "UnknownTermError"]


class PolicyError(HdsgraphError):
    """A policy does not parse, or a constraint compares values it cannot compare.

    Raised at publish time, so that a broken policy never turns into a silent DENY at decision time. ``details``
    names the policy and, for a constraint, its rule, left operand, operator and right operand.
    """

    code = "POLICY_INVALID"


class UnknownTermError(BadInputError):
    """A request names a purpose, action, dataset or other term that the node does not know."""

    code = "UNKNOWN_TERM"

    def __init__(self, field: str, value: str, known: list[str], *, total: int | None = None) -> None:
        count = len(known) if total is None else total
        shown = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
        hint = f"known {field} values ({count}): {shown}" if known else f"no {field} values are known"
        super().__init__(f"unknown {field} {value!r}; {hint}", field=field, value=value, known=known[:50])

    @property
    def field(self) -> str:
        value: Any = self.details["field"]
        return str(value)
