"""Deciding a request against compiled policies, and explaining the decision rule by rule.

Per dataset (this project's reading of ODRL 2.2, STANDARDS.md):

1. A rule takes part when its target is the dataset (or a collection the dataset is part of). Rules of node-wide
   policies have no target and take part for every dataset.
2. A rule *applies* when its party (the assignee; the requester stands in the assignee's place of an Offer; no
   assignee means any party), its action (the requested action is the rule's action or included in it) with its
   refinements, and all its constraints match.
3. A permission *holds* when it applies and no duty blocks it. The duties of an Offer are the terms of the agreement
   the requester would get: pending ones are returned as duties to fulfil. The duties of a Set or an Agreement are
   preconditions: a pending one blocks the permission until the node's state of the world shows it performed.
4. A node-wide prohibition that applies denies, whatever any other policy says (the EHDS Art. 53(2) and 54 limits).
5. Otherwise: no rule of a dataset policy takes part → NOT_APPLICABLE; a permission holds and no prohibition
   applies → PERMIT; a prohibition applies and no permission holds → DENY; both → the conflict strategy of the
   policies involved, the strictest winning (invalid, prohibit, perm); ODRL's absent strategy is invalid, which
   voids the policy and so denies; nothing holds → DENY.
"""

from __future__ import annotations

from collections.abc import Sequence

from hdsgraph.policy.actions import action_hierarchy
from hdsgraph.policy.context import Context
from hdsgraph.policy.decision import (
    ConstraintResult,
    DatasetDecision,
    Decision,
    DutyState,
    DutyStatus,
    Outcome,
    RuleExplanation,
)
from hdsgraph.policy.errors import UnknownTermError
from hdsgraph.policy.hierarchy import Hierarchy
from hdsgraph.policy.model import STRICTNESS, CompiledPolicy, Conflict, PolicyKind, Rule, all_hold
from hdsgraph.policy.request import Facts, Request
from hdsgraph.policy.values import MISSING

__all__ = ["evaluate"]

# Named tuples built without their Python-level constructors, and enum members read once: decisions run hot.
_new_tuple = tuple.__new__
_PERMIT = Outcome.PERMIT
_DENY = Outcome.DENY


def evaluate(policies: Sequence[CompiledPolicy], request: Request, facts: Facts, hierarchy: Hierarchy) -> Decision:
    """Decide ``request`` for each of its datasets against ``policies`` (the datasets' and the node-wide ones)."""
    actions = action_hierarchy()
    action = request.action
    if action not in actions.known and not any(action in p.actions for p in policies):
        raise UnknownTermError("action", action, sorted(actions.known - actions.deprecated))
    ctx = Context(request, facts, hierarchy)
    broader = actions.broader(action)
    # A rule without a target (a node-wide one) explains the same for every dataset: explained once per request, and
    # when no rule of its policy has a target, once for every request that gives the policy the same inputs.
    untargeted: dict[int, RuleExplanation] = {}
    for policy in policies:
        if policy.targetless:
            for rule, explanation in zip(policy.rules, _REMEMBERED.explain(policy, ctx, broader), strict=True):
                untargeted[id(rule)] = explanation
    targets = request.targets
    if len(targets) == 1:
        # For one dataset an index costs more than it saves: every rule is tested directly.
        every = [(False, policy, rule) for policy in policies for rule in policy.rules]
        datasets: tuple[DatasetDecision, ...] = (_decide(targets[0], every, ctx, broader, untargeted),)
    else:
        index = _Index(policies)
        datasets = tuple(_decide(d, index.candidates(d, ctx), ctx, broader, untargeted) for d in targets)
    outcomes = {d.outcome for d in datasets}
    if len(outcomes) == 1 and _PERMIT in outcomes:
        overall = _PERMIT
    elif _DENY in outcomes:
        overall = _DENY
    else:
        overall = Outcome.NOT_APPLICABLE
    if overall is not _PERMIT or not any(d.duties for d in datasets):
        return _new_tuple(Decision, (overall, datasets, ()))
    duties: dict[tuple[str, str], DutyState] = {}
    for d in datasets:
        for duty in d.duties:
            duties.setdefault((duty.duty, duty.rule), duty)
    return Decision(overall, datasets, tuple(duties.values()))


class _Index:
    """Rules by the IRIs they target, so that a request over many datasets does not test every rule for each.

    A rule whose targets are plain IRIs (or collections without refinements) is found through the dataset and its
    containers; any other rule (no target, a refined collection) is tested for every dataset.
    """

    __slots__ = ("by_iri", "general", "rules")

    def __init__(self, policies: Sequence[CompiledPolicy]) -> None:
        self.rules: list[tuple[CompiledPolicy, Rule]] = []
        self.by_iri: dict[str, list[int]] = {}
        self.general: list[int] = []
        for policy in policies:
            for rule in policy.rules:
                position = len(self.rules)
                self.rules.append((policy, rule))
                if rule.targets and all(s.iris and not s.refinements and not s.anything for s in rule.targets):
                    for scope in rule.targets:
                        for iri in scope.iris:
                            self.by_iri.setdefault(iri, []).append(position)
                else:
                    self.general.append(position)

    def candidates(self, dataset: str, ctx: Context) -> list[tuple[bool, CompiledPolicy, Rule]]:
        """(target already matched, policy, rule) in policy order."""
        if not self.by_iri:
            return [(False, policy, rule) for policy, rule in self.rules]
        matched: set[int] = set()
        for iri in ctx.containers(dataset):
            found = self.by_iri.get(iri)
            if found:
                matched.update(found)
        positions = sorted(matched.union(self.general)) if self.general else sorted(matched)
        return [(p in matched, *self.rules[p]) for p in positions]


class _Remembered:
    """Explanations of the rules of targetless policies, kept across requests, by everything they read.

    Such a policy (the node-wide EHDS Set) is explained for every request, and most requests give it the same few
    inputs (a purpose, the requester's organisation types …): the explanations worked out the first time are the ones
    returned after, the same objects, complete. The key holds the policy and the hierarchy by identity (an entry
    keeps both alive, so an identity is not reused while its entries last; hierarchies do not change), the action,
    and each operand the rules read. Only values that are their own exact description make keys: strings, booleans,
    sets of strings, and no value; a policy reading anything else (an instant, a number) is explained afresh.
    """

    __slots__ = ("entries", "limit")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.entries: dict[tuple[object, ...], tuple[CompiledPolicy, Hierarchy, tuple[RuleExplanation, ...]]] = {}

    def explain(self, policy: CompiledPolicy, ctx: Context, broader: frozenset[str]) -> tuple[RuleExplanation, ...]:
        key = _inputs(policy, ctx) if self.limit else None
        if key is None:
            return _explain_all(policy, ctx, broader)
        found = self.entries.get(key)
        if found is not None and found[0] is policy and found[1] is ctx.hierarchy:
            return found[2]
        explained = _explain_all(policy, ctx, broader)
        if len(self.entries) >= self.limit:
            # Inputs come from requests: a bound keeps what a stream of made-up purposes can cost.
            self.entries.clear()
        self.entries[key] = (policy, ctx.hierarchy, explained)
        return explained


def _explain_all(policy: CompiledPolicy, ctx: Context, broader: frozenset[str]) -> tuple[RuleExplanation, ...]:
    return tuple(_explain(policy, rule, ctx, broader) for rule in policy.rules)


def _inputs(policy: CompiledPolicy, ctx: Context) -> tuple[object, ...] | None:
    values = ctx.values
    read = tuple([values.get(operand, MISSING) for operand in policy.operands])
    requester = ctx.request.requester if policy.reads_requester else None
    performed = ctx.facts.performed if policy.reads_performed else None
    if not (_exact(read) and _exact((requester, performed))):
        return None
    return (id(policy), id(ctx.hierarchy), ctx.request.action, requester, performed, read)


def _exact(values: tuple[object, ...]) -> bool:
    """Whether each value is a string, a boolean, a set of strings or no value: types for which equal values are
    alike, so that equal keys explain alike (whereas 1 == 1.0 == True, and equal instants in two time zones show
    differently)."""
    for value in values:
        kind = type(value)
        if kind is str or kind is bool or value is MISSING or value is None:
            continue
        if kind is not frozenset:
            return False
        for item in value:  # type: ignore[attr-defined]
            if type(item) is not str:
                return False
    return True


_REMEMBERED = _Remembered(limit=4096)


def _decide(
    dataset: str,
    candidates: list[tuple[bool, CompiledPolicy, Rule]],
    ctx: Context,
    broader: frozenset[str],
    untargeted: dict[int, RuleExplanation],
) -> DatasetDecision:
    explained: list[RuleExplanation] = []
    governed = False
    final: RuleExplanation | None = None  # a node-wide prohibition that applies
    holding: list[tuple[CompiledPolicy, RuleExplanation]] = []
    prohibiting: list[tuple[CompiledPolicy, RuleExplanation]] = []
    obligations: list[DutyState] = []
    for matched, policy, rule in candidates:
        if not rule.targets:
            explanation = untargeted.get(id(rule))
            if explanation is None:
                explanation = untargeted[id(rule)] = _explain(policy, rule, ctx, broader)
        elif matched or rule.target_matches(dataset, ctx):
            explanation = _explain(policy, rule, ctx, broader)
        else:
            continue
        governed = governed or not policy.node_wide
        explained.append(explanation)
        if not explanation.applies:
            continue
        if rule.kind == "prohibition":
            if policy.node_wide and final is None:
                final = explanation
            prohibiting.append((policy, explanation))
        elif rule.kind == "permission":
            if explanation.holds:
                holding.append((policy, explanation))
        else:
            obligations += [d for d in explanation.duties if d.status is DutyStatus.PENDING]
    rules = tuple(explained)
    if final is not None:
        return DatasetDecision(
            dataset, Outcome.DENY, f"prohibited by {final.rule} of the node-wide policy {final.policy}", rules, ()
        )
    if not governed and not holding:
        return DatasetDecision(dataset, Outcome.NOT_APPLICABLE, "no policy given governs this dataset", rules, ())
    if not holding:
        if prohibiting:
            return DatasetDecision(dataset, Outcome.DENY, f"prohibited by {prohibiting[0][1].rule}", rules, ())
        return DatasetDecision(dataset, Outcome.DENY, _why_not(rules), rules, ())
    # The permission with the fewest duties pending grants; ties go to the first in policy order.
    granting = holding[0][1]
    if len(holding) > 1:
        granting = min(holding, key=lambda pair: sum(1 for d in pair[1].duties if d.status is DutyStatus.PENDING))[1]
    duties = tuple(d for d in granting.duties if d.status is DutyStatus.PENDING) if granting.duties else ()
    if obligations:
        duties += tuple(obligations)
    if not prohibiting:
        return _new_tuple(
            DatasetDecision, (dataset, _PERMIT, f"permitted by {granting.rule}", rules, duties, granting.rule, None)
        )
    involved = [p for p, _ in holding] + [p for p, _ in prohibiting]
    strategy = max((p.conflict for p in involved), key=STRICTNESS.__getitem__)
    conflict = f"{granting.rule} and {prohibiting[0][1].rule} both apply"
    if strategy is Conflict.PERM:
        return DatasetDecision(
            dataset,
            Outcome.PERMIT,
            f"{conflict}; the conflict strategy perm lets the permission win",
            rules,
            duties,
            granting.rule,
            strategy.value,
        )
    if strategy is Conflict.PROHIBIT:
        return DatasetDecision(
            dataset,
            Outcome.DENY,
            f"{conflict}; the conflict strategy prohibit lets the prohibition win",
            rules,
            (),
            None,
            strategy.value,
        )
    return DatasetDecision(
        dataset,
        Outcome.DENY,
        f"{conflict}; under the conflict strategy invalid (ODRL's default when none is given) the policy is void",
        rules,
        (),
        None,
        strategy.value,
    )


def _explain(policy: CompiledPolicy, rule: Rule, ctx: Context, broader: frozenset[str]) -> RuleExplanation:
    if rule.assignees:
        party_matched, party_note, party_results = _party(rule, ctx)
    else:
        party_matched, party_note, party_results = True, "no assignee: any party", ()
    # An obligation binds the assignee whatever it asks to do: its action is what to perform, not what is requested.
    action_matched = rule.kind == "obligation" or rule.action in broader
    refined, refinements = all_hold(rule.refinements, ctx) if rule.refinements else (True, ())
    constrained, constraints = all_hold(rule.constraints, ctx) if rule.constraints else (True, ())
    applies = party_matched and action_matched and refined and constrained
    duties = tuple(d.state(ctx, rule.id, rule.duty_kind) for d in rule.duties) if rule.duties else ()
    holds = applies
    if applies and duties and rule.kind == "permission" and policy.kind is not PolicyKind.OFFER:
        holds = all(d.status is not DutyStatus.PENDING for d in duties)
    return _new_tuple(
        RuleExplanation,
        (
            policy.iri,
            rule.id,
            rule.kind,
            True,
            party_matched,
            action_matched,
            refinements + party_results if party_results else refinements,
            constraints,
            duties,
            applies,
            holds,
            policy.node_wide,
            party_note,
        ),
    )


def _party(rule: Rule, ctx: Context) -> tuple[bool, str, tuple[ConstraintResult, ...]]:
    requester = ctx.request.requester
    for scope in rule.assignees:
        matched, results = scope.matches(requester, ctx)
        if matched:
            note = "the requester is in the collection" if results else "the requester is the assignee"
            return True, note, results
    return False, f"the requester {requester} is not an assignee", ()


def _why_not(rules: tuple[RuleExplanation, ...]) -> str:
    permissions = [r for r in rules if r.kind == "permission"]
    if not permissions:
        return "no permission covers this dataset"
    failed = []
    for r in permissions:
        if not r.party_matched:
            failed.append(f"{r.rule}: party not matched")
        elif not r.action_matched:
            failed.append(f"{r.rule}: action not covered")
        elif not r.applies:
            failed.append(
                f"{r.rule}: " + ", ".join(c.describe() for c in (*r.refinements, *r.constraints) if not c.satisfied)
            )
        else:
            failed.append(f"{r.rule}: a duty that must be fulfilled first is pending")
    return "no permission holds (" + "; ".join(failed) + ")"
