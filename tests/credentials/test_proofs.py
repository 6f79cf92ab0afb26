"""JsonWebSignature2020 proofs: both signing inputs, every algorithm, tampering, reordering, wrong signers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from hdsgraph.credentials import CredentialError, KeyPair, TrustRegistry, sign_jws2020, verify_jws2020
from tests.credentials._support import NOW, changed, did_key_issuer, rsa_key, tagus_credential


@pytest.mark.parametrize("gaiax_variant", [False, True], ids=["linked-data-proofs", "gaia-x"])
@pytest.mark.parametrize("algorithm", ["EdDSA", "ES256"])
def test_signed_credentials_verify(algorithm: str, gaiax_variant: bool) -> None:
    key, did, method = did_key_issuer(algorithm)
    signed = sign_jws2020(tagus_credential(did), key, method, created=NOW, gaiax_variant=gaiax_variant)
    assert signed["proof"]["type"] == "JsonWebSignature2020"
    assert verify_jws2020(signed, TrustRegistry(), at=NOW) == method


def test_ps256_with_a_registered_did_web_key() -> None:
    did = "did:web:registration.example.org"
    document = {
        "id": did,
        "verificationMethod": [{"id": f"{did}#X509-JWK2020", "publicKeyJwk": rsa_key().public_jwk()}],
    }
    signed = sign_jws2020(tagus_credential(did), rsa_key(), f"{did}#X509-JWK2020", created=NOW)
    assert verify_jws2020(signed, TrustRegistry(documents=[document]), at=NOW) == f"{did}#X509-JWK2020"


@pytest.mark.parametrize("gaiax_variant", [False, True], ids=["linked-data-proofs", "gaia-x"])
@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("credentialSubject", "gx:legalName"), "Another Institute"),
        (("credentialSubject", "gx:legalAddress", "gx:countrySubdivisionCode"), "LU-CA"),
        (("issuanceDate",), "2026-01-02T00:00:00Z"),
    ],
)
def test_a_changed_triple_is_refused(gaiax_variant: bool, path: tuple[str, ...], value: str) -> None:
    key, did, method = did_key_issuer()
    signed = sign_jws2020(tagus_credential(did), key, method, created=NOW, gaiax_variant=gaiax_variant)
    with pytest.raises(CredentialError, match="does not verify") as caught:
        verify_jws2020(changed(signed, *path, value=value), TrustRegistry(), at=NOW)
    assert caught.value.details["reason"] == "bad signature"


def test_changed_proof_options_are_refused_in_the_standard_form() -> None:
    key, did, method = did_key_issuer()
    signed = sign_jws2020(tagus_credential(did), key, method, created=NOW)
    with pytest.raises(CredentialError, match="does not verify"):
        verify_jws2020(changed(signed, "proof", "created", value="2026-05-01T00:00:00Z"), TrustRegistry(), at=NOW)


def test_a_reordered_but_isomorphic_credential_still_verifies() -> None:
    key, did, method = did_key_issuer()
    signed = sign_jws2020(tagus_credential(did), key, method, created=NOW)
    subject = signed["credentialSubject"]
    reordered: dict[str, Any] = {name: signed[name] for name in reversed(list(signed))}
    reordered["credentialSubject"] = {name: subject[name] for name in reversed(list(subject))}
    assert list(reordered) != list(signed)
    assert verify_jws2020(reordered, TrustRegistry(), at=NOW) == method


def test_a_signature_by_another_key_is_refused() -> None:
    _, did, method = did_key_issuer()
    signed = sign_jws2020(tagus_credential(did), KeyPair.generate("EdDSA"), method, created=NOW)
    with pytest.raises(CredentialError, match="does not verify"):
        verify_jws2020(signed, TrustRegistry(), at=NOW)


def test_a_key_that_is_not_the_issuers_is_refused() -> None:
    key, _, method = did_key_issuer()
    signed = sign_jws2020(tagus_credential("did:web:someone-else.example.org"), key, method, created=NOW)
    with pytest.raises(CredentialError, match=r"does not belong to 'did:web:someone-else.example.org'"):
        verify_jws2020(signed, TrustRegistry(), at=NOW)


def test_an_unsigned_credential_is_refused() -> None:
    with pytest.raises(CredentialError, match="not signed"):
        verify_jws2020(tagus_credential("did:web:x.example.org"), TrustRegistry(), at=NOW)


def test_a_proof_created_in_the_future_is_refused() -> None:
    key, did, method = did_key_issuer()
    signed = sign_jws2020(tagus_credential(did), key, method, created=NOW + timedelta(hours=1))
    with pytest.raises(CredentialError, match="after the time of checking"):
        verify_jws2020(signed, TrustRegistry(), at=NOW)


def test_an_unknown_proof_type_is_refused() -> None:
    key, did, method = did_key_issuer()
    signed = sign_jws2020(tagus_credential(did), key, method, created=NOW)
    with pytest.raises(CredentialError, match="'Ed25519Signature2018' is not accepted"):
        verify_jws2020(changed(signed, "proof", "type", value="Ed25519Signature2018"), TrustRegistry(), at=NOW)
