"""Keys: generation, JWK round trips, thumbprints, signatures for every algorithm, and what is refused."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from hdsgraph.credentials import CredentialError, KeyPair, PublicKey, read_jwk_file, write_jwk_file
from tests.credentials._support import rsa_key


def key_for(algorithm: str) -> KeyPair:
    return rsa_key() if algorithm == "PS256" else KeyPair.generate(algorithm, kid=f"{algorithm}-1")


@pytest.mark.parametrize("algorithm", ["EdDSA", "ES256", "PS256"])
def test_signatures_verify_and_fail_on_a_changed_byte(algorithm: str) -> None:
    key = key_for(algorithm)
    signature = key.sign(b"payload")
    public = key.public_key()
    assert public.verify(signature, b"payload")
    assert not public.verify(signature, b"paylaad")
    assert not public.verify(bytes([signature[0] ^ 1]) + signature[1:], b"payload")


@pytest.mark.parametrize("algorithm", ["EdDSA", "ES256", "PS256"])
def test_private_jwk_round_trips(algorithm: str) -> None:
    key = key_for(algorithm)
    again = KeyPair.from_jwk(key.private_jwk())
    assert again.algorithm == algorithm and again.kid == key.kid
    assert key.public_key().verify(again.sign(b"x"), b"x")


def test_es256_signatures_are_raw_r_and_s() -> None:
    assert len(KeyPair.generate("ES256").sign(b"x")) == 64


def test_a_public_jwk_with_private_members_keeps_only_the_public_ones() -> None:
    key = KeyPair.generate("EdDSA", kid="k")
    public = PublicKey.from_jwk(key.private_jwk())
    assert "d" not in public.jwk() and public.jwk()["x"] == key.public_jwk()["x"]


def test_rfc7638_thumbprint_of_the_rfc_example() -> None:
    # RFC 7638 §3.1: the RSA key and its thumbprint.
    jwk = {
        "kty": "RSA",
        "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjB"
        "ZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZ"
        "Hzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kE"
        "gU8awapJzKnqDKgw",
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29",
    }
    with pytest.raises(CredentialError, match="RS256"):
        PublicKey.from_jwk(jwk)  # RS256 is not an accepted algorithm …
    public = PublicKey.from_jwk({k: v for k, v in jwk.items() if k != "alg"})
    assert public.thumbprint() == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"  # … but the key itself is


@pytest.mark.parametrize(
    ("jwk", "named"),
    [
        ({"kty": "oct", "k": "AAAA"}, "'oct'"),
        ({"kty": "EC", "crv": "P-384", "x": "AA", "y": "AA"}, "'P-384'"),
        ({"kty": "OKP", "crv": "X25519", "x": "AA"}, "'X25519'"),
    ],
)
def test_unknown_key_types_are_refused_listing_the_accepted_ones(jwk: dict[str, str], named: str) -> None:
    with pytest.raises(CredentialError, match=named) as caught:
        PublicKey.from_jwk(jwk)
    assert "accepted: kty OKP crv Ed25519, kty EC crv P-256, kty RSA" in caught.value.message


def test_an_unknown_algorithm_is_refused() -> None:
    with pytest.raises(CredentialError, match=r"'HS256'.*accepted: EdDSA, ES256, PS256"):
        KeyPair.generate("HS256")


def test_a_public_jwk_is_not_a_key_pair() -> None:
    with pytest.raises(CredentialError, match="public key only"):
        KeyPair.from_jwk(KeyPair.generate().public_jwk())


def test_mismatched_public_and_private_members_are_refused() -> None:
    jwk = {**KeyPair.generate("ES256").private_jwk(), "d": KeyPair.generate("ES256").private_jwk()["d"]}
    with pytest.raises(CredentialError, match="do not belong"):
        KeyPair.from_jwk(jwk)


def test_jwk_files_are_written_owner_only_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "node-key.json"
    path.write_text("{}")
    os.chmod(path, 0o644)
    key = KeyPair.generate("EdDSA", kid="node")
    write_jwk_file(path, key)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_jwk_file(path).public_key() == key.public_key()


def test_a_jwk_file_that_is_not_json_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("not json")
    with pytest.raises(CredentialError, match=r"broken.json"):
        read_jwk_file(path)
