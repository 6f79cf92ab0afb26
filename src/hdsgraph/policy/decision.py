"""A decision and its explanation: per dataset, per rule, per constraint, with the values compared.

The records are named tuples: a decision builds dozens of them, and a tuple is the cheapest immutable record.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from hdsgraph.policy.values import show

__all__ = [
    "ConstraintResult",
    "DatasetDecision",
    "Decision",
    "DutyState",
    "DutyStatus",
    "Outcome",
    "RuleExplanation",
]


class Outcome(StrEnum):
    PERMIT = "PERMIT"
    DENY = "DENY"
    # No policy given governs the dataset: nothing to decide on.
    NOT_APPLICABLE = "NOT_APPLICABLE"


class DutyStatus(StrEnum):
    PENDING = "pending"  # active and not yet performed: to fulfil
    FULFILLED = "fulfilled"  # performed, as the node's state of the world shows
    INACTIVE = "inactive"  # its own constraints do not hold: nothing to do


class ConstraintResult(NamedTuple):
    """One constraint compared: ``left_value operator right`` gave ``satisfied``.

    For a logical constraint (``odrl:and``, ``or``, ``xone``, ``andSequence``) ``left_operand`` is empty, ``operator``
    is the logical operator and ``parts`` holds the results of its operands.
    """

    constraint: str
    left_operand: str
    operator: str
    right: tuple[object, ...]
    left_value: object
    satisfied: bool
    note: str = ""
    unit: str | None = None
    parts: tuple[ConstraintResult, ...] = ()

    def describe(self) -> str:
        verdict = "satisfied" if self.satisfied else "not satisfied"
        if self.parts:
            inner = "; ".join(part.describe() for part in self.parts)
            return f"{_short(self.operator)}[{inner}] {verdict}"
        right = show(self.right[0]) if len(self.right) == 1 else show(self.right)
        unit = f" {self.unit}" if self.unit else ""
        note = f" ({self.note})" if self.note else ""
        left = f"{_short(self.left_operand)} = {show(self.left_value)}"
        return f"{left} {_short(self.operator)} {right}{unit}: {verdict}{note}"


class DutyState(NamedTuple):
    """A duty of a rule (or a policy obligation): what to do, and whether it is pending, fulfilled or inactive."""

    duty: str
    action: str
    status: DutyStatus
    rule: str
    constraints: tuple[ConstraintResult, ...] = ()
    terms: tuple[str, ...] = ()  # the action's refinements, as conditions on how to perform it
    parties: tuple[tuple[str, str], ...] = ()  # (function, party), e.g. (odrl:attributedParty, <lih>)
    consequences: tuple[DutyState, ...] = ()  # what falls due when this duty is not fulfilled
    kind: str = "duty"  # "duty" (a permission's precondition), "obligation", "remedy"

    def describe(self) -> str:
        extra = "".join(f", {_short(role)} {party}" for role, party in self.parties)
        terms = f" with {'; '.join(self.terms)}" if self.terms else ""
        return f"{self.kind} {_short(self.action)}{extra}{terms}: {self.status}"


class RuleExplanation(NamedTuple):
    """Whether one rule applied to one dataset, part by part."""

    policy: str
    rule: str
    kind: str  # "permission", "prohibition", "obligation"
    target_matched: bool
    party_matched: bool
    action_matched: bool
    refinements: tuple[ConstraintResult, ...]
    constraints: tuple[ConstraintResult, ...]
    duties: tuple[DutyState, ...]
    applies: bool  # target, party, action, refinements and constraints all matched
    holds: bool  # for a permission: applies and no duty blocks it; otherwise as applies
    node_wide: bool = False
    party_note: str = ""

    def describe(self) -> str:
        parts = [
            f"{self.kind} {self.rule} of {self.policy}: {'applies' if self.applies else 'does not apply'}",
            f"  target {'matched' if self.target_matched else 'not matched'}; party "
            f"{'matched' if self.party_matched else 'not matched'}{f' ({self.party_note})' if self.party_note else ''};"
            f" action {'matched' if self.action_matched else 'not matched'}",
        ]
        parts += [f"  refinement {r.describe()}" for r in self.refinements]
        parts += [f"  constraint {c.describe()}" for c in self.constraints]
        parts += [f"  {d.describe()}" for d in self.duties]
        if self.kind == "permission" and self.applies and not self.holds:
            parts.append("  a duty that must be fulfilled first is pending")
        return "\n".join(parts)


class DatasetDecision(NamedTuple):
    dataset: str
    outcome: Outcome
    reason: str
    rules: tuple[RuleExplanation, ...]
    duties: tuple[DutyState, ...]  # to fulfil when permitted
    granted_by: str | None = None  # the permission the decision rests on
    conflict: str | None = None  # the strategy that settled a permission/prohibition conflict

    def describe(self) -> str:
        lines = [f"{self.dataset}: {self.outcome} — {self.reason}"]
        lines += ["  " + line for rule in self.rules for line in rule.describe().splitlines()]
        return "\n".join(lines)


class Decision(NamedTuple):
    """PERMIT only when every dataset is permitted; DENY when one is denied; NOT_APPLICABLE otherwise."""

    outcome: Outcome
    datasets: tuple[DatasetDecision, ...]
    duties: tuple[DutyState, ...]

    def describe(self) -> str:
        return "\n".join([f"{self.outcome}", *(d.describe() for d in self.datasets)])


def _short(iri: str) -> str:
    for prefix, base in (
        ("odrl:", "http://www.w3.org/ns/odrl/2/"),
        ("hds:", "https://w3id.org/hdsgraph/ontology#"),
        ("dpv:", "https://w3id.org/dpv#"),
    ):
        if iri.startswith(base):
            return prefix + iri[len(base) :]
    return iri
