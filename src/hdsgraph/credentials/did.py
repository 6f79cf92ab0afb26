"""did:key (W3C CCG did:key method) for Ed25519 and P-256 keys: the DID is the key, so it resolves offline.

The method-specific identifier is base58btc multibase (``z``) of the multicodec prefix and the raw public key:
``ed25519-pub`` (0xed) with the 32-byte key, ``p256-pub`` (0x1200) with the 33-byte compressed point.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from hdsgraph.credentials._multibase import decode_base58btc, encode_base58btc, read_varint, varint
from hdsgraph.credentials.errors import CredentialError
from hdsgraph.credentials.keys import PublicKey

__all__ = ["decode_multikey", "did_key_for", "encode_multikey", "resolve_did_key"]

_ED25519_PUB = 0xED
_P256_PUB = 0x1200
_ACCEPTED = "Ed25519 (multicodec 0xed) and P-256 (multicodec 0x1200, compressed point)"


def did_key_for(key: PublicKey) -> str:
    """The did:key naming ``key``."""
    return "did:key:" + encode_multikey(key)


def resolve_did_key(did: str) -> PublicKey:
    """The key a did:key (or a did:key URL with its ``#fragment``) names, ``kid`` set to its verification method."""
    if not isinstance(did, str) or not did.startswith("did:key:"):
        raise CredentialError(f"{did!r} is not a did:key; it must start with 'did:key:'", reason="not a did:key")
    identifier, _, fragment = did.removeprefix("did:key:").partition("#")
    if fragment and fragment != identifier:
        raise CredentialError(
            f"{did!r} names the verification method #{fragment}; a did:key has only #{identifier}",
            reason="unknown verification method",
        )
    key = decode_multikey(identifier, context=did)
    return PublicKey(key.key, key.algorithm, kid=f"did:key:{identifier}#{identifier}")


def encode_multikey(key: PublicKey) -> str:
    """``z`` + base58btc(multicodec prefix + raw key), the publicKeyMultibase of a Multikey."""
    raw = key.key
    if isinstance(raw, ed25519.Ed25519PublicKey):
        return "z" + encode_base58btc(varint(_ED25519_PUB) + raw.public_bytes_raw())
    if isinstance(raw, ec.EllipticCurvePublicKey):
        point = raw.public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
        return "z" + encode_base58btc(varint(_P256_PUB) + point)
    raise CredentialError(f"a {key.algorithm} key has no did:key form here; accepted: {_ACCEPTED}", reason="bad key")


def decode_multikey(value: str, *, context: str) -> PublicKey:
    """The key of a publicKeyMultibase value; ``context`` (the DID or method) is named in errors."""
    if not value.startswith("z"):
        raise CredentialError(
            f"{context!r}: the key {value[:12]!r}… is not base58btc multibase; it must start with 'z'",
            reason="malformed key",
        )
    try:
        codec, raw = read_varint(decode_base58btc(value[1:]))
    except ValueError as e:
        raise CredentialError(f"{context!r}: the key does not decode: {e}", reason="malformed key") from e
    try:
        if codec == _ED25519_PUB and len(raw) == 32:
            return PublicKey(ed25519.Ed25519PublicKey.from_public_bytes(raw), "EdDSA")
        if codec == _P256_PUB and len(raw) == 33:
            return PublicKey(ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw), "ES256")
    except ValueError as e:
        raise CredentialError(f"{context!r}: the key bytes are not a valid point: {e}", reason="malformed key") from e
    raise CredentialError(
        f"{context!r}: multicodec 0x{codec:x} with {len(raw)} key bytes is not accepted; accepted: {_ACCEPTED}",
        reason="unsupported key",
    )
