"""What a decision is asked about (:class:`Request`) and what the node knows about the requester (:class:`Facts`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from hdsgraph.core.errors import BadInputError
from hdsgraph.policy.profile import HDS, ODRL, REQUESTER_FACTS
from hdsgraph.policy.values import normalise

__all__ = ["Facts", "Request"]

_EMPTY: Mapping[str, object] = MappingProxyType({})


def _frozen_values(values: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType({key: normalise(value) for key, value in values.items()})


@dataclass(frozen=True, slots=True)
class Request:
    """May ``requester`` perform ``action`` on ``targets`` for ``purpose`` … at ``at``? Every term is an IRI.

    ``operands`` carries values of other left operands the requester declares about the intended use (for example
    ``odrl:resolution`` or ``odrl:elapsedTime``). It may not carry what the graph establishes about the requester
    (jurisdiction, organisation type …) nor what a field of the request already says.
    """

    requester: str
    action: str
    targets: tuple[str, ...]
    purpose: str | None = None
    environment: str | None = None
    data_form: str | None = None
    permit: str | None = None
    at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    operands: Mapping[str, object] = field(default_factory=lambda: _EMPTY)

    def __post_init__(self) -> None:
        if isinstance(self.targets, str):
            raise BadInputError(f"targets must be a sequence of dataset IRIs, not the string {self.targets!r}")
        object.__setattr__(self, "targets", tuple(self.targets))
        if not self.targets:
            raise BadInputError("a request names at least one dataset; targets is empty")
        asserted = sorted(set(self.operands) & REQUESTER_FACTS)
        if asserted:
            raise BadInputError(
                f"a request may not assert {', '.join(asserted)}: the node establishes these from the graph or "
                "from the request's own fields; remove them from operands",
                operands=asserted,
            )
        object.__setattr__(self, "at", normalise(self.at))
        object.__setattr__(self, "operands", _frozen_values(self.operands))


@dataclass(frozen=True, slots=True)
class Facts:
    """What the node establishes from the graph about the requester and the state of the world.

    ``permits`` are the data permits the graph holds as issued to the requester: a permit named in the request
    counts only when it is one of them. ``performed`` names duties already fulfilled (a duty's IRI, or for a duty
    without one, its action's IRI). ``state`` gives values of other left operands the node knows (for example
    ``odrl:count``, how often the action was already exercised); they override what a request supplies.
    """

    organisation_types: frozenset[str] = frozenset()
    jurisdiction: str | None = None
    dpf_certified: bool = False
    gaiax_compliant: bool = False
    industries: frozenset[str] = frozenset()
    permits: frozenset[str] = frozenset()
    performed: frozenset[str] = frozenset()
    state: Mapping[str, object] = field(default_factory=lambda: _EMPTY)
    # The left operands' values these facts give every decision: ``state``, and the requester's facts over it. Made
    # once, since the node keeps the facts of a requester and decides many requests with them.
    operand_values: Mapping[str, object] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("organisation_types", "industries", "permits", "performed"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        object.__setattr__(self, "state", _frozen_values(self.state))
        values = dict(self.state)
        if self.jurisdiction is not None:
            values[ODRL + "spatial"] = values[HDS + "requesterJurisdiction"] = self.jurisdiction
        values[ODRL + "industry"] = self.industries
        values[HDS + "requesterOrganisationType"] = self.organisation_types
        values[HDS + "gaiaxCompliant"] = self.gaiax_compliant
        values[HDS + "dpfCertified"] = self.dpf_certified
        # A plain dict behind the Mapping type: copying one is the fast path of dict(); nothing writes to it.
        object.__setattr__(self, "operand_values", values)
