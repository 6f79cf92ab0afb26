"""Policy decisions and compiled policies: ``Decision`` with its explanation, ``Policy`` with readable rules.

Every explanation comes twice: as text (``explanation``), for a researcher to read, and as fields (``rules``,
``constraints``), for an auditor or a tool to check value by value.
"""

from __future__ import annotations

import datetime
from enum import Enum

import strawberry

from hdsgraph.policy import CompiledPolicy, ConstraintResult, DatasetDecision, Decision, DutyState, RuleExplanation
from hdsgraph.policy.model import AnyConstraint, Duty, LogicalConstraint, Rule, Scope
from hdsgraph.policy.values import MISSING, show

__all__ = [
    "AccessRequest",
    "DecisionResult",
    "EligibilityRequest",
    "PolicyType",
]


@strawberry.enum(name="Outcome", description="PERMIT only when every dataset is permitted; DENY when one is denied.")
class OutcomeType(Enum):
    PERMIT = "PERMIT"
    DENY = "DENY"
    NOT_APPLICABLE = "NOT_APPLICABLE"


@strawberry.input(
    description="May `requester` perform `action` on `datasets` for `purpose`, in `environment`, on data in "
    "`dataForm`, relying on `permit`, at `at` (default: now)? Every term is an IRI; the requester is a participant. "
    "What the graph establishes about the requester (jurisdiction, organisation types, Gaia-X compliance, permits "
    "issued to it) is read from the graph, never from the request."
)
class AccessRequest:
    requester: strawberry.ID
    action: strawberry.ID
    datasets: list[strawberry.ID]
    purpose: strawberry.ID | None = None
    environment: strawberry.ID | None = None
    data_form: strawberry.ID | None = None
    permit: strawberry.ID | None = None
    at: datetime.datetime | None = None


@strawberry.input(description="An AccessRequest without datasets: which datasets may it use?")
class EligibilityRequest:
    requester: strawberry.ID
    action: strawberry.ID
    purpose: strawberry.ID | None = None
    environment: strawberry.ID | None = None
    data_form: strawberry.ID | None = None
    permit: strawberry.ID | None = None
    at: datetime.datetime | None = None


@strawberry.type(
    name="ConstraintResult",
    description="One constraint compared: `leftValue operator right` gave `satisfied`. A logical constraint "
    "(and, or, xone, andSequence) has no left operand and holds its operands' results in `parts`.",
)
class ConstraintResultType:
    constraint: str = strawberry.field(description="The constraint's IRI, or a name made from its rule's.")
    left_operand: strawberry.ID | None
    operator: strawberry.ID
    right: list[str] = strawberry.field(description="The right operand's values.")
    left_value: str | None = strawberry.field(description="The value the request or the graph gave; null: none.")
    satisfied: bool
    note: str | None
    unit: strawberry.ID | None
    parts: list[ConstraintResultType]
    explanation: str

    @classmethod
    def of(cls, r: ConstraintResult) -> ConstraintResultType:
        return cls(
            constraint=r.constraint,
            left_operand=strawberry.ID(r.left_operand) if r.left_operand else None,
            operator=strawberry.ID(r.operator),
            right=[show(v) for v in r.right],
            left_value=None if r.left_value is MISSING else show(r.left_value),
            satisfied=r.satisfied,
            note=r.note or None,
            unit=strawberry.ID(r.unit) if r.unit else None,
            parts=[cls.of(p) for p in r.parts],
            explanation=r.describe(),
        )


@strawberry.type(description="A party a duty names, with its function (odrl:attributedParty, odrl:informedParty …).")
class DutyParty:
    function: strawberry.ID
    party: strawberry.ID


@strawberry.type(
    name="Duty",
    description="A duty of a permission (to fulfil when permitted), a remedy or an obligation, with its status: "
    "pending, fulfilled (the graph shows it performed) or inactive (its own constraints do not hold).",
)
class DutyType:
    id: str
    action: strawberry.ID
    status: str
    kind: str
    rule: str
    parties: list[DutyParty]
    terms: list[str] = strawberry.field(description="How to perform it (the action's refinements).")
    constraints: list[ConstraintResultType]
    consequences: list[DutyType]
    explanation: str

    @classmethod
    def of(cls, d: DutyState) -> DutyType:
        return cls(
            id=d.duty,
            action=strawberry.ID(d.action),
            status=str(d.status),
            kind=d.kind,
            rule=d.rule,
            parties=[DutyParty(function=strawberry.ID(f), party=strawberry.ID(p)) for f, p in d.parties],
            terms=list(d.terms),
            constraints=[ConstraintResultType.of(c) for c in d.constraints],
            consequences=[cls.of(c) for c in d.consequences],
            explanation=d.describe(),
        )


@strawberry.type(
    name="RuleExplanation",
    description="Whether one rule took part for one dataset, part by part: target, party, action (with its "
    "refinements) and each constraint with the values compared.",
)
class RuleExplanationType:
    policy: strawberry.ID
    rule: str
    kind: str = strawberry.field(description="permission, prohibition or obligation.")
    node_wide: bool = strawberry.field(description="A rule of a policy that applies to every request (the EHDS).")
    applies: bool = strawberry.field(description="Target, party, action, refinements and constraints all matched.")
    holds: bool = strawberry.field(description="For a permission: it applies and no duty blocks it.")
    target_matched: bool
    party_matched: bool
    party_note: str | None
    action_matched: bool
    refinements: list[ConstraintResultType]
    constraints: list[ConstraintResultType]
    duties: list[DutyType]
    explanation: str

    @classmethod
    def of(cls, r: RuleExplanation) -> RuleExplanationType:
        return cls(
            policy=strawberry.ID(r.policy),
            rule=r.rule,
            kind=r.kind,
            node_wide=r.node_wide,
            applies=r.applies,
            holds=r.holds,
            target_matched=r.target_matched,
            party_matched=r.party_matched,
            party_note=r.party_note or None,
            action_matched=r.action_matched,
            refinements=[ConstraintResultType.of(c) for c in r.refinements],
            constraints=[ConstraintResultType.of(c) for c in r.constraints],
            duties=[DutyType.of(d) for d in r.duties],
            explanation=r.describe(),
        )


@strawberry.type(name="DatasetDecision", description="The decision for one dataset, with every rule that took part.")
class DatasetDecisionType:
    id: strawberry.ID = strawberry.field(description="The dataset's IRI.")
    outcome: OutcomeType
    reason: str
    granted_by: str | None = strawberry.field(description="The permission the decision rests on.")
    conflict: str | None = strawberry.field(description="The conflict strategy that settled it, if one did.")
    explanation: str
    rules: list[RuleExplanationType]
    duties: list[DutyType]

    @classmethod
    def of(cls, d: DatasetDecision) -> DatasetDecisionType:
        return cls(
            id=strawberry.ID(d.dataset),
            outcome=OutcomeType(d.outcome.value),
            reason=d.reason,
            granted_by=d.granted_by,
            conflict=d.conflict,
            explanation=d.describe(),
            rules=[RuleExplanationType.of(r) for r in d.rules],
            duties=[DutyType.of(x) for x in d.duties],
        )


@strawberry.type(
    name="Decision",
    description="The answer to an AccessRequest: PERMIT only when each dataset is permitted, with the duties to "
    "fulfil; per dataset, every rule that took part and why.",
)
class DecisionResult:
    outcome: OutcomeType
    datasets: list[DatasetDecisionType]
    duties: list[DutyType] = strawberry.field(description="What the requester must do when permitted.")
    explanation: str = strawberry.field(description="The whole decision as text, rule by rule.")

    @classmethod
    def of(cls, d: Decision) -> DecisionResult:
        return cls(
            outcome=OutcomeType(d.outcome.value),
            datasets=[DatasetDecisionType.of(x) for x in d.datasets],
            duties=[DutyType.of(x) for x in d.duties],
            explanation=d.describe(),
        )


# -- compiled policies, readable --------------------------------------------------------------------------------


def describe_constraint(c: AnyConstraint) -> str:
    if isinstance(c, LogicalConstraint):
        return f"{_short(c.operator)}[{'; '.join(describe_constraint(p) for p in c.parts)}]"
    right = show(c.right[0]) if len(c.right) == 1 else show(c.right)
    if c.reference and not c.right:
        right = f"the value of {_short(c.reference)}"
    unit = f" {_short(c.unit)}" if c.unit else ""
    return f"{_short(c.left)} {_short(c.operator)} {_short(right)}{unit}"


def _scopes(scopes: tuple[Scope, ...], anything: str) -> str:
    if not scopes:
        return anything
    parts = []
    for s in scopes:
        named = ", ".join(sorted(s.iris)) or "anything"
        refined = f" where {'; '.join(describe_constraint(r) for r in s.refinements)}" if s.refinements else ""
        parts.append(named + refined)
    return " or ".join(parts)


def _describe_duty(d: Duty) -> str:
    parties = "".join(f", {_short(f)} {p}" for f, p in d.parties)
    when = f" when {' and '.join(describe_constraint(c) for c in d.constraints)}" if d.constraints else ""
    terms = f" with {'; '.join(d.terms)}" if d.terms else ""
    return f"{_short(d.action)}{parties}{terms}{when}"


@strawberry.type(description="A rule of a policy, in readable form and by parts.")
class PolicyRule:
    id: str
    kind: str
    action: strawberry.ID
    targets: list[strawberry.ID]
    assignees: list[strawberry.ID]
    refinements: list[str]
    constraints: list[str] = strawberry.field(description="Each constraint as `leftOperand operator right`.")
    duties: list[str]
    text: str = strawberry.field(description="The whole rule in one sentence.")

    @classmethod
    def of(cls, r: Rule) -> PolicyRule:
        constraints = [describe_constraint(c) for c in r.constraints]
        refinements = [describe_constraint(c) for c in r.refinements]
        duties = [_describe_duty(d) for d in r.duties]
        verb = {"permission": "permits", "prohibition": "prohibits", "obligation": "obliges"}.get(r.kind, r.kind)
        text = f"{verb} {_scopes(r.assignees, 'any party')} to {_short(r.action)}"
        if refinements:
            text += f" ({'; '.join(refinements)})"
        text += f" on {_scopes(r.targets, 'any asset')}"
        if constraints:
            text += f" when {' and '.join(constraints)}"
        if duties:
            text += f"; {r.duty_kind}: {'; '.join(duties)}"
        return cls(
            id=r.id,
            kind=r.kind,
            action=strawberry.ID(r.action),
            targets=[strawberry.ID(i) for s in r.targets for i in sorted(s.iris)],
            assignees=[strawberry.ID(i) for s in r.assignees for i in sorted(s.iris)],
            refinements=refinements,
            constraints=constraints,
            duties=duties,
            text=text,
        )


@strawberry.type(name="Policy", description="An ODRL 2.2 policy as this node compiled it.")
class PolicyType:
    id: strawberry.ID
    kind: str = strawberry.field(description="Set, Offer or Agreement.")
    title: str | None
    conflict: str = strawberry.field(description="The conflict strategy: perm, prohibit or invalid.")
    node_wide: bool = strawberry.field(description="Applies to every request (the EHDS limits).")
    assigners: list[strawberry.ID]
    assignees: list[strawberry.ID]
    targets: list[strawberry.ID]
    profiles: list[strawberry.ID]
    rules: list[PolicyRule]
    text: str = strawberry.field(description="Every rule, one per line.")

    @classmethod
    def of(cls, p: CompiledPolicy) -> PolicyType:
        rules = [PolicyRule.of(r) for r in p.rules]
        return cls(
            id=strawberry.ID(p.iri),
            kind=p.kind.value,
            title=p.title,
            conflict=p.conflict.value,
            node_wide=p.node_wide,
            assigners=[strawberry.ID(i) for i in sorted(p.assigners)],
            assignees=[strawberry.ID(i) for i in sorted(p.assignees)],
            targets=[strawberry.ID(i) for i in sorted(p.targets)],
            profiles=[strawberry.ID(i) for i in sorted(p.profiles)],
            rules=rules,
            text="\n".join(f"{r.kind} {r.id}: {r.text}" for r in rules),
        )


_PREFIXES = (
    ("odrl:", "http://www.w3.org/ns/odrl/2/"),
    ("hds:", "https://w3id.org/hdsgraph/ontology#"),
    ("dpv:", "https://w3id.org/dpv#"),
)


def _short(text: str) -> str:
    for prefix, base in _PREFIXES:
        text = text.replace(base, prefix)
    return text
