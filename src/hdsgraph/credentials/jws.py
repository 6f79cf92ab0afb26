"""JSON Web Signatures (RFC 7515) in compact form, and detached with an unencoded payload (RFC 7797).

Verification takes the key from the caller, never from the header (no ``jwk``/``x5u`` lookups), and the header's
``alg`` must be the key's own algorithm: a token cannot choose a weaker one, and ``none`` is never accepted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from hdsgraph.credentials._b64 import b64url_decode, b64url_encode
from hdsgraph.credentials.errors import CredentialError
from hdsgraph.credentials.keys import KeyPair, PublicKey

__all__ = ["decode_compact", "sign_compact", "sign_detached", "verify_compact", "verify_detached"]

# Header parameters this implementation understands when a signer marks them critical.
_UNDERSTOOD_CRITICAL = {"b64"}


def sign_compact(payload: bytes, key: KeyPair, header: Mapping[str, Any] | None = None) -> str:
    """``header.payload.signature``, the header holding ``alg`` (and ``kid`` when the key has one)."""
    protected = _encode_header(key, header, {})
    payload_part = b64url_encode(payload)
    signature = key.sign(f"{protected}.{payload_part}".encode("ascii"))
    return f"{protected}.{payload_part}.{b64url_encode(signature)}"


def decode_compact(token: str) -> tuple[dict[str, Any], bytes]:
    """The header and payload of a compact JWS, NOT verified; a malformed token names the part at fault."""
    header, payload, _, _ = _split_compact(token)
    return header, payload


def verify_compact(token: str, key: PublicKey) -> tuple[dict[str, Any], bytes]:
    """The header and payload of ``token`` once its signature verifies with ``key``."""
    header, payload, signing_input, signature = _split_compact(token)
    _check_header(header, key, detached=False)
    if not key.verify(signature, signing_input):
        raise CredentialError(
            f"the JWS signature does not verify with the key {_describe(key)}", reason="bad signature"
        )
    return header, payload


def sign_detached(payload: bytes, key: KeyPair, header: Mapping[str, Any] | None = None) -> str:
    """``header..signature`` over the unencoded ``payload`` (RFC 7797: ``b64`` false, marked critical)."""
    protected = _encode_header(key, header, {"b64": False, "crit": ["b64"]})
    signature = key.sign(protected.encode("ascii") + b"." + payload)
    return f"{protected}..{b64url_encode(signature)}"


def verify_detached(jws: str, payload: bytes, key: PublicKey) -> dict[str, Any]:
    """The header of the detached ``jws`` once it verifies over ``payload`` (unencoded or base64url, per ``b64``)."""
    parts = jws.split(".") if isinstance(jws, str) else []
    if len(parts) != 3 or parts[1]:
        raise CredentialError(
            "a detached JWS must read '<header>..<signature>' (three parts, the middle one empty)",
            reason="malformed signature",
        )
    header = _decode_header(parts[0])
    signature = _decode_part(parts[2], "signature")
    _check_header(header, key, detached=True)
    encoded = header.get("b64", True)
    body = payload if encoded is False else b64url_encode(payload).encode("ascii")
    if not key.verify(signature, parts[0].encode("ascii") + b"." + body):
        raise CredentialError(
            f"the detached JWS signature does not verify over the payload with the key {_describe(key)}",
            reason="bad signature",
        )
    return header


def _encode_header(key: KeyPair, header: Mapping[str, Any] | None, fixed: Mapping[str, Any]) -> str:
    values: dict[str, Any] = {"alg": key.algorithm}
    if key.kid is not None:
        values["kid"] = key.kid
    values.update(header or {})
    values.update(fixed)
    if values["alg"] != key.algorithm:
        raise CredentialError(
            f"the header's alg {values['alg']!r} does not match the signing key; this key signs {key.algorithm!r}",
            reason="bad header",
        )
    return b64url_encode(json.dumps(values, separators=(",", ":")).encode())


def _split_compact(token: str) -> tuple[dict[str, Any], bytes, bytes, bytes]:
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 3:
        raise CredentialError(
            f"a compact JWS has three base64url parts separated by '.', this one has {len(parts)}",
            reason="malformed token",
        )
    header = _decode_header(parts[0])
    if header.get("b64") is False:
        raise CredentialError(
            "a compact JWS with an unencoded payload (b64 false) is not accepted; use the detached form",
            reason="malformed token",
        )
    payload = _decode_part(parts[1], "payload")
    signature = _decode_part(parts[2], "signature")
    return header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), signature


def _decode_header(part: str) -> dict[str, Any]:
    raw = _decode_part(part, "header")
    try:
        header = json.loads(raw)
    except ValueError as e:
        raise CredentialError(f"the JWS header is not JSON: {e}", reason="malformed header") from e
    if not isinstance(header, dict):
        raise CredentialError(
            f"the JWS header is a JSON {type(header).__name__}; expected an object", reason="malformed header"
        )
    return header


def _decode_part(part: str, name: str) -> bytes:
    try:
        return b64url_decode(part)
    except ValueError as e:
        raise CredentialError(f"the JWS {name} is {e}", reason="malformed token", part=name) from e


def _check_header(header: Mapping[str, Any], key: PublicKey, *, detached: bool) -> None:
    alg = header.get("alg")
    if not isinstance(alg, str) or alg.lower() == "none":
        raise CredentialError(
            f"the JWS header's alg {alg!r} is not accepted; it must name the key's algorithm ({key.algorithm})",
            reason="bad header",
        )
    if not key.accepts(alg):
        raise CredentialError(
            f"the JWS header's alg {alg!r} does not match the key {_describe(key)}, which verifies {key.algorithm!r}",
            reason="bad header",
        )
    critical = header.get("crit", [])
    if not isinstance(critical, list) or (not critical and "crit" in header):
        raise CredentialError("the JWS header's crit must be a non-empty list of names", reason="bad header")
    unknown = [name for name in critical if name not in _UNDERSTOOD_CRITICAL or name not in header]
    if unknown:
        raise CredentialError(
            f"the JWS header marks {unknown} critical; understood: {sorted(_UNDERSTOOD_CRITICAL)} (present in it)",
            reason="bad header",
        )
    b64 = header.get("b64", True)
    if not isinstance(b64, bool) or (b64 is False and "b64" not in critical):
        raise CredentialError(
            "the JWS header's b64 must be a boolean, and listed in crit when false", reason="bad header"
        )
    if not detached and b64 is False:
        raise CredentialError("an unencoded payload (b64 false) needs the detached form", reason="bad header")


def _describe(key: PublicKey) -> str:
    return repr(key.kid) if key.kid else f"with thumbprint {key.thumbprint()}"
