"""verify_presentation: every accepted form, and refusals that name the credential at fault."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pyoxigraph as ox
import pytest

from hdsgraph.core.errors import ParseError
from hdsgraph.credentials import (
    CredentialError,
    TrustRegistry,
    make_presentation,
    sign_compact,
    sign_jws2020,
    sign_vc_jwt,
    verify_presentation,
)
from hdsgraph.credentials._b64 import b64url_decode, b64url_encode
from tests.credentials._support import NOW, changed, did_key_issuer, loire_credential, tagus_credential

REGISTRY = TrustRegistry()


def encode(document: Any) -> bytes:
    return json.dumps(document).encode()


def tagus_vp(count: int = 2) -> tuple[dict[str, Any], str]:
    key, did, method = did_key_issuer()
    credentials = [
        sign_jws2020(tagus_credential(did, id=f"https://participant.example.org/vc/{i}"), key, method, created=NOW)
        for i in range(count)
    ]
    return make_presentation(credentials, holder=did), method


def test_a_tagus_presentation_verifies_with_its_rdf() -> None:
    vp, method = tagus_vp()
    result = verify_presentation(encode(vp), REGISTRY, at=NOW)
    assert result.holder == vp["holder"]
    assert [c.index for c in result.credentials] == [0, 1]
    first = result.credentials[0]
    assert first.id == "https://participant.example.org/vc/0"
    assert first.generation == "tagus" and first.verification_method == method
    assert first.types == ("https://www.w3.org/2018/credentials#VerifiableCredential",)
    assert first.subject_ids == ("https://participant.example.org/participant",)
    assert first.digest.startswith("sha256-") and len(first.digest) == 71
    assert first.valid_from is not None and first.valid_from.year == 2026 and first.valid_until is None
    assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in first.quads)
    subjects = {q.subject for q in first.subject_quads}
    assert ox.NamedNode("https://participant.example.org/vc/0") not in subjects
    assert ox.NamedNode("https://participant.example.org/participant") in subjects
    assert len(subjects) == 3  # the participant and its two addresses
    assert set(first.subject_quads) < set(first.quads)


def test_a_tampered_credential_in_a_presentation_is_named_by_index_and_id() -> None:
    vp, _ = tagus_vp()
    tampered = changed(vp, "verifiableCredential", 1, "credentialSubject", "gx:legalName", value="Someone Else")
    with pytest.raises(CredentialError, match=r"credential 1 \(https://participant.example.org/vc/1\)") as caught:
        verify_presentation(encode(tampered), REGISTRY, at=NOW)
    assert caught.value.details["credential"] == {"index": 1, "id": "https://participant.example.org/vc/1"}
    assert caught.value.details["reason"] == "bad signature"


def test_a_single_tagus_credential_is_accepted() -> None:
    key, did, method = did_key_issuer("ES256")
    credential = sign_jws2020(tagus_credential(did), key, method, created=NOW)
    result = verify_presentation(encode(credential), REGISTRY, at=NOW)
    assert result.holder is None and result.credentials[0].issuer == did


def test_a_presentation_proof_is_verified_too() -> None:
    key, did, method = did_key_issuer()
    vp = make_presentation([sign_jws2020(tagus_credential(did), key, method, created=NOW)], holder=did)
    signed = sign_jws2020(vp, key, method, created=NOW)
    assert signed["proof"]["proofPurpose"] == "authentication"
    assert len(verify_presentation(encode(signed), REGISTRY, at=NOW).credentials) == 1
    with pytest.raises(CredentialError, match="the presentation"):
        verify_presentation(encode(changed(signed, "holder", value="did:web:x.example.org")), REGISTRY, at=NOW)


def test_an_unsigned_credential_is_refused() -> None:
    vp = make_presentation([tagus_credential("did:web:x.example.org")], holder=None)
    with pytest.raises(CredentialError, match=r"credential 0 .*not signed"):
        verify_presentation(encode(vp), REGISTRY, at=NOW)


@pytest.mark.parametrize(
    ("members", "at", "message"),
    [
        ({"expirationDate": "2026-03-01T00:00:00Z"}, NOW, "expired: its expirationDate is 2026-03-01"),
        ({}, NOW - timedelta(days=365), "not valid yet: its issuanceDate is 2026-01-01"),
    ],
)
def test_tagus_dates_are_enforced(members: dict[str, str], at: Any, message: str) -> None:
    key, did, method = did_key_issuer()
    credential = sign_jws2020(tagus_credential(did, **members), key, method, created=NOW - timedelta(days=500))
    with pytest.raises(CredentialError, match=message):
        verify_presentation(encode(make_presentation([credential], holder=None)), REGISTRY, at=at)


def test_an_unknown_context_is_refused_naming_the_credential() -> None:
    _, did, _ = did_key_issuer()
    credential = tagus_credential(did)
    credential["@context"] = [*credential["@context"], "https://contexts.example.org/unknown.jsonld"]
    vp = make_presentation([{**credential, "proof": {"type": "JsonWebSignature2020"}}], holder=None)
    with pytest.raises((ParseError, CredentialError), match="credential 0"):
        verify_presentation(encode(vp), REGISTRY, at=NOW)


def loire_vp(count: int = 2) -> tuple[dict[str, Any], list[str], str, Any]:
    key, did, method = did_key_issuer("ES256")
    tokens = [
        sign_vc_jwt(loire_credential(did, id=f"https://participant.example.org/vc/{i}"), key, method, typ=typ)
        for i, typ in zip(range(count), ["vc+ld+json+jwt", "vc+jwt"], strict=False)
    ]
    return make_presentation(tokens, holder=did), tokens, method, key


def test_an_enveloped_loire_presentation_verifies() -> None:
    vp, _, method, _ = loire_vp()
    assert vp["verifiableCredential"][0]["id"].startswith("data:application/vc+jwt,ey")
    result = verify_presentation(encode(vp), REGISTRY, at=NOW)
    assert [c.generation for c in result.credentials] == ["loire", "loire"]
    first = result.credentials[0]
    assert first.verification_method == method and first.valid_until is not None
    assert "https://w3id.org/gaia-x/2511#LegalPerson" in first.types
    # JWT claims are envelope, never triples.
    assert not any("issuer-dependent" in q.predicate.value for q in first.quads)


def test_an_enveloped_presentation_with_one_tampered_credential_names_it() -> None:
    vp, tokens, _, _ = loire_vp()
    header, payload, signature = tokens[1].split(".")
    forged = json.loads(b64url_decode(payload))
    forged["credentialSubject"]["gx:legalAddress"]["gx:countryCode"] = "DE"
    vp["verifiableCredential"][1]["id"] = (
        f"data:application/vc+jwt,{header}.{b64url_encode(encode(forged))}.{signature}"
    )
    with pytest.raises(
        CredentialError, match=r"credential 1 \(https://participant.example.org/vc/1\).*does not verify"
    ):
        verify_presentation(encode(vp), REGISTRY, at=NOW)


def test_a_presentation_jwt_holding_enveloped_credentials_verifies() -> None:
    vp, _, method, key = loire_vp()
    token = sign_compact(encode(vp), key, {"kid": method, "typ": "vp+jwt"})
    result = verify_presentation(token.encode(), REGISTRY, at=NOW)
    assert result.holder == vp["holder"] and len(result.credentials) == 2


def test_a_presentation_jwt_by_someone_else_than_the_holder_is_refused() -> None:
    vp, _, _, _ = loire_vp()
    other_key, _, other_method = did_key_issuer()
    token = sign_compact(encode(vp), other_key, {"kid": other_method, "typ": "vp+jwt"})
    with pytest.raises(CredentialError, match=r"the presentation: .*does not belong"):
        verify_presentation(token.encode(), REGISTRY, at=NOW)


def test_a_bare_vc_jwt_verifies_and_expires() -> None:
    _, tokens, _, _ = loire_vp(1)
    assert verify_presentation(tokens[0].encode(), REGISTRY, at=NOW).credentials[0].id.endswith("/vc/0")  # type: ignore[union-attr]
    with pytest.raises(CredentialError, match=r"credential 0 \(https://participant.example.org/vc/0\): .*expired"):
        verify_presentation(tokens[0].encode(), REGISTRY, at=NOW + timedelta(days=400))


def test_an_envelope_with_another_media_type_is_refused() -> None:
    vp, _, _, _ = loire_vp(1)
    vp["verifiableCredential"][0]["id"] = vp["verifiableCredential"][0]["id"].replace("vc+jwt", "vc+sd-jwt")
    with pytest.raises(CredentialError, match="'application/vc\\+sd-jwt' is not accepted"):
        verify_presentation(encode(vp), REGISTRY, at=NOW)


def test_a_document_that_is_neither_is_refused() -> None:
    with pytest.raises(CredentialError, match="neither VerifiablePresentation nor VerifiableCredential"):
        verify_presentation(encode({"@context": {}, "type": "Thing"}), REGISTRY, at=NOW)


def test_an_empty_presentation_is_refused() -> None:
    with pytest.raises(CredentialError, match="holds no credentials"):
        verify_presentation(encode(make_presentation([], holder=None)), REGISTRY, at=NOW)
