"""ODRL 2.2 policies read from an RDF graph and compiled into :mod:`hdsgraph.policy.model` objects.

Compiling happens when a policy is published; everything a decision needs is settled here, and everything that would
make a decision meaningless is refused here with a :class:`PolicyError` naming the offending part: an unknown
profile, a missing assigner, an operator that cannot compare the values it is given, an action ODRL does not define.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Set

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import BNode, Literal, Node, URIRef

from hdsgraph.policy.actions import action_hierarchy
from hdsgraph.policy.errors import PolicyError
from hdsgraph.policy.model import (
    AnyConstraint,
    CompiledPolicy,
    Conflict,
    Constraint,
    Duty,
    LogicalConstraint,
    PolicyKind,
    Rule,
    Scope,
)
from hdsgraph.policy.operators import check_kinds
from hdsgraph.policy.profile import HDS, LEFT_OPERANDS, ODRL, PROFILE
from hdsgraph.policy.values import Kind, literal_value, show

__all__ = ["compile_policy"]


def _o(name: str) -> URIRef:
    return URIRef(ODRL + name)


_KINDS = {
    ODRL + "Set": PolicyKind.SET,
    ODRL + "Policy": PolicyKind.SET,
    ODRL + "Offer": PolicyKind.OFFER,
    ODRL + "Agreement": PolicyKind.AGREEMENT,
    # A Privacy policy is an Agreement about personal data (ODRL 2.2 Common Vocabulary).
    ODRL + "Privacy": PolicyKind.AGREEMENT,
}
_REFUSED_KINDS = {ODRL + name for name in ("Request", "Ticket", "Assertion")}
_CONFLICTS = {ODRL + c.value: c for c in Conflict}
_LOGICAL = tuple(_o(name) for name in ("and", "or", "xone", "andSequence"))
_DUTY_KINDS = {"permission": "duty", "prohibition": "remedy", "obligation": "obligation"}
_RULES = (("permission", _o("permission")), ("prohibition", _o("prohibition")), ("obligation", _o("obligation")))
# Party functions of a duty: who performs it, and who is attributed, informed, compensated … by it.
_PARTY_FUNCTIONS = {ODRL + "assignee", ODRL + "assigner"}


def compile_policy(
    graph: rdflib.Graph, policy_iri: str, *, profiles_known: Set[str], node_wide: bool = False
) -> CompiledPolicy:
    """Compile the policy ``policy_iri`` of ``graph``; raise :class:`PolicyError` when it cannot be enforced.

    ``profiles_known`` lists the ODRL profiles this node implements besides its own (:data:`PROFILE`); a policy
    naming any other profile is refused, as ODRL requires. ``node_wide`` marks a policy that applies to every request
    and whose prohibitions no other policy's conflict strategy can overturn (the EHDS prohibitions).
    """
    return _Compiler(graph, frozenset(profiles_known) | {PROFILE}).policy(URIRef(policy_iri), node_wide, ())


class _Compiler:
    def __init__(self, graph: rdflib.Graph, profiles: frozenset[str]) -> None:
        self.graph = graph
        self.profiles = profiles
        self.actions = action_hierarchy()

    # -- policy ------------------------------------------------------------------------------------------------

    def policy(self, iri: URIRef, node_wide: bool, chain: tuple[str, ...]) -> CompiledPolicy:
        g = self.graph
        name = str(iri)
        if (iri, None, None) not in g:
            raise PolicyError(f"policy {name} is not in the graph given", policy=name)
        kind = self._kind(iri)
        profiles = frozenset(str(p) for p in g.objects(iri, _o("profile")))
        unknown = sorted(profiles - self.profiles)
        if unknown:
            raise PolicyError(
                f"policy {name} uses the ODRL profile {', '.join(unknown)}, which this node does not implement; "
                f"known profiles: {', '.join(sorted(self.profiles))}",
                policy=name,
                profiles=unknown,
            )
        conflict = self._conflict(iri)
        self.policy_iri = name
        self.has_profile = bool(profiles)
        shared_targets = self._scopes(g.objects(iri, _o("target")), "AssetCollection")
        assigners = frozenset(str(p) for p in g.objects(iri, _o("assigner")))
        assignees_nodes = list(g.objects(iri, _o("assignee")))
        shared_assignees = self._scopes(assignees_nodes, "PartyCollection")
        shared_actions = list(g.objects(iri, _o("action")))

        rules: list[Rule] = []
        for kind_name, predicate in _RULES:
            nodes = sorted(g.objects(iri, predicate), key=self._signature)
            for index, node in enumerate(nodes, start=1):
                rule_id = str(node) if isinstance(node, URIRef) else f"{name}#{kind_name}-{index}"
                rules += self._rule(
                    node, rule_id, kind_name, shared_targets, shared_assignees, assigners, shared_actions
                )
        for parent in g.objects(iri, _o("inheritFrom")):
            if str(parent) in chain or parent == iri:
                raise PolicyError(f"policy {name} inherits from itself through {parent}", policy=name)
            inherited = self.policy(URIRef(str(parent)), node_wide, (*chain, name))
            rules += inherited.rules
            self.policy_iri, self.has_profile = name, bool(profiles)
        if not rules:
            raise PolicyError(f"policy {name} has no permission, prohibition or obligation", policy=name)
        self._check_parties(name, kind, rules)
        return CompiledPolicy(
            iri=name,
            kind=kind,
            conflict=conflict,
            rules=tuple(rules),
            targets=frozenset(i for r in rules for s in r.targets for i in s.iris),
            assigners=frozenset(a for r in rules for a in r.assigners),
            assignees=frozenset(i for r in rules for s in r.assignees for i in s.iris),
            profiles=profiles,
            actions=frozenset(r.action for r in rules),
            node_wide=node_wide,
            title=self._title(iri),
        )

    def _kind(self, iri: URIRef) -> PolicyKind:
        types = {str(t) for t in self.graph.objects(iri, RDF.type)}
        refused = sorted(types & _REFUSED_KINDS)
        if refused:
            raise PolicyError(
                f"policy {iri} is an {', '.join(refused)}, which grants nothing to evaluate; publish an odrl:Set, "
                "odrl:Offer or odrl:Agreement",
                policy=str(iri),
            )
        kinds = {_KINDS[t] for t in types if t in _KINDS}
        for kind in (PolicyKind.AGREEMENT, PolicyKind.OFFER):
            if kind in kinds:
                return kind
        return PolicyKind.SET  # ODRL: a policy without a subclass is a Set

    def _conflict(self, iri: URIRef) -> Conflict:
        values = [str(v) for v in self.graph.objects(iri, _o("conflict"))]
        if not values:
            return Conflict.INVALID  # ODRL 2.2: absent means invalid
        if len(values) > 1 or values[0] not in _CONFLICTS:
            raise PolicyError(
                f"policy {iri} has odrl:conflict {', '.join(values)}; give one of odrl:perm, odrl:prohibit, "
                "odrl:invalid",
                policy=str(iri),
            )
        return _CONFLICTS[values[0]]

    def _check_parties(self, name: str, kind: PolicyKind, rules: list[Rule]) -> None:
        if kind is PolicyKind.SET:
            return
        if any(not r.assigners for r in rules):
            raise PolicyError(f"policy {name} is an odrl:{kind} and needs an odrl:assigner", policy=name)
        if kind is PolicyKind.AGREEMENT and any(not r.assignees for r in rules):
            raise PolicyError(f"policy {name} is an odrl:Agreement and needs an odrl:assignee", policy=name)

    def _title(self, iri: URIRef) -> str | None:
        titles = sorted(self.graph.objects(iri, DCTERMS.title), key=lambda t: (getattr(t, "language", "") != "en", t))
        return str(titles[0]) if titles else None

    # -- rules -------------------------------------------------------------------------------------------------

    def _rule(
        self,
        node: Node,
        rule_id: str,
        kind: str,
        shared_targets: tuple[Scope, ...],
        shared_assignees: tuple[Scope, ...],
        shared_assigners: frozenset[str],
        shared_actions: list[Node],
    ) -> list[Rule]:
        g = self.graph
        targets = self._scopes(g.objects(node, _o("target")), "AssetCollection") or shared_targets
        assignees = self._scopes(g.objects(node, _o("assignee")), "PartyCollection") or shared_assignees
        assigners = frozenset(str(p) for p in g.objects(node, _o("assigner"))) or shared_assigners
        action_nodes = list(g.objects(node, _o("action"))) or shared_actions
        if not action_nodes:
            raise PolicyError(
                f"{kind} {rule_id} of policy {self.policy_iri} has no odrl:action", policy=self.policy_iri, rule=rule_id
            )
        constraints = self._constraints(node, _o("constraint"), rule_id)
        if kind == "permission":
            duties = self._duties(g.objects(node, _o("duty")), rule_id)
        elif kind == "prohibition":
            duties = self._duties(g.objects(node, _o("remedy")), rule_id)
        else:
            # An obligation is a duty of its own: the node is both the rule and the duty to perform.
            duties = (self._duty(node, rule_id, with_constraints=False),)
        rules = []
        for index, action_node in enumerate(sorted(action_nodes, key=self._signature), start=1):
            action, refinements = self._action(action_node, rule_id)
            # A deprecated action is read as the one it exactly matches, so the hierarchy test is one membership test.
            action = self.actions.canonical(action)
            rules.append(
                Rule(
                    id=rule_id if len(action_nodes) == 1 else f"{rule_id}/action-{index}",
                    kind=kind,
                    action=action,
                    refinements=refinements,
                    targets=targets,
                    assignees=assignees,
                    assigners=assigners,
                    constraints=constraints,
                    duties=duties,
                    duty_kind=_DUTY_KINDS[kind],
                )
            )
        return rules

    def _action(self, node: Node, rule_id: str) -> tuple[str, tuple[AnyConstraint, ...]]:
        refinements: tuple[AnyConstraint, ...] = ()
        if isinstance(node, BNode) or (node, RDF.value, None) in self.graph:
            values = list(self.graph.objects(node, RDF.value))
            if len(values) != 1 or not isinstance(values[0], URIRef):
                raise PolicyError(
                    f"an action of {rule_id} needs exactly one rdf:value naming the action",
                    policy=self.policy_iri,
                    rule=rule_id,
                )
            refinements = self._constraints(node, _o("refinement"), f"{rule_id}/action")
            node = values[0]
        if not isinstance(node, URIRef):
            raise PolicyError(f"the action of {rule_id} is not an IRI: {node}", policy=self.policy_iri, rule=rule_id)
        action = str(node)
        if action.startswith(ODRL) and not self.actions.is_known(action):
            raise PolicyError(
                f"{rule_id} names the action {action}, which ODRL 2.2 does not define"
                + _suggest(action, self.actions.known),
                policy=self.policy_iri,
                rule=rule_id,
                action=action,
            )
        if not action.startswith(ODRL) and not self.has_profile:
            raise PolicyError(
                f"{rule_id} names the action {action}, which is not an ODRL 2.2 action, and the policy declares no "
                "odrl:profile that would define it",
                policy=self.policy_iri,
                rule=rule_id,
                action=action,
            )
        return action, refinements

    def _duties(self, nodes: Iterable[Node], rule_id: str) -> tuple[Duty, ...]:
        ordered = sorted(nodes, key=self._signature)
        return tuple(self._duty(n, f"{rule_id}/duty-{i}") for i, n in enumerate(ordered, start=1))

    def _duty(self, node: Node, fallback_id: str, *, with_constraints: bool = True) -> Duty:
        g = self.graph
        duty_id = str(node) if isinstance(node, URIRef) else fallback_id
        actions = list(g.objects(node, _o("action")))
        if len(actions) != 1:
            raise PolicyError(
                f"duty {duty_id} of policy {self.policy_iri} needs exactly one odrl:action",
                policy=self.policy_iri,
                rule=duty_id,
            )
        action, refinements = self._action(actions[0], duty_id)
        parties = sorted(
            (str(p), str(o))
            for p, o in g.predicate_objects(node)
            if str(p) in _PARTY_FUNCTIONS or (str(p).startswith(ODRL) and str(p).endswith("Party"))
        )
        constraints = self._constraints(node, _o("constraint"), duty_id) if with_constraints else ()
        consequences = tuple(
            self._duty(c, f"{duty_id}/consequence-{i}")
            for i, c in enumerate(sorted(g.objects(node, _o("consequence")), key=self._signature), start=1)
        )
        terms = tuple(_describe(r) for r in refinements)
        return Duty(duty_id, action, isinstance(node, URIRef), constraints, terms, tuple(parties), consequences)

    # -- assets and parties ------------------------------------------------------------------------------------

    def _scopes(self, nodes: Iterable[Node], collection_class: str) -> tuple[Scope, ...]:
        g = self.graph
        scopes = []
        for node in sorted(nodes, key=self._signature):
            iris: set[str] = set()
            if isinstance(node, URIRef):
                iris.add(str(node))
            sources = [s for s in g.objects(node, _o("source"))]
            iris |= {str(s) for s in sources}
            # Members the policy graph itself lists (odrl:partOf), beside those the hierarchy knows.
            for container in [node, *sources]:
                iris |= {str(m) for m in g.subjects(_o("partOf"), container) if isinstance(m, URIRef)}
            refinements = self._constraints(node, _o("refinement"), f"{self.policy_iri} {collection_class}")
            if not iris and not refinements:
                raise PolicyError(
                    f"a {collection_class} of policy {self.policy_iri} names no IRI, source or refinement",
                    policy=self.policy_iri,
                )
            scopes.append(Scope(frozenset(iris), anything=not iris, refinements=refinements))
        return tuple(scopes)

    # -- constraints -------------------------------------------------------------------------------------------

    def _constraints(self, node: Node, predicate: URIRef, owner: str) -> tuple[AnyConstraint, ...]:
        members = self._members(self.graph.objects(node, predicate))
        return tuple(self._constraint(c, f"{owner}/constraint-{i}", owner) for i, c in enumerate(members, start=1))

    def _members(self, nodes: Iterable[Node]) -> list[Node]:
        """Objects, with an RDF list (as JSON-LD ``@list`` gives) opened into its items."""
        found: list[Node] = []
        # Repeated values have no order in RDF: sorted, for stable identifiers. A list keeps the author's order.
        for node in sorted(nodes, key=self._signature):
            if (node, RDF.first, None) in self.graph:
                found += list(Collection(self.graph, node))
            elif node != RDF.nil:
                found.append(node)
        return found

    def _constraint(self, node: Node, fallback_id: str, owner: str) -> AnyConstraint:
        g = self.graph
        cid = str(node) if isinstance(node, URIRef) else fallback_id
        for logical in _LOGICAL:
            operands = self._members(g.objects(node, logical))
            if operands:
                parts = tuple(self._constraint(c, f"{cid}/{i}", owner) for i, c in enumerate(operands, start=1))
                return LogicalConstraint(cid, str(logical), parts)
        lefts = list(g.objects(node, _o("leftOperand")))
        operators = list(g.objects(node, _o("operator")))
        rights = self._members(g.objects(node, _o("rightOperand")))
        references = list(g.objects(node, _o("rightOperandReference")))
        left = str(lefts[0]) if len(lefts) == 1 else "?"
        operator = str(operators[0]) if len(operators) == 1 else "?"

        def refuse(why: str) -> PolicyError:
            right_text = ", ".join(_term(str(r)) for r in (rights or references)) or "(none)"
            return PolicyError(
                f"policy {self.policy_iri}: constraint {cid} of {owner} ({_term(left)} {_term(operator)} "
                f"{right_text}): {why}",
                policy=self.policy_iri,
                rule=owner,
                constraint=cid,
                left_operand=left,
                operator=operator,
                right_operand=[str(r) for r in (rights or references)],
            )

        if len(lefts) != 1 or not isinstance(lefts[0], URIRef):
            raise refuse("a constraint needs exactly one odrl:leftOperand, an IRI")
        if len(operators) != 1 or not isinstance(operators[0], URIRef):
            raise refuse("a constraint needs exactly one odrl:operator, an IRI")
        operand = LEFT_OPERANDS.get(left)
        if operand is None and left.startswith((ODRL, HDS)):
            raise refuse("no such left operand in ODRL 2.2 or the project profile" + _suggest(left, LEFT_OPERANDS))
        if rights and references:
            raise refuse("give odrl:rightOperand or odrl:rightOperandReference, not both")
        datatypes = [str(d) for d in g.objects(node, _o("dataType"))]
        units = [str(u) for u in g.objects(node, _o("unit"))]
        unit = units[0] if units else None
        reference = None
        if references:
            if len(references) != 1 or not isinstance(references[0], URIRef):
                raise refuse("odrl:rightOperandReference must be one IRI")
            reference = str(references[0])
            # A reference the policy graph resolves (rdf:value) is compiled as its value; otherwise it is looked up
            # among the operand values at decision time, never fetched.
            rights = self._members(g.objects(references[0], RDF.value))
        values: list[object] = []
        kinds: set[Kind] = set()
        for right in rights:
            if isinstance(right, URIRef):
                kinds.add(Kind.IRI)
                values.append(str(right))
            elif isinstance(right, Literal):
                try:
                    kind, value = literal_value(right, datatypes[0] if datatypes else None)
                except ValueError as e:
                    raise refuse(
                        f"the right operand {right!s} is not a valid {datatypes or [right.datatype]}: {e}"
                    ) from e
                kinds.add(kind)
                values.append(value)
            else:
                raise refuse("a right operand is a blank node; give an IRI or a literal")
        if reference and not values:
            return Constraint(cid, left, operator, (), None, unit=unit, reference=reference)
        why = check_kinds(operator, kinds, operand.kind if operand else None, len(values))
        if why:
            raise refuse(why)
        return Constraint(cid, left, operator, tuple(values), next(iter(kinds)), unit=unit, reference=reference)

    def _signature(self, node: Node, depth: int = 0) -> str:
        """A description of a node's subtree that does not depend on blank-node labels: a stable order for rules."""
        if not isinstance(node, BNode) or depth > 8:
            return node.n3()
        parts = sorted(f"{p.n3()}({self._signature(o, depth + 1)})" for p, o in self.graph.predicate_objects(node))
        return "[" + ";".join(parts) + "]"


def _term(iri: str) -> str:
    for prefix, base in (("odrl:", ODRL), ("hds:", HDS)):
        if iri.startswith(base):
            return prefix + iri[len(base) :]
    return iri


def _suggest(iri: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(iri, list(known), n=3, cutoff=0.8)
    return f"; did you mean {' or '.join(close)}?" if close else ""


def _describe(constraint: AnyConstraint) -> str:
    if isinstance(constraint, LogicalConstraint):
        inner = "; ".join(_describe(p) for p in constraint.parts)
        return f"{_term(constraint.operator)}({inner})"
    right = show(constraint.right[0]) if len(constraint.right) == 1 else show(constraint.right)
    unit = f" {constraint.unit}" if constraint.unit else ""
    return f"{_term(constraint.left)} {_term(constraint.operator)} {right}{unit}"
