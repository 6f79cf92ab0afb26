"""A verified credential's RDF: its quads, its subject graph, its types and its digest."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyoxigraph as ox

from hdsgraph.credentials.errors import CredentialError
from hdsgraph.credentials.linked_data import document_quads, sha256_hex
from hdsgraph.credentials.proofs import signer_of
from hdsgraph.rdfio.canonical import canonical_nquads

__all__ = ["VerifiedCredential", "describe_credential"]

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
# VC 1.1 and 2.0 share these IRIs: the v2 context maps its terms to the 2018 namespace.
_VERIFIABLE_CREDENTIAL = ox.NamedNode("https://www.w3.org/2018/credentials#VerifiableCredential")
_CREDENTIAL_SUBJECT = ox.NamedNode("https://www.w3.org/2018/credentials#credentialSubject")


@dataclass(frozen=True)
class VerifiedCredential:
    """One credential whose signature, signer and dates were checked.

    ``types`` are the expanded IRIs of the credential's ``rdf:type`` values, sorted (the compact names a document
    writes depend on its context; the IRIs do not). ``generation`` is ``"tagus"`` for a JSON-LD credential with a
    ``JsonWebSignature2020`` proof and ``"loire"`` for a VC-JWT.
    """

    index: int
    id: str | None
    issuer: str
    types: tuple[str, ...]
    subject_ids: tuple[str, ...]
    quads: tuple[ox.Quad, ...]
    subject_quads: tuple[ox.Quad, ...]
    digest: str
    generation: str
    valid_from: datetime | None
    valid_until: datetime | None
    verification_method: str


def describe_credential(
    document: Mapping[str, Any],
    *,
    index: int,
    source: str,
    generation: str,
    verification_method: str,
    valid_from: datetime | None,
    valid_until: datetime | None,
) -> VerifiedCredential:
    """The ``VerifiedCredential`` of a credential ``document`` (without proof) that has been verified."""
    issuer = signer_of(document)
    if issuer is None:
        raise CredentialError(
            "the credential names no issuer; it needs 'issuer' (an IRI or an object with an id)",
            reason="wrong structure",
        )
    parsed = document_quads(document, source=source)
    node = _credential_node(parsed, document)
    quads = tuple(dict.fromkeys(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in parsed))
    subjects = [q.object for q in quads if q.subject == node and q.predicate == _CREDENTIAL_SUBJECT]
    types = sorted(
        q.object.value
        for q in quads
        if q.subject == node and q.predicate == _RDF_TYPE and isinstance(q.object, ox.NamedNode)
    )
    identifier = document.get("id", document.get("@id"))
    return VerifiedCredential(
        index=index,
        id=identifier if isinstance(identifier, str) else None,
        issuer=issuer,
        types=tuple(types),
        subject_ids=tuple(sorted(s.value for s in subjects if isinstance(s, ox.NamedNode))),
        quads=quads,
        subject_quads=_reachable(quads, subjects, node),
        digest="sha256-" + sha256_hex(canonical_nquads(parsed)),
        generation=generation,
        valid_from=valid_from,
        valid_until=valid_until,
        verification_method=verification_method,
    )


def _credential_node(quads: list[ox.Quad], document: Mapping[str, Any]) -> Any:
    nodes = {q.subject for q in quads if q.predicate == _RDF_TYPE and q.object == _VERIFIABLE_CREDENTIAL}
    if not nodes:
        raise CredentialError(
            f"the document is not a verifiable credential: its type {document.get('type')!r} does not include "
            "VerifiableCredential",
            reason="wrong structure",
        )
    identifier = document.get("id", document.get("@id"))
    named = [n for n in nodes if isinstance(n, ox.NamedNode) and n.value == identifier]
    if named:
        return named[0]
    if len(nodes) > 1:
        raise CredentialError(
            f"the document holds {len(nodes)} verifiable credentials; a credential entry must hold exactly one",
            reason="wrong structure",
        )
    return next(iter(nodes))


def _reachable(quads: tuple[ox.Quad, ...], start: list[Any], credential: Any) -> tuple[ox.Quad, ...]:
    # The subject graph: what the subjects say, and what the nodes they point to say, never the envelope.
    by_subject: dict[Any, list[ox.Quad]] = {}
    for quad in quads:
        by_subject.setdefault(quad.subject, []).append(quad)
    seen = {node for node in start if node != credential}
    queue = list(seen)
    found: list[ox.Quad] = []
    while queue:
        for quad in by_subject.get(queue.pop(), []):
            found.append(quad)
            target = quad.object
            if isinstance(target, ox.NamedNode | ox.BlankNode) and target != credential and target not in seen:
                seen.add(target)
                queue.append(target)
    order = {quad: position for position, quad in enumerate(quads)}
    return tuple(sorted(found, key=order.__getitem__))
