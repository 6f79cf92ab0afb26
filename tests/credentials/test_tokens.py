"""Bearer tokens: issued, verified, and every refusal with its own message."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from hdsgraph.credentials import KeyPair, TokenVerifier, UnauthenticatedError, issue_token, load_jwks
from tests.credentials._support import NOW

PARTICIPANT = "https://lih.example.org/participant"
NODE = "https://node.example.org"


@pytest.fixture
def key() -> KeyPair:
    return KeyPair.generate("EdDSA", kid="node-1")


def token(key: KeyPair, **changes: object) -> str:
    values: dict = {"participant": PARTICIPANT, "issuer": NODE, "audience": NODE, "now": NOW, **changes}
    return issue_token(key, **values)


def test_a_good_token_names_the_participant(key: KeyPair) -> None:
    verifier = TokenVerifier([key.public_key()], audience=NODE, issuers={NODE})
    assert verifier.verify(f"Bearer {token(key)}", now=NOW + timedelta(hours=1)) == PARTICIPANT


def test_a_jwks_dict_is_accepted(key: KeyPair) -> None:
    verifier = TokenVerifier({"keys": [key.public_jwk()]}, audience=NODE, issuers=None)
    assert verifier.verify(f"bearer {token(key)}", now=NOW) == PARTICIPANT


def test_an_expired_token_is_refused_with_its_expiry(key: KeyPair) -> None:
    verifier = TokenVerifier([key.public_key()], audience=NODE, issuers=None)
    issued = token(key, lifetime=timedelta(minutes=5))
    assert verifier.verify(f"Bearer {issued}", now=NOW + timedelta(minutes=5, seconds=30)) == PARTICIPANT  # leeway
    with pytest.raises(UnauthenticatedError, match="expired at 2026-06-01T12:05:00"):
        verifier.verify(f"Bearer {issued}", now=NOW + timedelta(minutes=7))


def test_a_token_for_another_audience_is_refused(key: KeyPair) -> None:
    verifier = TokenVerifier([key.public_key()], audience=NODE, issuers=None)
    with pytest.raises(UnauthenticatedError, match=r"audience 'https://other.example.org'"):
        verifier.verify(f"Bearer {token(key, audience='https://other.example.org')}", now=NOW)


def test_a_token_from_an_untrusted_issuer_is_refused(key: KeyPair) -> None:
    verifier = TokenVerifier([key.public_key()], audience=NODE, issuers={"https://idp.example.org"})
    with pytest.raises(UnauthenticatedError, match=r"issuer 'https://node.example.org' is not trusted"):
        verifier.verify(f"Bearer {token(key)}", now=NOW)


def test_a_token_signed_by_another_key_with_the_same_kid_is_refused(key: KeyPair) -> None:
    verifier = TokenVerifier([key.public_key()], audience=NODE, issuers=None)
    with pytest.raises(UnauthenticatedError, match="signature does not verify"):
        verifier.verify(f"Bearer {token(KeyPair.generate('EdDSA', kid='node-1'))}", now=NOW)


def test_an_unknown_kid_is_refused(key: KeyPair) -> None:
    verifier = TokenVerifier([key.public_key()], audience=NODE, issuers=None)
    with pytest.raises(UnauthenticatedError, match="kid 'other' is not one of the trusted keys"):
        verifier.verify(f"Bearer {token(KeyPair.generate('EdDSA', kid='other'))}", now=NOW)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "no Authorization header"),
        ("", "no Authorization header"),
        ("Basic dXNlcjpwYXNz", "scheme is 'Basic'"),
        ("Bearer", "carries no token"),
        ("Bearer not-a-jwt", "malformed"),
    ],
)
def test_missing_or_malformed_headers_are_refused(key: KeyPair, header: str | None, message: str) -> None:
    verifier = TokenVerifier([key.public_key()], audience=NODE, issuers=None)
    with pytest.raises(UnauthenticatedError, match=message) as caught:
        verifier.verify(header, now=NOW)
    assert caught.value.code == "UNAUTHENTICATED"


def test_load_jwks_reads_the_public_keys(tmp_path: Path, key: KeyPair) -> None:
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [key.public_jwk()]}))
    assert load_jwks(path) == [key.public_key()]
