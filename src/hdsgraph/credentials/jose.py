"""Verifiable Credentials 2.0 secured as JWTs (VC-JOSE-COSE), the form Gaia-X Loire issues.

The JWT payload is the credential itself; registered JWT claims (``iss``, ``nbf``, ``exp`` …) may sit beside its
members and are removed before the credential is read as JSON-LD, so they never become triples. The key comes from
the header's ``kid`` through the trust registry, and the ``kid`` must belong to the credential's issuer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hdsgraph.credentials._dates import aware, check_window, credential_window, from_numeric_date, parse_datetime
from hdsgraph.credentials.errors import CredentialError
from hdsgraph.credentials.jws import decode_compact, sign_compact, verify_compact
from hdsgraph.credentials.keys import KeyPair
from hdsgraph.credentials.proofs import signer_of
from hdsgraph.credentials.registry import TrustRegistry

__all__ = ["CREDENTIAL_TYPES", "JWT_CLAIMS", "VerifiedJwt", "sign_vc_jwt", "verify_jwt", "verify_vc_jwt"]

CREDENTIAL_TYPES = ("vc+ld+json+jwt", "vc+ld+jwt", "vc+jwt")
PRESENTATION_TYPES = ("vp+ld+json+jwt", "vp+ld+jwt", "vp+jwt")
# RFC 7519 registered claims (and cnf, RFC 7800): JWT envelope, not credential content.
JWT_CLAIMS = ("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "cnf")


@dataclass(frozen=True)
class VerifiedJwt:
    """A verified credential or presentation JWT: its document (without JWT claims), claims and signer's key id."""

    document: dict[str, Any]
    claims: dict[str, Any]
    header: dict[str, Any]
    verification_method: str


def sign_vc_jwt(credential: dict[str, Any], key: KeyPair, kid: str, *, typ: str = "vc+jwt") -> str:
    """The credential as a compact JWS; ``iss`` from its issuer, ``iat`` now, ``nbf``/``exp`` from its dates."""
    payload = dict(credential)
    issuer = signer_of(credential)
    if issuer is not None:
        payload["iss"] = issuer
    payload["iat"] = int(datetime.now(UTC).timestamp())
    for member, claim in (("validFrom", "nbf"), ("validUntil", "exp")):
        if member in credential:
            payload[claim] = int(parse_datetime(credential[member], field=member).timestamp())
    return sign_compact(json.dumps(payload).encode(), key, {"kid": kid, "typ": typ})


def verify_vc_jwt(token: str, registry: TrustRegistry, *, at: datetime) -> dict[str, Any]:
    """The credential a VC-JWT carries, once its signature, issuer and dates check out at ``at``."""
    verified = verify_jwt(token, registry, at=at, accepted_types=CREDENTIAL_TYPES)
    start, end, names = credential_window(verified.document)
    check_window(start, end, at=at, what="the credential", names=names)
    return verified.document


def verify_jwt(token: str, registry: TrustRegistry, *, at: datetime, accepted_types: tuple[str, ...]) -> VerifiedJwt:
    """A credential or presentation JWT (``accepted_types`` for its ``typ``), verified at ``at``."""
    header, payload = decode_compact(token)
    typ = header.get("typ")
    if typ not in accepted_types and not (isinstance(typ, str) and typ.removeprefix("application/") in accepted_types):
        raise CredentialError(
            f"the JWT's typ {typ!r} is not accepted here; accepted: {', '.join(accepted_types)}", reason="bad header"
        )
    claims = _json_object(payload)
    document = {name: value for name, value in claims.items() if name not in JWT_CLAIMS}
    signer = signer_of(document) or claims.get("iss")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise CredentialError(
            "the JWT header has no kid; it must name the signer's verification method", reason="bad header"
        )
    method = f"{signer}{kid}" if kid.startswith("#") and isinstance(signer, str) else kid
    if signer is None or method.partition("#")[0] != signer:
        raise CredentialError(
            f"the JWT's kid {kid!r} does not belong to its issuer or holder {signer!r}; the signer's own DID must "
            "sign it",
            reason="signer mismatch",
            verification_method=method,
        )
    if "iss" in claims and claims["iss"] != signer:
        raise CredentialError(
            f"the JWT's iss {claims['iss']!r} differs from the document's issuer {signer!r}; they must be equal",
            reason="signer mismatch",
        )
    at = aware(at)
    verify_compact(token, registry.resolve(method, at=at))
    nbf = from_numeric_date(claims["nbf"], claim="nbf") if "nbf" in claims else None
    exp = from_numeric_date(claims["exp"], claim="exp") if "exp" in claims else None
    check_window(nbf, exp, at=at, what="the JWT", names=("nbf", "exp"))
    return VerifiedJwt(document, claims, header, method)


def _json_object(payload: bytes) -> dict[str, Any]:
    try:
        value = json.loads(payload)
    except ValueError as e:
        raise CredentialError(f"the JWT payload is not JSON: {e}", reason="malformed token") from e
    if not isinstance(value, Mapping):
        raise CredentialError(
            f"the JWT payload is a JSON {type(value).__name__}; expected an object", reason="malformed token"
        )
    return dict(value)
