"""The evaluation context of one request: every left operand's value, and memoised hierarchy look-ups.

Hierarchy look-ups are memoised per hierarchy, across requests: a hierarchy never changes (the node builds a new
closure when the ontology changes), and every request asks about the same few purposes and jurisdictions.
"""

from __future__ import annotations

from hdsgraph.policy.hierarchy import Hierarchy
from hdsgraph.policy.profile import HDS, ODRL
from hdsgraph.policy.request import Facts, Request

__all__ = ["Context"]

_PURPOSE = ODRL + "purpose"
_RECIPIENT = ODRL + "recipient"
_DATE_TIME = ODRL + "dateTime"
_SYSTEM = ODRL + "system"
_SYSTEM_DEVICE = ODRL + "systemDevice"
_PROCESSING_ENVIRONMENT = HDS + "processingEnvironment"
_DATA_FORM = HDS + "dataForm"
_DATA_PERMIT = HDS + "dataPermit"


class _Lookups:
    """What ``containers``, ``kinds`` and ``broader`` answered for one hierarchy, kept with the hierarchy itself so
    that its identity cannot be reused while the answers last."""

    __slots__ = ("broader", "containers", "hierarchy", "kinds")

    def __init__(self, hierarchy: Hierarchy) -> None:
        self.hierarchy = hierarchy
        self.containers: dict[str, frozenset[str]] = {}
        self.kinds: dict[str, frozenset[str]] = {}
        self.broader: dict[str, frozenset[str]] = {}


# IRIs come from requests: bounds keep what a stream of made-up terms (or of test hierarchies) can cost.
_TERMS_PER_HIERARCHY = 10_000
_HIERARCHIES = 8
_LOOKUPS: dict[int, _Lookups] = {}


def _lookups(hierarchy: Hierarchy) -> _Lookups:
    found = _LOOKUPS.get(id(hierarchy))
    if found is not None and found.hierarchy is hierarchy:
        if len(found.containers) + len(found.kinds) + len(found.broader) > _TERMS_PER_HIERARCHY:
            found.containers, found.kinds, found.broader = {}, {}, {}
        return found
    if len(_LOOKUPS) >= _HIERARCHIES:
        _LOOKUPS.clear()
    found = _LOOKUPS[id(hierarchy)] = _Lookups(hierarchy)
    return found


class Context:
    """Built once per decision; rules and constraints read operand values and hierarchies through it."""

    __slots__ = ("_broader", "_containers", "_kinds", "facts", "hierarchy", "request", "values")

    def __init__(self, request: Request, facts: Facts, hierarchy: Hierarchy) -> None:
        self.request = request
        self.facts = facts
        self.hierarchy = hierarchy
        # The requester's facts (and the graph's state) win over what a request declares.
        if request.operands:
            values: dict[str, object] = dict(request.operands)
            values.update(facts.operand_values)
        else:
            values = dict(facts.operand_values)
        # The request's own fields, one by one (this runs on every decision); none of them is among the facts above.
        if request.purpose is not None:
            values[_PURPOSE] = request.purpose
        values[_RECIPIENT] = request.requester
        values[_DATE_TIME] = request.at
        environment = request.environment
        if environment is not None:
            values[_SYSTEM] = values[_SYSTEM_DEVICE] = values[_PROCESSING_ENVIRONMENT] = environment
        if request.data_form is not None:
            values[_DATA_FORM] = request.data_form
        # A permit counts only when the graph holds it as issued to the requester.
        if request.permit is not None and request.permit in facts.permits:
            values[_DATA_PERMIT] = request.permit
        self.values = values
        lookups = _lookups(hierarchy)
        self._broader = lookups.broader
        self._kinds = lookups.kinds
        self._containers = lookups.containers

    def containers(self, iri: str) -> frozenset[str]:
        """``iri`` and everything it is part of."""
        found = self._containers.get(iri)
        if found is None:
            found = self._containers[iri] = self.hierarchy.part_of(iri)
        return found

    def kinds(self, iri: str) -> frozenset[str]:
        """``iri``, its broader terms, and the classes it is an instance of with theirs (what ``isA`` follows)."""
        found = self._kinds.get(iri)
        if found is None:
            hierarchy = self.hierarchy
            collected = set(hierarchy.ancestors(iri))
            for cls in hierarchy.types(iri):
                collected |= hierarchy.ancestors(cls)
            found = self._kinds[iri] = frozenset(collected)
        return found

    def broader(self, iri: str) -> frozenset[str]:
        """``iri``, its broader terms and its containers (what the set operators follow)."""
        found = self._broader.get(iri)
        if found is None:
            found = self._broader[iri] = self.hierarchy.ancestors(iri) | self.containers(iri)
        return found
