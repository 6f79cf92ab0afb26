"""VC-JOSE-COSE credentials (Loire): typ variants, kid forms, issuer binding, dates, tampering."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from hdsgraph.credentials import CredentialError, TrustRegistry, sign_compact, sign_vc_jwt, verify_vc_jwt
from hdsgraph.credentials.jws import decode_compact
from tests.credentials._support import NOW, did_key_issuer, loire_credential
from tests.credentials.test_jws import flip


@pytest.mark.parametrize("typ", ["vc+ld+json+jwt", "vc+ld+jwt", "vc+jwt"])
@pytest.mark.parametrize("algorithm", ["EdDSA", "ES256"])
def test_round_trip_for_every_typ(algorithm: str, typ: str) -> None:
    key, did, method = did_key_issuer(algorithm)
    credential = loire_credential(did)
    token = sign_vc_jwt(credential, key, method, typ=typ)
    assert verify_vc_jwt(token, TrustRegistry(), at=NOW) == credential


def test_claims_are_set_from_the_credential() -> None:
    key, did, method = did_key_issuer()
    header, payload = decode_compact(sign_vc_jwt(loire_credential(did), key, method))
    claims = json.loads(payload)
    assert header == {"alg": "EdDSA", "kid": method, "typ": "vc+jwt"}
    assert claims["iss"] == did and claims["nbf"] == 1767225600 and claims["exp"] == 1798761600


def test_a_fragment_kid_is_read_against_the_issuer() -> None:
    key, did, method = did_key_issuer()
    token = sign_vc_jwt(loire_credential(did), key, "#" + method.partition("#")[2])
    assert verify_vc_jwt(token, TrustRegistry(), at=NOW)["issuer"] == did


def test_a_kid_of_another_did_is_refused() -> None:
    key, _, method = did_key_issuer()
    _, other, _ = did_key_issuer()
    with pytest.raises(CredentialError, match="does not belong to its issuer"):
        verify_vc_jwt(sign_vc_jwt(loire_credential(other), key, method), TrustRegistry(), at=NOW)


@pytest.mark.parametrize("part", [0, 1, 2])
def test_tampering_is_refused(part: int) -> None:
    key, did, method = did_key_issuer("ES256")
    token = sign_vc_jwt(loire_credential(did), key, method)
    with pytest.raises(CredentialError):
        verify_vc_jwt(flip(token, part), TrustRegistry(), at=NOW)


def test_expired_and_not_yet_valid_credentials_are_refused_with_their_dates() -> None:
    key, did, method = did_key_issuer()
    token = sign_vc_jwt(loire_credential(did), key, method)
    with pytest.raises(CredentialError, match=r"expired.*2027-01-01") as expired:
        verify_vc_jwt(token, TrustRegistry(), at=NOW + timedelta(days=365))
    assert expired.value.details["reason"] == "expired"
    with pytest.raises(CredentialError, match=r"not valid yet.*2026-01-01"):
        verify_vc_jwt(token, TrustRegistry(), at=NOW - timedelta(days=365))


def test_a_bearer_token_is_not_a_credential() -> None:
    key, did, method = did_key_issuer()
    token = sign_compact(json.dumps(loire_credential(did)).encode(), key, {"kid": method, "typ": "JWT"})
    with pytest.raises(CredentialError, match="typ 'JWT' is not accepted"):
        verify_vc_jwt(token, TrustRegistry(), at=NOW)


def test_an_iss_claim_that_differs_from_the_issuer_is_refused() -> None:
    key, did, method = did_key_issuer()
    payload = {**loire_credential(did), "iss": "did:web:other.example.org"}
    token = sign_compact(json.dumps(payload).encode(), key, {"kid": method, "typ": "vc+jwt"})
    with pytest.raises(CredentialError, match="differs from the document's issuer"):
        verify_vc_jwt(token, TrustRegistry(), at=NOW)
