"""Verification never opens a socket, whatever the input names (did:web, x5u, remote contexts)."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest

from hdsgraph.credentials import (
    CredentialError,
    TrustRegistry,
    make_presentation,
    sign_jws2020,
    sign_vc_jwt,
    verify_presentation,
)
from hdsgraph.rdfio import bundled_contexts
from tests.credentials._support import NOW, did_key_issuer, loire_credential, tagus_credential


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    tried: list[str] = []

    def refuse(name: str) -> Any:
        def attempt(*args: object, **kwargs: object) -> Any:
            tried.append(name)
            raise OSError(f"the test forbids network access ({name})")

        return attempt

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    bundled_contexts.cache_clear()
    return tried


def test_the_patches_catch_a_connection(attempts: list[str]) -> None:
    with pytest.raises(OSError):
        socket.create_connection(("did.example.org", 443))
    assert attempts == ["create_connection"]


def test_verifying_both_generations_connects_nowhere(attempts: list[str]) -> None:
    key, did, method = did_key_issuer()
    tagus = sign_jws2020(tagus_credential(did), key, method, created=NOW)
    loire = sign_vc_jwt(loire_credential(did), key, method)
    for credentials in ([tagus], [loire]):
        vp = make_presentation(credentials, holder=did)
        assert verify_presentation(json.dumps(vp).encode(), TrustRegistry(), at=NOW).credentials
    assert attempts == []


def test_a_did_web_issuer_and_an_x5u_are_refused_without_connecting(attempts: list[str]) -> None:
    key, _, _ = did_key_issuer()
    did = "did:web:127.0.0.1%3A9"
    credential = sign_jws2020(tagus_credential(did), key, f"{did}#key", created=NOW)
    credential["proof"]["x5u"] = "http://127.0.0.1:9/chain.pem"
    with pytest.raises(CredentialError, match="must be registered"):
        verify_presentation(json.dumps(credential).encode(), TrustRegistry(), at=NOW)
    assert attempts == []
