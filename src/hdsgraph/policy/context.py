"""The evaluation context of one request: every left operand's value, and memoised hierarchy look-ups."""

from __future__ import annotations

from hdsgraph.policy.hierarchy import Hierarchy
from hdsgraph.policy.profile import HDS, ODRL
from hdsgraph.policy.request import Facts, Request

__all__ = ["Context"]


class Context:
    """Built once per decision; rules and constraints read operand values and hierarchies through it."""

    __slots__ = ("_broader", "_containers", "_kinds", "facts", "hierarchy", "request", "values")

    def __init__(self, request: Request, facts: Facts, hierarchy: Hierarchy) -> None:
        self.request = request
        self.facts = facts
        self.hierarchy = hierarchy
        values: dict[str, object] = dict(request.operands)
        values.update(facts.state)  # the graph wins over what a request declares
        environment = request.environment
        # A permit counts only when the graph holds it as issued to the requester.
        permit = request.permit if request.permit is not None and request.permit in facts.permits else None
        for iri, value in (
            (ODRL + "purpose", request.purpose),
            (ODRL + "spatial", facts.jurisdiction),
            (ODRL + "recipient", request.requester),
            (ODRL + "dateTime", request.at),
            (ODRL + "system", environment),
            (ODRL + "systemDevice", environment),
            (HDS + "processingEnvironment", environment),
            (HDS + "dataForm", request.data_form),
            (HDS + "dataPermit", permit),
            (HDS + "requesterJurisdiction", facts.jurisdiction),
        ):
            if value is not None:
                values[iri] = value
        values[ODRL + "industry"] = facts.industries
        values[HDS + "requesterOrganisationType"] = facts.organisation_types
        values[HDS + "gaiaxCompliant"] = facts.gaiax_compliant
        values[HDS + "dpfCertified"] = facts.dpf_certified
        self.values = values
        self._broader: dict[str, frozenset[str]] = {}
        self._kinds: dict[str, frozenset[str]] = {}
        self._containers: dict[str, frozenset[str]] = {}

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
