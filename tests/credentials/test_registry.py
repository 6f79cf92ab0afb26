"""The trust registry: did:key always, did:web only when registered, x5c chains only to configured anchors."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from hdsgraph.credentials import CredentialError, KeyPair, PublicKey, TrustRegistry, did_key_for
from hdsgraph.credentials.did import encode_multikey
from tests.credentials._support import NOW, Authority

WEB = "did:web:participant.example.org"


def did_document(did: str, methods: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/did/v1"],
        "id": did,
        "verificationMethod": [
            {"id": f"{did}#{name}", "type": "JsonWebKey2020", "controller": did, **entry}
            for name, entry in methods.items()
        ],
    }


def x5c(*certificates: x509.Certificate) -> list[str]:
    return [base64.b64encode(c.public_bytes(Encoding.DER)).decode() for c in certificates]


def leaf_jwk(root: Authority, *, intermediate: Authority | None = None) -> tuple[dict[str, Any], KeyPair]:
    """A P-256 key whose JWK carries the chain leaf (, intermediate)."""
    key = KeyPair.generate("ES256")
    issuer = intermediate or root
    leaf = issuer.issue(x509.Name.from_rfc4514_string("CN=participant.example.org"), key.public_key().key, ca=False)
    chain = [leaf, intermediate.certificate] if intermediate else [leaf]
    return {**key.public_jwk(), "x5c": x5c(*chain)}, key


def test_did_key_resolves_without_registration() -> None:
    key = KeyPair.generate("EdDSA").public_key()
    did = did_key_for(key)
    assert TrustRegistry().resolve(f"{did}#{did[8:]}", at=NOW) == key


def test_unregistered_did_web_is_refused_saying_it_must_be_registered() -> None:
    with pytest.raises(CredentialError, match="did:web issuers must be registered with the node") as caught:
        TrustRegistry().resolve(f"{WEB}#key-1", at=NOW)
    assert WEB in caught.value.message and caught.value.details["reason"] == "issuer key not registered"


def test_registered_did_web_resolves_jwk_and_multibase_methods() -> None:
    jwk_key, multi_key = KeyPair.generate("ES256"), KeyPair.generate("EdDSA")
    document = did_document(
        WEB,
        {
            "jwk": {"publicKeyJwk": jwk_key.public_jwk()},
            "multi": {"type": "Multikey", "publicKeyMultibase": encode_multikey(multi_key.public_key())},
        },
    )
    registry = TrustRegistry(documents=[document])
    assert registry.resolve(f"{WEB}#jwk", at=NOW) == jwk_key.public_key()
    assert registry.resolve(f"{WEB}#multi", at=NOW) == multi_key.public_key()
    with pytest.raises(CredentialError, match="has no verification method"):
        registry.resolve(f"{WEB}#other", at=NOW)


def test_from_directory_reads_documents_and_anchors(tmp_path: Path) -> None:
    root = Authority("Root CA")
    jwk, key = leaf_jwk(root)
    (tmp_path / "did").mkdir()
    (tmp_path / "anchors").mkdir()
    (tmp_path / "did" / "participant.json").write_text(json.dumps(did_document(WEB, {"x509": {"publicKeyJwk": jwk}})))
    (tmp_path / "anchors" / "root.pem").write_bytes(root.certificate.public_bytes(Encoding.PEM))
    registry = TrustRegistry.from_directory(tmp_path)
    assert registry.dids == [WEB]
    assert registry.resolve(f"{WEB}#x509", at=NOW) == key.public_key()


def test_no_directory_gives_an_empty_registry() -> None:
    assert TrustRegistry.from_directory(None).dids == []


def test_x5c_chain_through_an_intermediate_to_an_anchor_is_accepted() -> None:
    root = Authority("Root CA")
    intermediate = Authority("Intermediate CA", issuer=root)
    jwk, key = leaf_jwk(root, intermediate=intermediate)
    assert TrustRegistry(anchors=[root.certificate]).resolve_jwk(jwk, at=NOW) == key.public_key()


def test_x5c_chain_to_a_foreign_root_is_refused() -> None:
    jwk, _ = leaf_jwk(Authority("Foreign Root"))
    with pytest.raises(CredentialError, match="not one of the node's trust anchors"):
        TrustRegistry(anchors=[Authority("Root CA").certificate]).resolve_jwk(jwk, at=NOW)


def test_x5c_chain_with_an_expired_intermediate_is_refused() -> None:
    root = Authority("Root CA")
    intermediate = Authority("Old Intermediate", issuer=root, days=(-400, -1))
    jwk, _ = leaf_jwk(root, intermediate=intermediate)
    with pytest.raises(CredentialError, match=r"x5c\[1\] .*Old Intermediate.* not at"):
        TrustRegistry(anchors=[root.certificate]).resolve_jwk(jwk, at=NOW)


def test_x5c_chain_with_a_non_ca_intermediate_is_refused() -> None:
    root = Authority("Root CA")
    intermediate = Authority("Not A CA", issuer=root, ca=False)
    jwk, _ = leaf_jwk(root, intermediate=intermediate)
    with pytest.raises(CredentialError, match=r"Not A CA.*is not a CA"):
        TrustRegistry(anchors=[root.certificate]).resolve_jwk(jwk, at=NOW)


def test_a_chain_valid_now_is_refused_when_checked_after_the_leaf_expires() -> None:
    root = Authority("Root CA")
    jwk, _ = leaf_jwk(root)
    with pytest.raises(CredentialError, match=r"x5c\[0\]"):
        TrustRegistry(anchors=[root.certificate]).resolve_jwk(jwk, at=NOW + timedelta(days=400))


def test_the_jwk_must_be_the_leaf_certificate_key() -> None:
    root = Authority("Root CA")
    jwk, _ = leaf_jwk(root)
    other = {**KeyPair.generate("ES256").public_jwk(), "x5c": jwk["x5c"]}
    with pytest.raises(CredentialError, match="not the key of its x5c leaf"):
        TrustRegistry(anchors=[root.certificate]).resolve_jwk(other, at=NOW)


def test_a_registered_method_with_x5c_needs_its_chain_to_hold() -> None:
    jwk, _ = leaf_jwk(Authority("Foreign Root"))
    registry = TrustRegistry(documents=[did_document(WEB, {"x509": {"publicKeyJwk": jwk}})], anchors=[])
    with pytest.raises(CredentialError, match="no trust anchors configured"):
        registry.resolve(f"{WEB}#x509", at=NOW)


def test_an_inline_jwk_without_x5c_is_not_trusted() -> None:
    with pytest.raises(CredentialError, match="not trusted"):
        TrustRegistry().resolve_jwk(KeyPair.generate().public_jwk(), at=NOW)


def test_a_document_without_methods_is_refused() -> None:
    with pytest.raises(CredentialError, match="lists no verification method"):
        TrustRegistry(documents=[{"id": WEB}])


def test_public_key_from_a_certificate_matches_the_signing_key() -> None:
    root = Authority("Root CA")
    assert PublicKey.from_key(root.certificate.public_key()).verify(KeyPair(root.key, "ES256").sign(b"x"), b"x")


def test_a_trust_directory_names_its_notaries_one_did_a_line(tmp_path: Path) -> None:
    (tmp_path / "notaries.txt").write_text(
        "# notaries whose registration-number credentials this node trusts\n"
        "did:web:notary.example.org\n\n  did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK  # a test notary\n",
        encoding="utf-8",
    )
    registry = TrustRegistry.from_directory(tmp_path)
    assert registry.notaries == {
        "did:web:notary.example.org",
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
    }
    assert TrustRegistry.from_directory(None).notaries == frozenset()
