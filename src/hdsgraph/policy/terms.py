"""Bad input caught before a decision: a request naming a purpose, action, dataset … that the node does not know.

A typo in a purpose must not become a silent DENY. The GraphQL layer calls :func:`known_terms` with what the node
knows (from the ontology and the catalogue) before it calls :func:`~hdsgraph.policy.evaluator.evaluate`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

import rdflib
from rdflib.namespace import RDF, RDFS
from rdflib.term import URIRef

from hdsgraph.policy.actions import action_hierarchy
from hdsgraph.policy.errors import UnknownTermError
from hdsgraph.policy.profile import HDS
from hdsgraph.policy.request import Request

__all__ = ["KnownTerms", "known_terms"]

_DPV_PURPOSE = URIRef("https://w3id.org/dpv#Purpose")


def _default_actions() -> frozenset[str]:
    hierarchy = action_hierarchy()
    return hierarchy.known


@dataclass(frozen=True, slots=True)
class KnownTerms:
    """The terms a request may name. ``None`` for a field means that field is not checked."""

    purposes: frozenset[str] | None = None
    datasets: frozenset[str] | None = None
    environments: frozenset[str] | None = None
    data_forms: frozenset[str] | None = None
    actions: frozenset[str] = field(default_factory=_default_actions)

    @classmethod
    def from_graph(cls, ontology: rdflib.Graph, *, datasets: Iterable[str] | None = None) -> KnownTerms:
        """Purposes (subclasses of ``dpv:Purpose``), processing environments and data forms of an ontology graph."""
        purposes = {str(c) for c in ontology.transitive_subjects(RDFS.subClassOf, _DPV_PURPOSE)}
        return cls(
            purposes=frozenset(purposes),
            datasets=frozenset(datasets) if datasets is not None else None,
            environments=frozenset(str(s) for s in ontology.subjects(RDF.type, URIRef(HDS + "ProcessingEnvironment"))),
            data_forms=frozenset(str(s) for s in ontology.subjects(RDF.type, URIRef(HDS + "DataForm"))),
        )

    def check(self, request: Request) -> None:
        """Raise :class:`UnknownTermError` for the first term of ``request`` that is not known."""
        _check("action", request.action, self.actions)
        if request.purpose is not None:
            _check("purpose", request.purpose, self.purposes)
        if request.environment is not None:
            _check("environment", request.environment, self.environments)
        if request.data_form is not None:
            _check("dataForm", request.data_form, self.data_forms)
        for dataset in request.targets:
            _check("dataset", dataset, self.datasets)


def known_terms(request: Request, terms: KnownTerms) -> None:
    """Check every term ``request`` names; raise :class:`UnknownTermError` naming the first unknown one."""
    terms.check(request)


def _check(field_name: str, value: str, known: frozenset[str] | None) -> None:
    if known is None or value in known:
        return
    if len(known) <= 60:
        raise UnknownTermError(field_name, value, sorted(known))
    # A catalogue is too large to list: offer the closest names instead.
    close = difflib.get_close_matches(value, list(known), n=5, cutoff=0.6)
    raise UnknownTermError(field_name, value, close, total=len(known))
