"""The Gaia-X rules a compliance check applies after SHACL, over one verified presentation.

- every issuer in the presentation accepted the Gaia-X terms and conditions (Tagus: a ``GaiaXTermsAndConditions``
  credential it issued; Loire: an ``Issuer`` credential with ``gaiaxTermsAndConditions``);
- a service offering is signed by the participant it names as provider;
- a data resource that contains personal data (``containsPII``) comes with a legitimate-interest statement;
- a legal person has a registration number.

Terms are matched by local name in each Gaia-X namespace in use (Tagus, Loire development, the 25.11 snapshot).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import Graph
from rdflib.term import Literal, Node, URIRef

from hdsgraph.core.vocab import RDF
from hdsgraph.credentials import VerifiedCredential, VerifiedPresentation
from hdsgraph.ingest.outcome import Problem
from hdsgraph.rdfio import to_rdflib_graph

__all__ = ["GX_NAMESPACES", "check_gaiax_rules", "gx_terms"]

GX_NAMESPACES = (
    "https://w3id.org/gaia-x/development#",
    "https://w3id.org/gaia-x/2511#",
    "https://registry.lab.gaia-x.eu/development/api/trusted-shape-registry/v1/shapes/jsonld/trustframework#",
)

LEGAL_PERSON_TYPES = ("LegalPerson", "LegalParticipant")


def gx_terms(local: str) -> tuple[URIRef, ...]:
    return tuple(URIRef(ns + local) for ns in GX_NAMESPACES)


def _typed(graph: Graph, *locals_: str) -> set[Node]:
    return {s for local in locals_ for t in gx_terms(local) for s in graph.subjects(RDF.type, t)}


def _values(graph: Graph, subject: Node, local: str) -> list[Node]:
    return [o for p in gx_terms(local) for o in graph.objects(subject, p)]


def _credential_graph(credential: VerifiedCredential) -> Graph:
    return to_rdflib_graph(q.triple for q in credential.subject_quads)


def check_gaiax_rules(
    presentation: VerifiedPresentation,
    claims: Graph,
    known_issuers: Callable[[str], Iterable[str]] = lambda participant: (),
    notaries: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Every rule broken by ``presentation`` (whose credential subjects together are ``claims``).

    ``known_issuers(participant)`` gives the issuers of a participant's self-description already stored, for an
    offering whose provider's own credential is not in this presentation. ``notaries`` are the issuers the trust
    registry names as notaries: they attest others' registration numbers and need not accept the terms themselves.
    """
    graphs = [(c, _credential_graph(c)) for c in presentation.credentials]
    problems = _terms_accepted(graphs, notaries)
    problems += _offerings_signed_by_provider(graphs, known_issuers)
    problems += _personal_data_has_legitimate_interest(claims)
    problems += _registration_numbers(claims)
    return problems


def _terms_accepted(graphs: list[tuple[VerifiedCredential, Graph]], notaries: frozenset[str]) -> list[Problem]:
    accepted = set()
    for credential, graph in graphs:
        tagus = _typed(graph, "GaiaXTermsAndConditions")
        loire = [s for s in _typed(graph, "Issuer") if _values(graph, s, "gaiaxTermsAndConditions")]
        if tagus or loire:
            accepted.add(credential.issuer)
    issuers = sorted({c.issuer for c, _ in graphs} - accepted - notaries)
    return [
        Problem(
            "GAIAX_TERMS_NOT_ACCEPTED",
            f"issuer {issuer} has not accepted the Gaia-X terms and conditions in this presentation; add the "
            "credential it issued that accepts them (Tagus: gx:GaiaXTermsAndConditions; Loire: gx:Issuer with "
            "gx:gaiaxTermsAndConditions)",
            value=issuer,
        )
        for issuer in issuers
    ]


def _offerings_signed_by_provider(
    graphs: list[tuple[VerifiedCredential, Graph]], known_issuers: Callable[[str], Iterable[str]]
) -> list[Problem]:
    # Who signs for a participant: the issuers of the credentials about it (its own self-description).
    signers: dict[str, set[str]] = {}
    for credential, graph in graphs:
        for person in _typed(graph, *LEGAL_PERSON_TYPES):
            signers.setdefault(str(person), set()).add(credential.issuer)
    problems = []
    for credential, graph in graphs:
        for offering in sorted(_typed(graph, "ServiceOffering"), key=str):
            for provider in _values(graph, offering, "providedBy"):
                name = str(provider)
                allowed = (
                    signers.get(name, set()) | set(known_issuers(name)) | ({name} if name.startswith("did:") else set())
                )
                if credential.issuer not in allowed:
                    problems.append(
                        Problem(
                            "GAIAX_PROVIDER_MISMATCH",
                            f"service offering {offering} names {name} as provider but is signed by "
                            f"{credential.issuer}; an offering must be signed by its provider "
                            f"({', '.join(sorted(allowed)) or 'whose self-description is not known to this node'})",
                            focus_node=str(offering),
                            path="gx:providedBy",
                            value=name,
                        )
                    )
    return problems


def _true(node: Node) -> bool:
    return isinstance(node, Literal) and str(node).strip().lower() in ("true", "1")


def _personal_data_has_legitimate_interest(claims: Graph) -> list[Problem]:
    statements = [s for s in _typed(claims, "LegitimateInterest") if _values(claims, s, "legalBasis")]
    problems = []
    for resource in sorted(_typed(claims, "DataResource", "DataProduct", "DataSet"), key=str):
        if any(_true(v) for v in _values(claims, resource, "containsPII")) and not statements:
            problems.append(
                Problem(
                    "GAIAX_PII_WITHOUT_LEGITIMATE_INTEREST",
                    f"data resource {resource} contains personal data (gx:containsPII true) but the presentation "
                    "has no gx:LegitimateInterest with a gx:legalBasis; add one, with gx:dataProtectionContact",
                    focus_node=str(resource),
                    path="gx:containsPII",
                    value="true",
                )
            )
    return problems


def _registration_numbers(claims: Graph) -> list[Problem]:
    problems = []
    for person in sorted(_typed(claims, *LEGAL_PERSON_TYPES), key=str):
        if not (_values(claims, person, "registrationNumber") or _values(claims, person, "legalRegistrationNumber")):
            problems.append(
                Problem(
                    "GAIAX_REGISTRATION_NUMBER_MISSING",
                    f"legal person {person} has no registration number; give gx:registrationNumber (Loire) or "
                    "gx:legalRegistrationNumber (Tagus): a VAT ID, LEI code, EORI, EUID, tax ID or local number",
                    focus_node=str(person),
                    path="gx:registrationNumber",
                )
            )
    return problems
