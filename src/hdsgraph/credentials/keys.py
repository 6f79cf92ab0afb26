"""Signing keys and their public halves as JWKs (RFC 7517): Ed25519 (EdDSA), P-256 (ES256) and RSA (PS256).

Signatures are in JWS form (RFC 7518): ES256 is the raw 64-byte ``r || s``, PS256 is RSASSA-PSS with SHA-256,
MGF1-SHA-256 and a 32-byte salt.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from hdsgraph.credentials._b64 import b64url_decode, b64url_encode
from hdsgraph.credentials.errors import CredentialError

__all__ = ["ALGORITHMS", "KeyPair", "PublicKey", "read_jwk_file", "write_jwk_file"]

ALGORITHMS = ("EdDSA", "ES256", "PS256")
# JWK key type and curve of each algorithm; RSA has no curve.
_KTY = {"EdDSA": ("OKP", "Ed25519"), "ES256": ("EC", "P-256"), "PS256": ("RSA", None)}
_ALGORITHM_OF = {("OKP", "Ed25519"): "EdDSA", ("EC", "P-256"): "ES256", ("RSA", None): "PS256"}
# RFC 9864 names Ed25519 by itself; tokens from newer signers carry it instead of the polymorphic "EdDSA".
_ALIASES = {"Ed25519": "EdDSA"}
_MIN_RSA_BITS = 2048
_PSS_SIGN = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
# Verification reads the salt length from the signature: signers that use the maximum salt are as safe.
_PSS_VERIFY = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.AUTO)

PrivateKeyObject = ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
PublicKeyObject = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey


class PublicKey:
    """A verification key: its algorithm, an optional ``kid``, and any ``x5c`` certificate chain it came with."""

    def __init__(self, key: PublicKeyObject, algorithm: str, kid: str | None = None, x5c: tuple[str, ...] = ()) -> None:
        _check_matches(key, algorithm)
        self._key = key
        self.algorithm = algorithm
        self.kid = kid
        self.x5c = x5c

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> PublicKey:
        """The public key of ``jwk``; private members, when present, are ignored."""
        algorithm, kid = _algorithm_of(jwk), _optional_text(jwk, "kid")
        x5c = jwk.get("x5c", [])
        if not isinstance(x5c, list) or not all(isinstance(c, str) for c in x5c):
            raise _bad_jwk(jwk, "x5c", "a list of base64 DER certificates")
        return cls(_public_from_jwk(jwk, algorithm), algorithm, kid, tuple(x5c))

    @classmethod
    def from_key(cls, key: object, *, kid: str | None = None, algorithm: str | None = None) -> PublicKey:
        """A ``cryptography`` public key (from a certificate, a DID) with its default or the given algorithm."""
        if not isinstance(key, ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
            raise CredentialError(
                f"a {type(key).__name__} cannot verify signatures here; accepted: Ed25519, EC P-256, RSA",
                reason="unsupported key",
            )
        return cls(key, algorithm or _default_algorithm(key), kid)

    @property
    def key(self) -> PublicKeyObject:
        return self._key

    def accepts(self, alg: str) -> bool:
        """Whether a JWS header's ``alg`` names this key's algorithm."""
        return _ALIASES.get(alg, alg) == self.algorithm

    def jwk(self) -> dict[str, Any]:
        """The public JWK: key members, ``alg``, and ``kid``/``x5c`` when known."""
        jwk: dict[str, Any] = {**_public_members(self._key), "alg": self.algorithm}
        if self.kid is not None:
            jwk["kid"] = self.kid
        if self.x5c:
            jwk["x5c"] = list(self.x5c)
        return jwk

    def thumbprint(self) -> str:
        """The RFC 7638 JWK thumbprint (SHA-256 of the required members), base64url."""
        members = _public_members(self._key)
        canonical = json.dumps(members, sort_keys=True, separators=(",", ":")).encode()
        return b64url_encode(hashlib.sha256(canonical).digest())

    def verify(self, signature: bytes, data: bytes) -> bool:
        """Whether ``signature`` is this key's signature of ``data`` under its algorithm."""
        try:
            if isinstance(self._key, ed25519.Ed25519PublicKey):
                self._key.verify(signature, data)
            elif isinstance(self._key, ec.EllipticCurvePublicKey):
                if len(signature) != 64:
                    return False
                r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
                self._key.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
            else:
                self._key.verify(signature, data, _PSS_VERIFY, hashes.SHA256())
        except InvalidSignature:
            return False
        return True

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PublicKey) and other.thumbprint() == self.thumbprint()

    def __hash__(self) -> int:
        return hash(self.thumbprint())

    def __repr__(self) -> str:
        return f"PublicKey({self.algorithm}, kid={self.kid!r}, thumbprint={self.thumbprint()!r})"


class KeyPair:
    """A private signing key with its algorithm and optional ``kid``."""

    def __init__(self, key: PrivateKeyObject, algorithm: str, kid: str | None = None) -> None:
        _check_matches(key.public_key(), algorithm)
        self._key = key
        self.algorithm = algorithm
        self.kid = kid

    @classmethod
    def generate(cls, algorithm: str = "EdDSA", kid: str | None = None) -> KeyPair:
        """A fresh key: Ed25519 for EdDSA, P-256 for ES256, RSA 3072 bits for PS256."""
        if algorithm == "EdDSA":
            key: PrivateKeyObject = ed25519.Ed25519PrivateKey.generate()
        elif algorithm == "ES256":
            key = ec.generate_private_key(ec.SECP256R1())
        elif algorithm == "PS256":
            key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
        else:
            raise _unknown_algorithm(algorithm)
        return cls(key, algorithm, kid)

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> KeyPair:
        """The key pair of a private JWK (OKP Ed25519, EC P-256 or RSA)."""
        algorithm, kid = _algorithm_of(jwk), _optional_text(jwk, "kid")
        if "d" not in jwk:
            raise _bad_jwk(jwk, "d", "the private key member; this JWK holds a public key only")
        return cls(_private_from_jwk(jwk, algorithm), algorithm, kid)

    def public_key(self) -> PublicKey:
        return PublicKey(self._key.public_key(), self.algorithm, self.kid)

    def public_jwk(self) -> dict[str, Any]:
        return self.public_key().jwk()

    def private_jwk(self) -> dict[str, Any]:
        """The JWK with the private members: keep it secret (``write_jwk_file`` makes the file owner-only)."""
        jwk = self.public_jwk()
        key = self._key
        if isinstance(key, ed25519.Ed25519PrivateKey):
            jwk["d"] = b64url_encode(key.private_bytes_raw())
        elif isinstance(key, ec.EllipticCurvePrivateKey):
            jwk["d"] = b64url_encode(key.private_numbers().private_value.to_bytes(32, "big"))
        else:
            numbers = key.private_numbers()
            for name, value in (
                ("d", numbers.d),
                ("p", numbers.p),
                ("q", numbers.q),
                ("dp", numbers.dmp1),
                ("dq", numbers.dmq1),
                ("qi", numbers.iqmp),
            ):
                jwk[name] = _uint(value)
        return jwk

    def sign(self, data: bytes) -> bytes:
        """The JWS signature of ``data`` under this key's algorithm."""
        key = self._key
        if isinstance(key, ed25519.Ed25519PrivateKey):
            return key.sign(data)
        if isinstance(key, ec.EllipticCurvePrivateKey):
            r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
            return r.to_bytes(32, "big") + s.to_bytes(32, "big")
        return key.sign(data, _PSS_SIGN, hashes.SHA256())

    def __repr__(self) -> str:
        # Never the private members: a repr ends up in logs.
        return f"KeyPair({self.algorithm}, kid={self.kid!r})"


def read_jwk_file(path: Path) -> KeyPair:
    """The key pair in the private JWK file at ``path``."""
    try:
        jwk = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise CredentialError(f"{path}: cannot read a JWK from it ({e}); expected a JSON object", path=str(path)) from e
    if not isinstance(jwk, dict):
        raise CredentialError(f"{path}: holds {type(jwk).__name__}, not a JWK object", path=str(path))
    return KeyPair.from_jwk(jwk)


def write_jwk_file(path: Path, key: KeyPair) -> None:
    """Write ``key`` as a private JWK to ``path``, readable and writable by its owner only (0600)."""
    path = Path(path)
    # Created with 0600 so the secret is never readable by others, not even between create and chmod.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        os.chmod(path, 0o600)  # an existing file keeps its mode through O_CREAT
        json.dump(key.private_jwk(), file, indent=2)
        file.write("\n")


def _algorithm_of(jwk: Mapping[str, Any]) -> str:
    if not isinstance(jwk, Mapping):
        raise CredentialError(f"a JWK must be a JSON object, not {type(jwk).__name__}", reason="malformed key")
    kty = jwk.get("kty")
    crv = None if kty == "RSA" else jwk.get("crv")
    known = isinstance(kty, str) and (crv is None or isinstance(crv, str))
    algorithm = _ALGORITHM_OF.get((kty, crv)) if known else None  # type: ignore[arg-type]
    if algorithm is None:
        accepted = ", ".join(f"kty {k}" + (f" crv {c}" if c else "") for k, c in _ALGORITHM_OF)
        found = f"kty {kty!r}" + (f" crv {crv!r}" if crv is not None else "")
        raise CredentialError(f"a JWK with {found} is not accepted; accepted: {accepted}", reason="unsupported key")
    alg = jwk.get("alg")
    if alg is not None and _ALIASES.get(alg, alg) != algorithm:
        raise CredentialError(
            f"a JWK with kty {kty!r} and alg {alg!r} is not accepted; with this key type alg must be {algorithm!r}",
            reason="unsupported key",
        )
    return algorithm


def _default_algorithm(key: PublicKeyObject) -> str:
    if isinstance(key, ed25519.Ed25519PublicKey):
        return "EdDSA"
    return "ES256" if isinstance(key, ec.EllipticCurvePublicKey) else "PS256"


def _check_matches(key: PublicKeyObject, algorithm: str) -> None:
    if algorithm not in _KTY:
        raise _unknown_algorithm(algorithm)
    if isinstance(key, ec.EllipticCurvePublicKey) and not isinstance(key.curve, ec.SECP256R1):
        raise CredentialError(
            f"EC keys on curve {key.curve.name} are not accepted; accepted: P-256 (secp256r1)", reason="unsupported key"
        )
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < _MIN_RSA_BITS:
        raise CredentialError(
            f"an RSA key of {key.key_size} bits is too short; accepted: {_MIN_RSA_BITS} bits or more",
            reason="unsupported key",
        )
    if _default_algorithm(key) != algorithm:
        raise CredentialError(
            f"a {type(key).__name__} cannot sign with {algorithm}; it signs with {_default_algorithm(key)}",
            reason="unsupported key",
        )


def _unknown_algorithm(algorithm: str) -> CredentialError:
    return CredentialError(
        f"the algorithm {algorithm!r} is not accepted; accepted: {', '.join(ALGORITHMS)}", reason="unsupported key"
    )


def _public_members(key: PublicKeyObject) -> dict[str, str]:
    # Exactly the members RFC 7638 hashes, which are also all a public JWK needs.
    if isinstance(key, ed25519.Ed25519PublicKey):
        return {"crv": "Ed25519", "kty": "OKP", "x": b64url_encode(key.public_bytes_raw())}
    if isinstance(key, ec.EllipticCurvePublicKey):
        numbers = key.public_numbers()
        x, y = numbers.x.to_bytes(32, "big"), numbers.y.to_bytes(32, "big")
        return {"crv": "P-256", "kty": "EC", "x": b64url_encode(x), "y": b64url_encode(y)}
    rsa_numbers = key.public_numbers()
    return {"e": _uint(rsa_numbers.e), "kty": "RSA", "n": _uint(rsa_numbers.n)}


def _public_from_jwk(jwk: Mapping[str, Any], algorithm: str) -> PublicKeyObject:
    try:
        if algorithm == "EdDSA":
            return ed25519.Ed25519PublicKey.from_public_bytes(_member(jwk, "x", 32))
        if algorithm == "ES256":
            x, y = _int_member(jwk, "x", 32), _int_member(jwk, "y", 32)
            return ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
        return rsa.RSAPublicNumbers(_int_member(jwk, "e"), _int_member(jwk, "n")).public_key()
    except ValueError as e:
        raise CredentialError(
            f"the JWK's key members do not form a valid {algorithm} key: {e}", reason="bad key"
        ) from e


def _private_from_jwk(jwk: Mapping[str, Any], algorithm: str) -> PrivateKeyObject:
    try:
        if algorithm == "EdDSA":
            key: PrivateKeyObject = ed25519.Ed25519PrivateKey.from_private_bytes(_member(jwk, "d", 32))
        elif algorithm == "ES256":
            key = ec.derive_private_key(_int_member(jwk, "d", 32), ec.SECP256R1())
        else:
            key = _rsa_private(jwk)
    except ValueError as e:
        raise CredentialError(f"the JWK's members do not form a valid {algorithm} key: {e}", reason="bad key") from e
    # The public members must describe the same key, or signatures would verify against the wrong one.
    if _public_members(key.public_key()) != _public_members(_public_from_jwk(jwk, algorithm)):
        raise CredentialError("the JWK's public members do not belong to its private key 'd'", reason="bad key")
    return key


def _rsa_private(jwk: Mapping[str, Any]) -> rsa.RSAPrivateKey:
    public = rsa.RSAPublicNumbers(_int_member(jwk, "e"), _int_member(jwk, "n"))
    d = _int_member(jwk, "d")
    if "p" in jwk and "q" in jwk:
        p, q = _int_member(jwk, "p"), _int_member(jwk, "q")
    else:
        p, q = rsa.rsa_recover_prime_factors(public.n, public.e, d)
    numbers = rsa.RSAPrivateNumbers(
        p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q), public
    )
    return numbers.private_key()


def _member(jwk: Mapping[str, Any], name: str, size: int | None = None) -> bytes:
    value = jwk.get(name)
    if not isinstance(value, str):
        raise _bad_jwk(jwk, name, "a base64url string")
    try:
        data = b64url_decode(value)
    except ValueError as e:
        raise _bad_jwk(jwk, name, f"a base64url string ({e})") from e
    if size is not None and len(data) != size:
        raise _bad_jwk(jwk, name, f"{size} bytes, not {len(data)}")
    return data


def _int_member(jwk: Mapping[str, Any], name: str, size: int | None = None) -> int:
    return int.from_bytes(_member(jwk, name, size), "big")


def _uint(value: int) -> str:
    return b64url_encode(value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


def _optional_text(jwk: Mapping[str, Any], name: str) -> str | None:
    value = jwk.get(name)
    if value is not None and not isinstance(value, str):
        raise _bad_jwk(jwk, name, "a string")
    return value


def _bad_jwk(jwk: Mapping[str, Any], member: str, expected: str) -> CredentialError:
    return CredentialError(
        f"the JWK (kty {jwk.get('kty')!r}, kid {jwk.get('kid')!r}) has a bad {member!r} member: expected {expected}",
        reason="malformed key",
        member=member,
    )
