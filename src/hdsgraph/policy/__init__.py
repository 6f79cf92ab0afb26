"""ODRL 2.2 policies compiled at publish and decided in microseconds, with an explanation rule by rule.

- :func:`compile_policy` reads a policy from an RDF graph into plain Python structures (or refuses it with a
  :class:`PolicyError`); :func:`ehds_prohibitions_policy` is the node-wide EHDS Set.
- :func:`evaluate` decides a :class:`Request` with the :class:`Facts` the node established from the graph and a
  :class:`Hierarchy` (the ontology's closure) into a :class:`Decision`.
- :func:`known_terms` refuses a request naming a term the node does not know, before any decision.
"""

from hdsgraph.policy.actions import ActionHierarchy, action_hierarchy
from hdsgraph.policy.compiler import compile_policy
from hdsgraph.policy.decision import (
    ConstraintResult,
    DatasetDecision,
    Decision,
    DutyState,
    DutyStatus,
    Outcome,
    RuleExplanation,
)
from hdsgraph.policy.ehds import EHDS_POLICY, ehds_prohibitions_policy
from hdsgraph.policy.errors import PolicyError, UnknownTermError
from hdsgraph.policy.evaluator import evaluate
from hdsgraph.policy.hierarchy import DictHierarchy, Hierarchy
from hdsgraph.policy.model import CompiledPolicy, Conflict, PolicyKind, Rule
from hdsgraph.policy.profile import LEFT_OPERANDS, PROFILE, PROJECT_LEFT_OPERANDS, LeftOperand
from hdsgraph.policy.request import Facts, Request
from hdsgraph.policy.terms import KnownTerms, known_terms

__all__ = [
    "EHDS_POLICY",
    "LEFT_OPERANDS",
    "PROFILE",
    "PROJECT_LEFT_OPERANDS",
    "ActionHierarchy",
    "CompiledPolicy",
    "Conflict",
    "ConstraintResult",
    "DatasetDecision",
    "Decision",
    "DictHierarchy",
    "DutyState",
    "DutyStatus",
    "Facts",
    "Hierarchy",
    "KnownTerms",
    "LeftOperand",
    "Outcome",
    "PolicyError",
    "PolicyKind",
    "Request",
    "Rule",
    "RuleExplanation",
    "UnknownTermError",
    "action_hierarchy",
    "compile_policy",
    "ehds_prohibitions_policy",
    "evaluate",
    "known_terms",
]
