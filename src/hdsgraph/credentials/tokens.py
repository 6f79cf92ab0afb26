"""Bearer tokens for writes: short-lived EdDSA JWTs naming the participant, checked against configured keys.

A development node issues its own (``issue_token``); in production the tokens come from an OIDC-style issuer
whose JWKS the operator configures. Every refusal is an ``UnauthenticatedError`` saying exactly what was wrong.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hdsgraph.credentials._dates import aware
from hdsgraph.credentials.errors import CredentialError, UnauthenticatedError
from hdsgraph.credentials.jws import decode_compact, sign_compact, verify_compact
from hdsgraph.credentials.keys import KeyPair, PublicKey

__all__ = ["TokenVerifier", "issue_token", "load_jwks"]

_TOKEN_TYPE = "JWT"


def issue_token(
    key: KeyPair,
    *,
    participant: str,
    issuer: str,
    audience: str,
    lifetime: timedelta = timedelta(hours=12),
    now: datetime | None = None,
) -> str:
    """A signed token saying ``issuer`` vouches that the bearer is ``participant``, for ``audience``, until
    ``now + lifetime``. The key needs a ``kid`` so verifiers can pick it from a JWKS."""
    if key.kid is None:
        raise UnauthenticatedError("a token signing key needs a kid so that verifiers can find it in the JWKS")
    issued = aware(now or datetime.now(UTC))
    claims = {
        "iss": issuer,
        "sub": participant,
        "aud": audience,
        "iat": int(issued.timestamp()),
        "exp": int((issued + lifetime).timestamp()),
        "jti": str(uuid.uuid4()),
    }
    return sign_compact(json.dumps(claims).encode(), key, {"typ": _TOKEN_TYPE})


def load_jwks(path: Path) -> list[PublicKey]:
    """The public keys of the JWKS file at ``path`` (``{"keys": [...]}``)."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise CredentialError(f'{path}: cannot read a JWKS from it ({e}); expected {{"keys": [...]}}') from e
    return _keys_of(document, str(path))


class TokenVerifier:
    """Checks ``Authorization: Bearer <jwt>`` headers against trusted keys, one audience and optional issuers."""

    def __init__(
        self,
        keys: Sequence[PublicKey] | Mapping[str, Any],
        *,
        audience: str,
        issuers: set[str] | None = None,
        leeway_s: int = 60,
    ) -> None:
        found = _keys_of(keys, "the JWKS") if isinstance(keys, Mapping) else list(keys)
        missing = [key for key in found if not key.kid]
        if missing:
            raise CredentialError(f"every token verification key needs a kid; {len(missing)} have none")
        self._keys = {key.kid: key for key in found if key.kid}
        self.audience = audience
        self.issuers = issuers
        self.leeway = timedelta(seconds=leeway_s)

    def verify(self, authorization_header: str | None, *, now: datetime | None = None) -> str:
        """The participant IRI (``sub``) of a valid bearer token; UnauthenticatedError otherwise."""
        token = _bearer(authorization_header)
        try:
            header, _ = decode_compact(token)
        except CredentialError as e:
            raise UnauthenticatedError(f"the bearer token is malformed: {e.message}") from e
        kid = header.get("kid")
        key = self._keys.get(kid) if isinstance(kid, str) else None
        if key is None:
            raise UnauthenticatedError(
                f"the bearer token's kid {kid!r} is not one of the trusted keys ({', '.join(sorted(self._keys))})",
                kid=kid,
            )
        try:
            _, payload = verify_compact(token, key)
        except CredentialError as e:
            raise UnauthenticatedError(f"the bearer token's signature does not verify: {e.message}") from e
        return self._check_claims(_claims(payload), aware(now or datetime.now(UTC)))

    def _check_claims(self, claims: Mapping[str, Any], now: datetime) -> str:
        exp, nbf = claims.get("exp"), claims.get("nbf")
        if not isinstance(exp, int | float) or isinstance(exp, bool):
            raise UnauthenticatedError("the bearer token has no exp claim; tokens must expire")
        expires = datetime.fromtimestamp(exp, tz=UTC)
        if now > expires + self.leeway:
            raise UnauthenticatedError(
                f"the bearer token expired at {expires.isoformat()} (now {now.isoformat()}); request a new one",
                expired_at=expires.isoformat(),
            )
        if isinstance(nbf, int | float) and not isinstance(nbf, bool):
            starts = datetime.fromtimestamp(nbf, tz=UTC)
            if now + self.leeway < starts:
                raise UnauthenticatedError(f"the bearer token is not valid before {starts.isoformat()}")
        audiences = claims.get("aud")
        audiences = audiences if isinstance(audiences, list) else [audiences]
        if self.audience not in audiences:
            raise UnauthenticatedError(
                f"the bearer token is for the audience {claims.get('aud')!r}, not this node ({self.audience!r})"
            )
        if self.issuers is not None and claims.get("iss") not in self.issuers:
            raise UnauthenticatedError(
                f"the bearer token's issuer {claims.get('iss')!r} is not trusted; trusted: {sorted(self.issuers)}"
            )
        participant = claims.get("sub")
        if not isinstance(participant, str) or not participant:
            raise UnauthenticatedError("the bearer token has no sub claim naming the participant")
        return participant


def _bearer(header: str | None) -> str:
    if header is None or not header.strip():
        raise UnauthenticatedError(
            "the request has no Authorization header; writes need 'Authorization: Bearer <token>'"
        )
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        raise UnauthenticatedError(
            f"the Authorization scheme is {scheme!r}; accepted: Bearer (as in 'Authorization: Bearer <token>')"
        )
    if not token.strip():
        raise UnauthenticatedError("the Authorization header says Bearer but carries no token")
    return token.strip()


def _claims(payload: bytes) -> dict[str, Any]:
    try:
        claims = json.loads(payload)
    except ValueError as e:
        raise UnauthenticatedError(f"the bearer token's payload is not JSON: {e}") from e
    if not isinstance(claims, dict):
        raise UnauthenticatedError("the bearer token's payload is not a JSON object of claims")
    return claims


def _keys_of(document: Any, where: str) -> list[PublicKey]:
    keys = document.get("keys") if isinstance(document, Mapping) else None
    if not isinstance(keys, list):
        raise CredentialError(f"{where}: a JWKS is a JSON object with a 'keys' list")
    return [PublicKey.from_jwk(jwk) for jwk in keys]
