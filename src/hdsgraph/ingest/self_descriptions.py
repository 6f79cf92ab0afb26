"""Gaia-X self-descriptions: verify the presentation, validate its claims, apply the Gaia-X rules, decide whose it is.

What is stored is the claims: the credential subjects of every credential, together, in the graph of the
presentation's primary resource (the legal person, else the service offering, else the resource). The credentials'
issuers and digests go to the record, and the presentation itself, as received, to the archive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import URIRef

from hdsgraph.core.errors import HdsgraphError
from hdsgraph.core.vocab import PREFIXES, RDF
from hdsgraph.credentials import TrustRegistry, VerifiedCredential, VerifiedPresentation, verify_presentation
from hdsgraph.ingest.content import Content
from hdsgraph.ingest.gaiax_rules import LEGAL_PERSON_TYPES, check_gaiax_rules, gx_terms
from hdsgraph.ingest.outcome import Problem, PublishRejected, problems_from_report
from hdsgraph.ingest.records import DocumentRecord
from hdsgraph.rdfio import to_rdflib_graph
from hdsgraph.validation import ShaclValidator, ValidationReport
from hdsgraph.validation.report import ValidationResult
from hdsgraph.validation.shape_sets import ShapeSet

__all__ = ["SELF_DESCRIPTION_MEDIA_TYPE", "check_self_description", "self_description_owner_check"]

SELF_DESCRIPTION_MEDIA_TYPE = "application/vp+json"
_SHAPE_SETS = {"tagus": ShapeSet.GAIAX_TAGUS, "loire": ShapeSet.GAIAX_LOIRE}
# The kinds of resource a self-description is about, most important first, with the property naming the owner.
_PRIMARY = (
    (LEGAL_PERSON_TYPES, None),
    (("ServiceOffering",), "providedBy"),
    (
        (
            "DataResource",
            "DataProduct",
            "DataSet",
            "SoftwareResource",
            "VirtualResource",
            "PhysicalResource",
            "InstantiatedVirtualResource",
        ),
        "producedBy",
    ),
)


def check_self_description(
    data: bytes,
    *,
    registry: TrustRegistry,
    validator: ShaclValidator,
    at: datetime,
    source: str,
    known_issuers: Callable[[str], list[str]] = lambda participant: [],
) -> tuple[Content, VerifiedPresentation]:
    """Checks 1 to 5 of a publish (size aside): syntax and contexts, proofs, SHACL, Gaia-X rules."""
    try:
        presentation = verify_presentation(data, registry, at=at, source=source)
    except HdsgraphError as e:
        raise PublishRejected(source, [Problem.from_error(e)]) from e
    if not presentation.credentials:
        raise PublishRejected(source, [Problem("NO_CREDENTIALS", "the presentation holds no credential")])
    generations = sorted({c.generation for c in presentation.credentials})
    if len(generations) > 1:
        raise PublishRejected(
            source,
            [Problem("MIXED_GENERATIONS", f"the presentation mixes Gaia-X generations {generations}; send one each")],
        )
    triples = _claims(presentation.credentials)
    claims = to_rdflib_graph(triples)
    report = _validate(presentation, triples, validator, generations[0])
    if not report.conforms:
        raise PublishRejected(source, [p for p in problems_from_report(report) if p.severity == "VIOLATION"])
    broken = check_gaiax_rules(presentation, claims, known_issuers, registry.notaries)
    if broken:
        raise PublishRejected(source, broken)
    resource = _primary(claims, source)
    content = Content(
        resource=str(resource),
        kind="self-description",
        triples=triples,
        rdflib_triples=list(claims),
        data=data,
        media_type=SELF_DESCRIPTION_MEDIA_TYPE,
        report=report,
        credentials=tuple((c.issuer, c.digest) for c in presentation.credentials),
    )
    return content, presentation


def _validate(
    presentation: VerifiedPresentation, claims: list[ox.Triple], validator: ShaclValidator, generation: str
) -> ValidationReport:
    """The official shapes of the generation, then the project's own shapes over all the claims together.

    Loire shapes are closed and describe one credential's subject: each credential is checked alone, so that a
    participant's health-data-space profile (organisation type, jurisdiction, names, contact point for DCAT-AP) can
    travel in a credential of its own beside its Gaia-X legal-person credential. Tagus shapes are open and its
    references between credentials conform only with the credentials in the graph: they are checked together.
    The project's shapes (in the catalogue set: a participant has a name, an organisation type …) then apply to
    what the credentials say together.
    """
    results: list[ValidationResult] = []
    everything = _as_development(claims)
    if generation == "loire":
        for credential in presentation.credentials:
            own = _as_development(_claims([credential]))
            subjects = {t.subject for t in own}
            # A node this credential refers to and another describes (an offering's provider) is in reach by its
            # types alone, for sh:class; results about such a node are dropped: it is judged in its own credential.
            referred = {t.object for t in own if isinstance(t.object, ox.NamedNode)} - subjects
            types = [t for t in everything if t.subject in referred and t.predicate == _RDF_TYPE]
            report = validator.validate(validator.rdflib_triples(own + types), shape_set=ShapeSet.GAIAX_LOIRE)
            outside = {n.value for n in referred}
            results += [r for r in report.results if _expanded(r.focus_node) not in outside]
    else:
        whole = validator.rdflib_triples(_claims(presentation.credentials, whole=True))
        results += validator.validate(whole, shape_set=ShapeSet.GAIAX_TAGUS).results
    results += validator.validate(validator.rdflib_triples(everything)).results
    return ValidationReport(tuple(results))


# The 25.11 snapshot namespace names the same terms as the development namespace the Loire shapes (and the project's
# own) are written in: credentials in it are judged as if written in the other, and stored as written.
_SNAPSHOT = "https://w3id.org/gaia-x/2511#"
_DEVELOPMENT = "https://w3id.org/gaia-x/development#"


def _as_development(triples: list[ox.Triple]) -> list[ox.Triple]:
    def term(t: Any) -> Any:
        if isinstance(t, ox.NamedNode) and t.value.startswith(_SNAPSHOT):
            return ox.NamedNode(_DEVELOPMENT + t.value[len(_SNAPSHOT) :])
        return t

    return [ox.Triple(term(t.subject), term(t.predicate), term(t.object)) for t in triples]


_RDF_TYPE = ox.NamedNode(str(RDF.type))


def _expanded(shown: str) -> str:
    """The IRI a report's focus node names (``<iri>`` or ``prefix:local``), or the text itself."""
    if shown.startswith("<") and shown.endswith(">"):
        return shown[1:-1]
    prefix, colon, local = shown.partition(":")
    return PREFIXES[prefix] + local if colon and prefix in PREFIXES else shown


def _claims(credentials: Iterable[VerifiedCredential], *, whole: bool = False) -> list[ox.Triple]:
    """The credential subjects' triples, once each (with ``whole``, the credentials' own triples too)."""
    seen: set[ox.Triple] = set()
    triples = []
    for credential in credentials:
        for q in credential.quads if whole else credential.subject_quads:
            triple = ox.Triple(q.subject, q.predicate, q.object)
            if triple not in seen:
                seen.add(triple)
                triples.append(triple)
    return triples


def _primary(claims: Graph, source: str) -> URIRef:
    for kinds, _ in _PRIMARY:
        found = sorted({s for k in kinds for t in gx_terms(k) for s in claims.subjects(RDF.type, t)}, key=str)
        named = [s for s in found if isinstance(s, URIRef)]
        if named:
            return named[0]
    raise PublishRejected(
        source,
        [
            Problem(
                "NO_SUBJECT",
                "the credentials describe no legal person, service offering or resource named by an IRI; a "
                "self-description is about one of them",
            )
        ],
    )


def owners_named(claims: Graph, resource: URIRef) -> list[str]:
    """Who may publish ``resource``'s self-description: the legal person itself, an offering's provider, a
    resource's producer."""
    types = set(claims.objects(resource, RDF.type))
    for kinds, owner_property in _PRIMARY:
        if types & {t for k in kinds for t in gx_terms(k)}:
            if owner_property is None:
                return [str(resource)]
            return sorted(str(o) for p in gx_terms(owner_property) for o in claims.objects(resource, p))
    return []


def self_description_owner_check(content: Content, record: DocumentRecord | None, caller: str, source: str) -> None:
    resource = URIRef(content.resource)
    named = owners_named(content.graph, resource)
    if caller not in named:
        raise PublishRejected(
            source,
            [
                Problem(
                    "FORBIDDEN",
                    f"{caller} may publish only its own self-description, or offerings and resources it provides; "
                    f"{resource} belongs to {', '.join(named) or 'no participant named in it'}",
                    focus_node=str(resource),
                    value=caller,
                )
            ],
        )
    if record is not None and record.owner is not None and record.owner != caller:
        raise PublishRejected(
            source,
            [
                Problem(
                    "FORBIDDEN",
                    f"{resource} belongs to {record.owner}; {caller} may change only what it published",
                    focus_node=str(resource),
                    value=caller,
                )
            ],
        )
