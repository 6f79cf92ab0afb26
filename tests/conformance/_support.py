"""Test issuers, re-signing of the official examples, and a publisher to judge them (real crypto, nothing mocked).

The official Tagus examples carry proofs by keys that are not available offline, and the Loire examples are
unsigned: each credential is signed again here by a test issuer the node trusts, with every claim kept as it is.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hdsgraph.credentials import KeyPair, TrustRegistry, did_key_for, make_presentation, sign_jws2020, sign_vc_jwt
from hdsgraph.ingest import DocumentArchive, Publisher, PublishRejected
from hdsgraph.store import EmbeddedStore
from hdsgraph.validation import ShaclValidator
from tests.conftest import REFERENCE

GAIAX_EXAMPLES = REFERENCE / "gaiax" / "examples"
TAGUS_EXAMPLES = GAIAX_EXAMPLES / "tagus-22.10"
LOIRE_EXAMPLES = GAIAX_EXAMPLES / "loire-25.11"
HEALTHDCAT_EXAMPLE = REFERENCE / "healthdcat-ap-r8" / "examples" / "example-healthdcat-dataset.ttl"

needs_reference = pytest.mark.skipif(
    not REFERENCE.is_dir(), reason="the reference folder (../shared/reference) is not part of this checkout"
)


@dataclass(frozen=True)
class Issuer:
    """A test issuer: its key, its DID and the verification method that names the key."""

    key: KeyPair
    did: str
    method: str

    @classmethod
    def did_key(cls) -> Issuer:
        # did:key resolves from the DID itself: trusted without registration.
        key = KeyPair.generate("EdDSA")
        did = did_key_for(key.public_key())
        return cls(key, did, f"{did}#{did.removeprefix('did:key:')}")

    @classmethod
    def did_web(cls, host: str) -> Issuer:
        key = KeyPair.generate("ES256")
        did = f"did:web:{host}"
        return cls(key, did, f"{did}#key-1")

    def did_document(self) -> dict[str, Any]:
        return {
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
            "id": self.did,
            "verificationMethod": [
                {
                    "id": self.method,
                    "type": "JsonWebKey2020",
                    "controller": self.did,
                    "publicKeyJwk": self.key.public_jwk(),
                }
            ],
            "assertionMethod": [self.method],
        }


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def tagus_credentials(path: Path) -> list[dict[str, Any]]:
    """The credentials of a Tagus presentation, each with its own @context, without their original proofs."""
    presentation = load_json(path)
    return [
        {k: v for k, v in ({"@context": presentation["@context"]} | vc).items() if k != "proof"}
        for vc in presentation["verifiableCredential"]
    ]


def subjects(credential: dict[str, Any]) -> list[dict[str, Any]]:
    subject = credential["credentialSubject"]
    return subject if isinstance(subject, list) else [subject]


def subject_type(subject: dict[str, Any]) -> str:
    value = subject.get("type", subject.get("@type"))
    return str(value).removeprefix("gx:")


def subject_id(subject: dict[str, Any]) -> str:
    return str(subject.get("id", subject.get("@id")))


def find_subject(credentials: Iterable[dict[str, Any]], kind: str) -> dict[str, Any]:
    """The first credential subject of type ``gx:<kind>`` (a reference into the credential, to edit it)."""
    for credential in credentials:
        for subject in subjects(credential):
            if subject_type(subject) == kind:
                return subject
    raise LookupError(f"no gx:{kind} subject")


def find_credential(credentials: Iterable[dict[str, Any]], kind: str) -> dict[str, Any]:
    for credential in credentials:
        if any(subject_type(s) == kind for s in subjects(credential)):
            return credential
    raise LookupError(f"no credential about a gx:{kind}")


def sign_tagus(credentials: Iterable[dict[str, Any]], signer: Issuer | Callable[[dict[str, Any]], Issuer]) -> bytes:
    """A Tagus presentation of ``credentials``, each issued and signed (JsonWebSignature2020) by its signer."""
    signed: list[dict[str, Any] | str] = []
    for credential in credentials:
        issuer = signer(credential) if callable(signer) else signer
        signed.append(sign_jws2020({**copy.deepcopy(credential), "issuer": issuer.did}, issuer.key, issuer.method))
    return json.dumps(make_presentation(signed, holder=None)).encode()


def sign_loire(credentials: Iterable[dict[str, Any]], issuer: Issuer) -> bytes:
    """A Loire presentation of ``credentials``, each a VC-JWT issued by ``issuer``."""
    tokens = [
        sign_vc_jwt({**credential, "issuer": issuer.did}, issuer.key, issuer.method) for credential in credentials
    ]
    return json.dumps(make_presentation(list(tokens), holder=issuer.did)).encode()


def new_publisher(validator: ShaclValidator, registry: TrustRegistry | None = None) -> Publisher:
    """A publisher on an empty in-memory store; the registry is read at each publish, as the node's is."""
    trusted = registry or TrustRegistry()
    return Publisher(EmbeddedStore(), validator, archive=DocumentArchive(None), registry=lambda: trusted)


def refused(action: Callable[[], object]) -> PublishRejected:
    with pytest.raises(PublishRejected) as caught:
        action()
    return caught.value
