"""Compiled policies: plain Python objects with precompiled tests, so that a decision parses nothing.

Built by :func:`hdsgraph.policy.compiler.compile_policy`; read by :func:`hdsgraph.policy.evaluator.evaluate`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from hdsgraph.policy.context import Context
from hdsgraph.policy.decision import ConstraintResult, DutyState, DutyStatus
from hdsgraph.policy.operators import Test, build
from hdsgraph.policy.values import MISSING, Kind, kind_of_python, show

__all__ = [
    "CompiledPolicy",
    "Conflict",
    "Constraint",
    "Duty",
    "LogicalConstraint",
    "PolicyKind",
    "Rule",
    "Scope",
]


class PolicyKind(StrEnum):
    SET = "Set"
    OFFER = "Offer"
    AGREEMENT = "Agreement"


class Conflict(StrEnum):
    """How a policy settles a permission and a prohibition that both apply; ODRL's default (absent) is INVALID."""

    PERM = "perm"
    PROHIBIT = "prohibit"
    INVALID = "invalid"


_new_tuple = tuple.__new__

# When policies with different strategies meet, the stricter one settles: invalid, then prohibit, then perm.
STRICTNESS = {Conflict.PERM: 0, Conflict.PROHIBIT: 1, Conflict.INVALID: 2}


class Constraint:
    """``leftOperand operator rightOperand``, with its test compiled for one value and for several."""

    __slots__ = ("_multi", "_single", "id", "kind", "left", "operator", "reference", "right", "unit")

    def __init__(
        self,
        id: str,
        left: str,
        operator: str,
        right: tuple[object, ...],
        kind: Kind | None,
        *,
        unit: str | None = None,
        reference: str | None = None,
    ) -> None:
        self.id = id
        self.left = left
        self.operator = operator
        self.right = right
        self.kind = kind
        self.unit = unit
        # A right operand by reference that the policy graph did not resolve is read from the context at decision.
        self.reference = reference
        self._single: Test | None = None
        self._multi: Test | None = None
        if kind is not None:
            self._single, self._multi = build(operator, right, kind)

    def evaluate(self, ctx: Context) -> ConstraintResult:
        value = ctx.values.get(self.left, MISSING)
        right = self.right
        single, multi = self._single, self._multi
        if single is None or multi is None:
            supplied = ctx.values.get(self.reference, MISSING) if self.reference else MISSING
            if supplied is MISSING:
                return self._result(value, right, False, f"right operand reference {self.reference} has no value")
            right = tuple(supplied) if isinstance(supplied, frozenset) else (supplied,)
            first = next(iter(right))
            single, multi = build(self.operator, right, kind_of_python(first))
        if value is MISSING:
            return self._result(value, right, False, "no value for the left operand")
        try:
            satisfied = multi(value, ctx) if isinstance(value, frozenset) else single(value, ctx)
        except TypeError:
            return self._result(value, right, False, "the left value cannot be compared with the right operand")
        # The named tuple's own constructor is a Python function; this runs for every constraint of every decision.
        return _new_tuple(
            ConstraintResult, (self.id, self.left, self.operator, right, value, satisfied, "", self.unit, ())
        )

    def _result(self, value: object, right: tuple[object, ...], satisfied: bool, note: str) -> ConstraintResult:
        return ConstraintResult(self.id, self.left, self.operator, right, value, satisfied, note, self.unit)

    def __repr__(self) -> str:
        right = show(self.right[0]) if len(self.right) == 1 else show(self.right)
        return f"Constraint({self.left} {self.operator} {right})"


class LogicalConstraint:
    """``odrl:and``, ``odrl:or``, ``odrl:xone`` or ``odrl:andSequence`` over other constraints."""

    __slots__ = ("id", "operator", "parts")

    def __init__(self, id: str, operator: str, parts: tuple[Constraint | LogicalConstraint, ...]) -> None:
        self.id = id
        self.operator = operator
        self.parts = parts

    def evaluate(self, ctx: Context) -> ConstraintResult:
        name = self.operator.rsplit("/", 1)[-1]
        results: list[ConstraintResult] = []
        for part in self.parts:
            result = part.evaluate(ctx)
            results.append(result)
            if name == "andSequence" and not result.satisfied:
                # In a sequence, what follows a failed constraint is not reached.
                for rest in self.parts[len(results) :]:
                    results.append(ConstraintResult(rest.id, "", "", (), MISSING, False, "not reached"))
                break
        count = sum(1 for r in results if r.satisfied)
        if name == "or":
            satisfied = count >= 1
        elif name == "xone":
            satisfied = count == 1
        else:
            satisfied = count == len(self.parts)
        note = f"{count} of {len(self.parts)} satisfied"
        return ConstraintResult(self.id, "", self.operator, (), MISSING, satisfied, note, None, tuple(results))


AnyConstraint = Constraint | LogicalConstraint


def all_hold(constraints: tuple[AnyConstraint, ...], ctx: Context) -> tuple[bool, tuple[ConstraintResult, ...]]:
    """Every constraint evaluated (an explanation shows each), and whether all hold: ODRL's conjunction."""
    results = []
    holds = True
    for constraint in constraints:
        result = constraint.evaluate(ctx)
        results.append(result)
        holds = holds and result.satisfied
    return holds, tuple(results)


@dataclass(frozen=True, slots=True)
class Scope:
    """Who or what a rule is about: named IRIs (single ones or collections), or anything, with refinements.

    A collection matches a member when the hierarchy places the member in it (``part_of``) or the policy graph
    lists it; a collection with refinements but no source stands for everything the refinements admit.
    """

    iris: frozenset[str]
    anything: bool = False
    refinements: tuple[AnyConstraint, ...] = ()

    def matches(self, iri: str, ctx: Context) -> tuple[bool, tuple[ConstraintResult, ...]]:
        if not (self.anything or iri in self.iris or not self.iris.isdisjoint(ctx.containers(iri))):
            return False, ()
        if not self.refinements:
            return True, ()
        return all_hold(self.refinements, ctx)


@dataclass(frozen=True, slots=True)
class Duty:
    """A duty: an action to perform, possibly refined, active only when its constraints hold."""

    id: str
    action: str
    named: bool  # whether ``id`` is the duty's own IRI (a state of the world can name it)
    constraints: tuple[AnyConstraint, ...] = ()
    terms: tuple[str, ...] = ()
    parties: tuple[tuple[str, str], ...] = ()
    consequences: tuple[Duty, ...] = ()

    def state(self, ctx: Context, rule: str, kind: str) -> DutyState:
        active, results = all_hold(self.constraints, ctx) if self.constraints else (True, ())
        performed = ctx.facts.performed
        if not active:
            status = DutyStatus.INACTIVE
        elif (self.named and self.id in performed) or self.action in performed:
            status = DutyStatus.FULFILLED
        else:
            status = DutyStatus.PENDING
        consequences = tuple(c.state(ctx, rule, "consequence") for c in self.consequences)
        return DutyState(self.id, self.action, status, rule, results, self.terms, self.parties, consequences, kind)


@dataclass(frozen=True, slots=True)
class Rule:
    """A permission, prohibition or policy obligation, with the policy's shared properties already folded in."""

    id: str
    kind: str  # "permission", "prohibition", "obligation"
    action: str
    refinements: tuple[AnyConstraint, ...] = ()
    targets: tuple[Scope, ...] = ()  # none: any asset
    assignees: tuple[Scope, ...] = ()  # none: any party
    assigners: frozenset[str] = frozenset()
    constraints: tuple[AnyConstraint, ...] = ()
    duties: tuple[Duty, ...] = ()  # a permission's duties, a prohibition's remedies, an obligation's own duty
    duty_kind: str = "duty"  # how its duties are named in an explanation: "duty", "remedy", "obligation"
    # Every left operand (and right operand by reference) the rule's explanation reads: with the action, the
    # requester (when it has assignees) and the duties performed (when it has duties), all an explanation depends on.
    operands: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        scopes = (s.refinements for s in self.assignees)
        duties = (c for d in self.duties for c in _duty_constraints(d))
        found = _operands((*self.refinements, *self.constraints, *(c for r in scopes for c in r), *duties))
        object.__setattr__(self, "operands", tuple(dict.fromkeys(found)))

    def target_matches(self, dataset: str, ctx: Context) -> bool:
        if not self.targets:
            return True
        for scope in self.targets:
            # The common case, a rule naming the dataset itself, needs no hierarchy and no refinement.
            if (dataset in scope.iris and not scope.refinements) or scope.matches(dataset, ctx)[0]:
                return True
        return False


def _operands(constraints: Iterable[AnyConstraint]) -> Iterator[str]:
    for c in constraints:
        if isinstance(c, LogicalConstraint):
            yield from _operands(c.parts)
        else:
            yield c.left
            if c.reference is not None:
                yield c.reference


def _duty_constraints(duty: Duty) -> Iterator[AnyConstraint]:
    yield from duty.constraints
    for consequence in duty.consequences:
        yield from _duty_constraints(consequence)


@dataclass(frozen=True, slots=True)
class CompiledPolicy:
    """One ODRL policy, compiled. ``node_wide`` policies apply to every request and their prohibitions are final."""

    iri: str
    kind: PolicyKind
    conflict: Conflict
    rules: tuple[Rule, ...]
    targets: frozenset[str]  # every asset IRI the policy names: for indexing policies by dataset
    assigners: frozenset[str] = frozenset()
    assignees: frozenset[str] = frozenset()
    profiles: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()
    node_wide: bool = False
    title: str | None = None
    # No rule names a target (the node-wide Set, or a template linked with odrl:hasPolicy): the policy explains the
    # same for every dataset, from the operands its rules read.
    # The requester (when a rule has assignees) and the duties performed (when a rule has duties) are read too.
    targetless: bool = field(init=False, repr=False, compare=False)
    operands: tuple[str, ...] = field(init=False, repr=False, compare=False)
    reads_requester: bool = field(init=False, repr=False, compare=False)
    reads_performed: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        rules = self.rules
        object.__setattr__(self, "targetless", not any(r.targets for r in rules))
        object.__setattr__(self, "operands", tuple(dict.fromkeys(o for r in rules for o in r.operands)))
        object.__setattr__(self, "reads_requester", any(r.assignees for r in rules))
        object.__setattr__(self, "reads_performed", any(r.duties for r in rules))

    @property
    def permissions(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind == "permission")

    @property
    def prohibitions(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind == "prohibition")

    @property
    def obligations(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind == "obligation")
