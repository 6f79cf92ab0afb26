"""``JsonWebSignature2020`` proofs on JSON-LD credentials, as Gaia-X Tagus (22.10) issues them.

Standard signing input (Linked Data Proofs): SHA-256 of the canonical proof options (the proof without ``jws``,
under the credential's ``@context``) followed by SHA-256 of the canonical credential without ``proof``; the
``jws`` is a detached JWS with an unencoded payload (RFC 7797) over those 64 bytes.

Gaia-X's own signer differs: it signs the hex text of SHA-256 of the canonical credential alone, and leaves the
proof options unsigned. Verification accepts both, as real Tagus credentials carry the second kind.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from hdsgraph.credentials._dates import aware, parse_datetime
from hdsgraph.credentials.errors import CredentialError
from hdsgraph.credentials.jws import sign_detached, verify_detached
from hdsgraph.credentials.keys import KeyPair
from hdsgraph.credentials.linked_data import canonical_form, sha256_hex, without
from hdsgraph.credentials.registry import TrustRegistry

__all__ = ["JWS_2020_CONTEXT", "PROOF_TYPE", "sign_jws2020", "signer_of", "verify_jws2020"]

PROOF_TYPE = "JsonWebSignature2020"
JWS_2020_CONTEXT = "https://w3id.org/security/suites/jws-2020/v1"
_PROOF_TYPES = {PROOF_TYPE, "https://w3id.org/security#JsonWebSignature2020"}
# Clocks differ between signer and node; a proof created further in the future than this is refused.
_CLOCK_SKEW = timedelta(minutes=5)


def sign_jws2020(
    credential: dict[str, Any],
    key: KeyPair,
    verification_method: str,
    *,
    created: datetime | None = None,
    gaiax_variant: bool = False,
) -> dict[str, Any]:
    """``credential`` with a ``JsonWebSignature2020`` proof by ``key`` (the jws-2020 context added if missing)."""
    # A deep copy: the signed credential must not change when the caller later edits its own dictionary.
    signed = copy.deepcopy(without(credential, "proof"))
    contexts = _contexts(signed)
    if JWS_2020_CONTEXT not in contexts:
        signed["@context"] = [*contexts, JWS_2020_CONTEXT]
    moment = aware(created or datetime.now(UTC)).astimezone(UTC)
    options = {
        "type": PROOF_TYPE,
        "created": moment.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "proofPurpose": _purpose(signed),
        "verificationMethod": verification_method,
    }
    if gaiax_variant:
        payload = sha256_hex(canonical_form(signed, source="credential")).encode("ascii")
    else:
        payload = _signing_input(signed, options, source="credential")
    return {**signed, "proof": {**options, "jws": sign_detached(payload, key)}}


def verify_jws2020(credential: Mapping[str, Any], registry: TrustRegistry, *, at: datetime) -> str:
    """The verification method whose key signed ``credential``'s proof; CredentialError when it does not verify."""
    proof = credential.get("proof")
    if proof is None:
        raise CredentialError(
            "the credential is not signed: it has no proof; accepted: a JsonWebSignature2020 proof", reason="unsigned"
        )
    proofs = proof if isinstance(proof, list) else [proof]
    if not proofs:
        raise CredentialError("the credential's proof list is empty; it must hold one proof", reason="unsigned")
    methods = [_verify_one(credential, item, registry, at=aware(at)) for item in proofs]
    return methods[0]


def signer_of(document: Mapping[str, Any]) -> str | None:
    """The DID or IRI that must control the proof's key: the credential's issuer, or the presentation's holder."""
    party = document.get("issuer", document.get("holder"))
    if isinstance(party, Mapping):
        party = party.get("id", party.get("@id"))
    return party if isinstance(party, str) else None


def _verify_one(credential: Mapping[str, Any], proof: Any, registry: TrustRegistry, *, at: datetime) -> str:
    if not isinstance(proof, Mapping):
        raise CredentialError(f"the proof is a JSON {type(proof).__name__}; expected an object", reason="bad proof")
    if proof.get("type") not in _PROOF_TYPES:
        raise CredentialError(
            f"the proof type {proof.get('type')!r} is not accepted; accepted: {PROOF_TYPE}", reason="bad proof"
        )
    method, jws = proof.get("verificationMethod"), proof.get("jws")
    if not isinstance(method, str) or not isinstance(jws, str):
        raise CredentialError(
            "the proof needs a verificationMethod (a DID URL) and a jws (a detached JWS), both strings",
            reason="bad proof",
        )
    if "created" in proof and parse_datetime(proof["created"], field="proof.created") > at + _CLOCK_SKEW:
        raise CredentialError(
            f"the proof was created at {proof['created']}, after the time of checking ({at.isoformat()})",
            reason="not yet valid",
        )
    signer = signer_of(credential)
    if signer is not None and method.partition("#")[0] != signer:
        raise CredentialError(
            f"the proof's verification method {method!r} does not belong to {signer!r}, who must sign it "
            "(issuer of a credential, holder of a presentation)",
            reason="signer mismatch",
            verification_method=method,
        )
    key = registry.resolve(method, at=at)
    unsigned = without(credential, "proof")
    try:
        verify_detached(jws, _signing_input(unsigned, proof, source="proof options"), key)
    except CredentialError as standard:
        if standard.details.get("reason") != "bad signature":
            raise
        try:
            # Gaia-X's signer: the hex SHA-256 of the canonical credential, proof options unsigned.
            verify_detached(jws, sha256_hex(canonical_form(unsigned, source="credential")).encode("ascii"), key)
        except CredentialError:
            raise CredentialError(
                f"the JsonWebSignature2020 proof does not verify with the key of {method!r} (neither the Linked "
                "Data Proofs signing input nor the Gaia-X variant): the credential was changed after signing, or "
                "another key signed it",
                reason="bad signature",
                verification_method=method,
            ) from standard
    return method


def _signing_input(credential: Mapping[str, Any], options: Mapping[str, Any], *, source: str) -> bytes:
    options_document = {**without(options, "jws", "proofValue"), "@context": credential.get("@context")}
    options_hash = hashlib.sha256(canonical_form(options_document, source=source).encode()).digest()
    document_hash = hashlib.sha256(canonical_form(credential, source="credential").encode()).digest()
    return options_hash + document_hash


def _contexts(document: Mapping[str, Any]) -> list[Any]:
    context = document.get("@context", [])
    return list(context) if isinstance(context, list) else [context]


def _purpose(document: Mapping[str, Any]) -> str:
    types = document.get("type", [])
    return (
        "authentication"
        if "VerifiablePresentation" in (types if isinstance(types, list) else [types])
        else ("assertionMethod")
    )
