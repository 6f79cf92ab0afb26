"""The Gaia-X examples from the reference folder: Tagus presentations parse, canonicalise, and are refused cleanly
(their issuers' keys are not registered here); Loire credentials are signed with a test key, verified, tampered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hdsgraph.credentials import (
    CredentialError,
    TrustRegistry,
    make_presentation,
    sign_vc_jwt,
    verify_jws2020,
    verify_presentation,
)
from hdsgraph.credentials._b64 import b64url_decode, b64url_encode
from hdsgraph.credentials.linked_data import canonical_form, without
from tests.conftest import REFERENCE
from tests.credentials._support import NOW, changed, did_key_issuer

pytestmark = pytest.mark.reference

EXAMPLES = REFERENCE / "gaiax" / "examples"
TAGUS = sorted((EXAMPLES / "tagus-22.10").glob("*.json"))
LOIRE = sorted((EXAMPLES / "loire-25.11").glob("*.json*"))


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def embedded(path: Path) -> list[dict[str, Any]]:
    vp = load(path)
    return [{"@context": vp["@context"], **vc} if "@context" not in vc else vc for vc in vp["verifiableCredential"]]


@pytest.mark.skipif(not TAGUS, reason="the reference folder (../shared) is not part of this checkout")
@pytest.mark.parametrize("path", TAGUS, ids=lambda p: p.name)
def test_tagus_credentials_canonicalise_and_their_proofs_are_refused_as_unregistered(path: Path) -> None:
    for credential in embedded(path):
        assert canonical_form(without(credential, "proof"), source=path.name).count(" .\n") > 3
        proof = credential.get("proof")
        if proof is None:
            continue
        header = json.loads(b64url_decode(proof["jws"].split(".")[0]))
        assert header["b64"] is False and header["crit"] == ["b64"]
        with pytest.raises(CredentialError, match="not registered") as caught:
            verify_jws2020(credential, TrustRegistry(), at=NOW)
        assert caught.value.details["reason"] == "issuer key not registered"


@pytest.mark.skipif(not TAGUS, reason="the reference folder (../shared) is not part of this checkout")
@pytest.mark.parametrize("path", TAGUS, ids=lambda p: p.name)
def test_tagus_presentations_are_refused_naming_the_first_credential(path: Path) -> None:
    with pytest.raises(CredentialError, match=r"credential 0") as caught:
        verify_presentation(path.read_bytes(), TrustRegistry(), at=NOW, source=path.name)
    assert caught.value.details["reason"] in {"issuer key not registered", "unsigned"}
    assert caught.value.details["credential"]["index"] == 0


def loire_credentials() -> list[Path]:
    return [p for p in LOIRE if "VerifiableCredential" in load(p).get("type", [])]


@pytest.mark.skipif(not loire_credentials(), reason="the reference folder (../shared) is not part of this checkout")
@pytest.mark.parametrize("path", loire_credentials(), ids=lambda p: p.name)
def test_loire_credentials_signed_here_verify_and_refuse_tampering(path: Path) -> None:
    # The examples are unsigned payloads naming did:web:example.org; a test did:key stands in for the issuer.
    key, did, method = did_key_issuer("ES256")
    credential = {**load(path), "issuer": did}
    token = sign_vc_jwt(credential, key, method, typ="vc+ld+json+jwt")
    result = verify_presentation(json.dumps(make_presentation([token], holder=did)).encode(), TrustRegistry(), at=NOW)
    verified = result.credentials[0]
    assert verified.id == credential["id"] and verified.subject_ids == (credential["credentialSubject"]["id"],)
    assert verified.subject_quads
    forged = changed(credential, "credentialSubject", "schema:name", value="Forged Name")
    header, _, signature = token.split(".")
    forged_token = f"{header}.{b64url_encode(json.dumps(forged).encode())}.{signature}"
    with pytest.raises(CredentialError, match="does not verify"):
        verify_presentation(forged_token.encode(), TrustRegistry(), at=NOW)
