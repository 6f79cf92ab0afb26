"""Compact and detached JWS: round trips for every algorithm, tampering, wrong keys, malformed tokens."""

from __future__ import annotations

import json

import pytest

from hdsgraph.credentials import (
    CredentialError,
    KeyPair,
    decode_compact,
    sign_compact,
    sign_detached,
    verify_compact,
    verify_detached,
)
from hdsgraph.credentials._b64 import b64url_decode, b64url_encode
from tests.credentials._support import rsa_key


def key_for(algorithm: str) -> KeyPair:
    return rsa_key() if algorithm == "PS256" else KeyPair.generate(algorithm, kid="k1")


def flip(token: str, part: int) -> str:
    """``token`` with one byte of one part changed."""
    parts = token.split(".")
    data = bytearray(b64url_decode(parts[part]))
    data[len(data) // 2] ^= 0x01
    parts[part] = b64url_encode(bytes(data))
    return ".".join(parts)


@pytest.mark.parametrize("algorithm", ["EdDSA", "ES256", "PS256"])
def test_compact_round_trip(algorithm: str) -> None:
    key = key_for(algorithm)
    token = sign_compact(b'{"hello":"world"}', key, {"typ": "example"})
    header, payload = verify_compact(token, key.public_key())
    assert payload == b'{"hello":"world"}'
    assert header["alg"] == algorithm and header["typ"] == "example"


@pytest.mark.parametrize("part", [0, 1, 2], ids=["header", "payload", "signature"])
def test_compact_tampering_is_refused(part: int) -> None:
    key = KeyPair.generate("ES256")
    token = sign_compact(b'{"n":1234567890}', key, {"typ": "example"})
    with pytest.raises(CredentialError):
        verify_compact(flip(token, part), key.public_key())


def test_compact_with_another_key_is_refused() -> None:
    token = sign_compact(b"x", KeyPair.generate("EdDSA"))
    with pytest.raises(CredentialError, match="does not verify"):
        verify_compact(token, KeyPair.generate("EdDSA").public_key())


def test_alg_none_and_a_foreign_alg_are_refused() -> None:
    key = KeyPair.generate("EdDSA")
    body = b64url_encode(b"{}")
    unsigned = b64url_encode(json.dumps({"alg": "none"}).encode()) + f".{body}."
    with pytest.raises(CredentialError, match="'none' is not accepted"):
        verify_compact(unsigned, key.public_key())
    token = sign_compact(b"{}", KeyPair.generate("ES256"))
    with pytest.raises(CredentialError, match="'ES256' does not match"):
        verify_compact(token, key.public_key())


@pytest.mark.parametrize(
    ("token", "named"),
    [
        ("only.two", "has 2"),
        ("!!!.e30.AA", "header"),
        (b64url_encode(b"[1]") + ".e30.AA", "header is a JSON list"),
        (b64url_encode(b'{"alg":"EdDSA"}') + ".e=30.AA", "payload"),
        (b64url_encode(b'{"alg":"EdDSA"}') + ".e30.A", "signature"),
    ],
)
def test_malformed_tokens_name_the_part(token: str, named: str) -> None:
    with pytest.raises(CredentialError, match=named):
        decode_compact(token)


def test_unknown_critical_headers_are_refused() -> None:
    key = KeyPair.generate("EdDSA")
    token = sign_compact(b"{}", key, {"crit": ["exp"], "exp": 1})
    with pytest.raises(CredentialError, match="critical"):
        verify_compact(token, key.public_key())


@pytest.mark.parametrize("algorithm", ["EdDSA", "ES256", "PS256"])
def test_detached_unencoded_round_trip(algorithm: str) -> None:
    key = key_for(algorithm)
    jws = sign_detached(b"\x00 any bytes \xff", key)
    header_part, middle, _ = jws.split(".")
    assert middle == ""
    assert json.loads(b64url_decode(header_part))["crit"] == ["b64"]
    assert verify_detached(jws, b"\x00 any bytes \xff", key.public_key())["b64"] is False
    with pytest.raises(CredentialError, match="does not verify"):
        verify_detached(jws, b"\x00 any bytes \xfe", key.public_key())


def test_detached_with_an_encoded_payload_is_accepted_too() -> None:
    key = KeyPair.generate("EdDSA")
    compact = sign_compact(b"signed text", key)
    header, _, signature = compact.split(".")
    assert verify_detached(f"{header}..{signature}", b"signed text", key.public_key())["alg"] == "EdDSA"
    with pytest.raises(CredentialError, match="does not verify"):
        verify_detached(f"{header}..{signature}", b"signed texts", key.public_key())


def test_a_detached_jws_with_a_payload_part_is_refused() -> None:
    key = KeyPair.generate("EdDSA")
    with pytest.raises(CredentialError, match="middle one empty"):
        verify_detached(sign_compact(b"x", key), b"x", key.public_key())


def test_b64_false_without_crit_is_refused() -> None:
    key = KeyPair.generate("EdDSA")
    header = b64url_encode(json.dumps({"alg": "EdDSA", "b64": False}).encode())
    signature = b64url_encode(key.sign(header.encode() + b".x"))
    with pytest.raises(CredentialError, match="listed in crit"):
        verify_detached(f"{header}..{signature}", b"x", key.public_key())
