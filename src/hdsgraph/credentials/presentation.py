"""One entry point for publishing: verify a presentation (or a single credential) in any accepted form.

Accepted: a Tagus presentation (JSON-LD, credentials with ``JsonWebSignature2020`` proofs, an optional proof of
the presentation itself), a single Tagus credential, a Loire presentation holding ``EnvelopedVerifiableCredential``s
(``data:application/vc+jwt,<jwt>``), a presentation as a JWT (``vp+jwt``) holding such, or a bare VC-JWT.

Every credential must be signed, verify, and be valid at the time given; the first one that is not stops the whole
presentation with an error naming its index and id. Nothing is fetched.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from hdsgraph.core.errors import BadInputError
from hdsgraph.credentials._dates import aware, check_window, credential_window, from_numeric_date
from hdsgraph.credentials.credential_graph import VerifiedCredential, describe_credential
from hdsgraph.credentials.errors import CredentialError
from hdsgraph.credentials.jose import CREDENTIAL_TYPES, PRESENTATION_TYPES, verify_jwt
from hdsgraph.credentials.jws import decode_compact
from hdsgraph.credentials.linked_data import without
from hdsgraph.credentials.proofs import signer_of, verify_jws2020
from hdsgraph.credentials.registry import TrustRegistry
from hdsgraph.rdfio.jsonld import read_json

__all__ = [
    "VC_V2_CONTEXT",
    "VerifiedCredential",
    "VerifiedPresentation",
    "make_presentation",
    "verify_presentation",
]

VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
_T = TypeVar("_T")
_ENVELOPED = "EnvelopedVerifiableCredential"
_ENVELOPED_PRESENTATION = "EnvelopedVerifiablePresentation"


@dataclass(frozen=True)
class VerifiedPresentation:
    """The presentation's holder (when it names one) and its credentials, each verified, in their order."""

    holder: str | None
    credentials: tuple[VerifiedCredential, ...]


def verify_presentation(
    document: bytes, registry: TrustRegistry, *, at: datetime, source: str = "presentation"
) -> VerifiedPresentation:
    """Verify every credential of ``document`` at ``at``; CredentialError (or ParseError) naming the first failure."""
    at = aware(at)
    text = document.strip()
    if not text.startswith((b"{", b"[")):
        return _from_jwt(_ascii(text, source), registry, at=at, source=source)
    data = read_json(document, source=source)
    if not isinstance(data, dict):
        raise CredentialError(
            f"{source}: a presentation or credential is a JSON object, not a JSON {type(data).__name__}",
            reason="wrong structure",
        )
    types = _types(data)
    if _ENVELOPED_PRESENTATION in types:
        return _from_jwt(_envelope_content(data, PRESENTATION_TYPES), registry, at=at, source=source)
    if "VerifiablePresentation" in types:
        if "proof" in data:
            _wrap(source, None, data, lambda: verify_jws2020(data, registry, at=at))
        return VerifiedPresentation(signer_of(data), _credentials(data, registry, at=at, source=source))
    if "VerifiableCredential" in types or _ENVELOPED in types:
        return VerifiedPresentation(None, (_credential(0, data, registry, at=at, source=source),))
    raise CredentialError(
        f"{source}: the document's type {data.get('type')!r} is neither VerifiablePresentation nor "
        "VerifiableCredential (nor their enveloped forms)",
        reason="wrong structure",
    )


def make_presentation(credentials: list[dict[str, Any] | str], *, holder: str | None) -> dict[str, Any]:
    """An unsigned presentation of ``credentials``: JWTs become enveloped credentials (VC 2.0), JSON-LD
    credentials are embedded as they are (under VC 1.1 when all of them are VC 1.1, as Tagus presentations are)."""
    all_v1 = all(isinstance(c, dict) and VC_V1_CONTEXT in _list(c.get("@context")) for c in credentials)
    entries = [
        {"@context": VC_V2_CONTEXT, "id": f"data:application/vc+jwt,{c}", "type": _ENVELOPED}
        if isinstance(c, str)
        else c
        for c in credentials
    ]
    presentation: dict[str, Any] = {
        "@context": [VC_V1_CONTEXT if all_v1 and credentials else VC_V2_CONTEXT],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": entries,
    }
    if holder is not None:
        presentation["holder"] = holder
    return presentation


def _from_jwt(token: str, registry: TrustRegistry, *, at: datetime, source: str) -> VerifiedPresentation:
    header, _ = _wrap(source, None, None, lambda: decode_compact(token))
    if header.get("typ") in PRESENTATION_TYPES or str(header.get("typ")).removeprefix("application/") in (
        PRESENTATION_TYPES
    ):
        verified = _wrap(
            source, None, None, lambda: verify_jwt(token, registry, at=at, accepted_types=PRESENTATION_TYPES)
        )
        holder = signer_of(verified.document) or verified.claims.get("iss")
        return VerifiedPresentation(holder, _credentials(verified.document, registry, at=at, source=source))
    return VerifiedPresentation(None, (_credential(0, token, registry, at=at, source=source),))


def _credentials(
    presentation: Mapping[str, Any], registry: TrustRegistry, *, at: datetime, source: str
) -> tuple[VerifiedCredential, ...]:
    entries = _list(presentation.get("verifiableCredential"))
    if not entries:
        raise CredentialError(
            f"{source}: the presentation holds no credentials; verifiableCredential must list at least one",
            reason="wrong structure",
        )
    context = presentation.get("@context")
    # An embedded credential without its own @context is read under the presentation's, as JSON-LD would.
    return tuple(
        _credential(
            index,
            {"@context": context, **entry} if isinstance(entry, dict) and "@context" not in entry else entry,
            registry,
            at=at,
            source=source,
        )
        for index, entry in enumerate(entries)
    )


def _credential(index: int, entry: Any, registry: TrustRegistry, *, at: datetime, source: str) -> VerifiedCredential:
    identifier = _peek_id(entry)
    label = f"{source} credential {index}" + (f" ({identifier})" if isinstance(identifier, str) else "")
    if isinstance(entry, dict) and _ENVELOPED in _types(entry):
        envelope = entry
        entry = _wrap(source, index, envelope, lambda: _envelope_content(envelope, CREDENTIAL_TYPES))
    if isinstance(entry, str):
        return _wrap(source, index, entry, lambda: _jwt_credential(index, entry, registry, at=at, label=label))
    if not isinstance(entry, dict):
        raise _failure(
            source,
            index,
            None,
            CredentialError(
                f"a credential is a JSON object or a JWT string, not a JSON {type(entry).__name__}",
                reason="wrong structure",
            ),
        )
    return _wrap(source, index, entry, lambda: _ld_credential(index, entry, registry, at=at, label=label))


def _ld_credential(
    index: int, credential: dict[str, Any], registry: TrustRegistry, *, at: datetime, label: str
) -> VerifiedCredential:
    if "proof" not in credential:
        raise CredentialError(
            "the credential is not signed: it has no proof and is not enveloped; accepted: a JsonWebSignature2020 "
            "proof (Tagus) or a VC-JWT (Loire)",
            reason="unsigned",
        )
    method = verify_jws2020(credential, registry, at=at)
    start, end, names = credential_window(credential)
    check_window(start, end, at=at, what="the credential", names=names)
    return describe_credential(
        without(credential, "proof"),
        index=index,
        source=label,
        generation="tagus",
        verification_method=method,
        valid_from=start,
        valid_until=end,
    )


def _jwt_credential(index: int, token: str, registry: TrustRegistry, *, at: datetime, label: str) -> VerifiedCredential:
    verified = verify_jwt(token, registry, at=at, accepted_types=CREDENTIAL_TYPES)
    start, end, names = credential_window(verified.document)
    check_window(start, end, at=at, what="the credential", names=names)
    claims = verified.claims
    return describe_credential(
        verified.document,
        index=index,
        source=label,
        generation="loire",
        verification_method=verified.verification_method,
        valid_from=start or (from_numeric_date(claims["nbf"], claim="nbf") if "nbf" in claims else None),
        valid_until=end or (from_numeric_date(claims["exp"], claim="exp") if "exp" in claims else None),
    )


def _envelope_content(envelope: Mapping[str, Any], accepted: tuple[str, ...]) -> str:
    url = envelope.get("id", envelope.get("@id"))
    media = tuple(f"application/{name}" for name in accepted)
    if not isinstance(url, str) or not url.startswith("data:"):
        raise CredentialError(
            f"an enveloped credential's id must be a data: URL ({', '.join(media)}), not {str(url)[:60]!r}",
            reason="wrong structure",
        )
    head, comma, content = url.removeprefix("data:").partition(",")
    media_type, *parameters = head.split(";")
    if not comma or media_type not in media:
        raise CredentialError(
            f"the data: URL's media type {media_type!r} is not accepted; accepted: {', '.join(media)}",
            reason="wrong structure",
        )
    if "base64" in parameters:
        try:
            content = base64.b64decode(content, validate=True).decode("ascii")
        except (binascii.Error, UnicodeDecodeError) as e:
            raise CredentialError(
                f"the data: URL's base64 content does not decode: {e}", reason="malformed token"
            ) from e
    return content


def _wrap(source: str, index: int | None, entry: Any, action: Callable[[], _T]) -> _T:
    try:
        return action()
    except (CredentialError, BadInputError) as e:
        raise _failure(source, index, entry, e) from e


def _failure(source: str, index: int | None, entry: Any, error: CredentialError | BadInputError) -> CredentialError:
    if index is None:
        return CredentialError(f"{source}: the presentation: {error.message}", **error.details)
    identifier = _peek_id(entry)
    named = f"credential {index}" + (f" ({identifier})" if isinstance(identifier, str) else "")
    details = {**error.details, "credential": {"index": index, "id": identifier}}
    details.setdefault("reason", "invalid")
    return CredentialError(f"{source}: {named}: {error.message}", **details)


def _peek_id(entry: Any) -> str | None:
    """The id an entry gives itself, to name it in messages (read before verification: never trusted for more)."""
    if isinstance(entry, dict):
        identifier = entry.get("id", entry.get("@id"))
        if not (isinstance(identifier, str) and identifier.startswith("data:")):
            return identifier if isinstance(identifier, str) else None
        try:
            entry = _envelope_content(entry, CREDENTIAL_TYPES)
        except CredentialError:
            return None
    if isinstance(entry, str):
        try:
            payload = json.loads(decode_compact(entry)[1])
        except (CredentialError, ValueError):
            return None
        identifier = payload.get("id") if isinstance(payload, dict) else None
        return identifier if isinstance(identifier, str) else None
    return None


def _types(document: Mapping[str, Any]) -> list[Any]:
    return _list(document.get("type", document.get("@type")))


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _ascii(text: bytes, source: str) -> str:
    try:
        return text.decode("ascii")
    except UnicodeDecodeError as e:
        raise CredentialError(
            f"{source}: the document is neither JSON (a presentation or credential) nor a JWT (ASCII text)",
            reason="wrong structure",
        ) from e
