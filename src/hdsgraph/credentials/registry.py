"""Where verification keys come from: did:key itself, DID documents registered with the node, X.509 trust anchors.

Nothing is resolved over the network. A did:web issuer is trusted only when the node's operator registered its DID
document (``did/*.json`` in the trust directory); a key carrying ``x5c`` is trusted only when its chain ends at a
root in ``anchors/*.pem``; ``x5u`` is never followed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography import x509

from hdsgraph.credentials.certificates import check_chain, parse_x5c
from hdsgraph.credentials.did import decode_multikey, resolve_did_key
from hdsgraph.credentials.errors import CredentialError
from hdsgraph.credentials.keys import PublicKey

__all__ = ["TrustRegistry"]


class TrustRegistry:
    """Registered DID documents (by DID) and trusted root certificates."""

    def __init__(
        self,
        documents: Iterable[Mapping[str, Any]] = (),
        anchors: Iterable[x509.Certificate] = (),
        notaries: Iterable[str] = (),
    ) -> None:
        self._methods: dict[str, dict[str, Mapping[str, Any]]] = {}
        self.anchors: tuple[x509.Certificate, ...] = tuple(anchors)
        # Issuers the operator trusts to attest registration numbers (Gaia-X notaries): they sign others' credentials
        # and are not participants, so the Gaia-X rules do not ask them to accept the terms and conditions.
        self.notaries: frozenset[str] = frozenset(notaries)
        for document in documents:
            self.register_did_document(document)

    @classmethod
    def from_directory(cls, path: Path | None) -> TrustRegistry:
        """The registry of a trust directory (``did/*.json``, ``anchors/*.pem``, ``notaries.txt`` with one DID a
        line); ``None`` gives an empty one."""
        if path is None:
            return cls()
        path = Path(path)
        if not path.is_dir():
            raise CredentialError(
                f"the trust directory {str(path)!r} does not exist; it holds did/*.json and anchors/*.pem",
                reason="bad trust directory",
            )
        documents = [_read_json(file) for file in sorted((path / "did").glob("*.json"))]
        anchors = [cert for file in sorted((path / "anchors").glob("*.pem")) for cert in _read_pem(file)]
        notaries_file = path / "notaries.txt"
        notaries = (
            [line.split("#", 1)[0].strip() for line in notaries_file.read_text(encoding="utf-8").splitlines()]
            if notaries_file.is_file()
            else []
        )
        return cls(documents, anchors, [n for n in notaries if n])

    @property
    def dids(self) -> list[str]:
        """The registered DIDs."""
        return sorted(self._methods)

    def register_did_document(self, document: Mapping[str, Any]) -> None:
        """Add (or replace) a DID document; its verification methods become resolvable by their ids."""
        did = document.get("id") if isinstance(document, Mapping) else None
        if not isinstance(did, str) or not did.startswith("did:") or "#" in did:
            raise CredentialError(
                f"a DID document needs an 'id' that is a DID without fragment, not {did!r}", reason="bad DID document"
            )
        methods: dict[str, Mapping[str, Any]] = {}
        # Methods may be listed once under verificationMethod or embedded in a relationship such as assertionMethod.
        for relation in ("verificationMethod", "assertionMethod", "authentication"):
            entries = document.get(relation, [])
            for entry in entries if isinstance(entries, list) else [entries]:
                if isinstance(entry, Mapping):
                    method_id = _absolute(str(entry.get("id", "")), did)
                    methods[method_id] = entry
        if not methods:
            raise CredentialError(
                f"the DID document of {did!r} lists no verification method (verificationMethod entries with "
                "publicKeyJwk or publicKeyMultibase)",
                reason="bad DID document",
            )
        self._methods[did] = methods

    def resolve(self, verification_method: str, *, at: datetime) -> PublicKey:
        """The key ``verification_method`` (a DID URL) names, trusted at ``at``; CredentialError when it is not."""
        if not isinstance(verification_method, str) or not verification_method.startswith("did:"):
            raise CredentialError(
                f"the verification method {verification_method!r} is not a DID URL; accepted: did:key:…, and "
                "did:web:…#fragment registered with the node",
                reason="issuer key not registered",
            )
        if verification_method.startswith("did:key:"):
            return resolve_did_key(verification_method)
        did, _, fragment = verification_method.partition("#")
        methods = self._methods.get(did)
        if methods is None:
            raise CredentialError(
                f"the issuer key {verification_method!r} is not registered: the DID {did!r} is unknown to this node. "
                "did:web issuers must be registered with the node (their DID document under did/ in the trust "
                "directory); DID documents are never fetched",
                reason="issuer key not registered",
                did=did,
            )
        # A bare DID names its only key; with several, the signer must say which.
        only = next(iter(methods.values())) if not fragment and len(methods) == 1 else None
        method = only or methods.get(verification_method)
        if method is None:
            raise CredentialError(
                f"the DID document of {did!r} has no verification method {verification_method!r}; it has "
                f"{sorted(methods)}",
                reason="issuer key not registered",
                did=did,
            )
        return self._key_of(method, verification_method, at)

    def resolve_jwk(self, jwk: Mapping[str, Any], *, at: datetime) -> PublicKey:
        """A key given inline as a JWK: trusted only through its ``x5c`` chain to one of the anchors."""
        key = PublicKey.from_jwk(jwk)
        if not key.x5c:
            raise CredentialError(
                "a key given inline (a JWK without x5c) is not trusted; it needs an x5c chain to a trust anchor or "
                "must be named by a registered DID",
                reason="issuer key not registered",
            )
        return self._checked(key, at)

    def _key_of(self, method: Mapping[str, Any], method_id: str, at: datetime) -> PublicKey:
        jwk = method.get("publicKeyJwk")
        multibase = method.get("publicKeyMultibase")
        if isinstance(jwk, Mapping):
            key = PublicKey.from_jwk({**jwk, "kid": method_id})
            return self._checked(key, at) if key.x5c else key
        if isinstance(multibase, str):
            key = decode_multikey(multibase, context=method_id)
            return PublicKey(key.key, key.algorithm, kid=method_id)
        raise CredentialError(
            f"the verification method {method_id!r} has neither publicKeyJwk nor publicKeyMultibase",
            reason="bad DID document",
        )

    def _checked(self, key: PublicKey, at: datetime) -> PublicKey:
        chain = parse_x5c(key.x5c)
        check_chain(chain, self.anchors, at=at)
        leaf = PublicKey.from_key(chain[0].public_key())
        if leaf.thumbprint() != key.thumbprint():
            raise CredentialError(
                f"the key {key.kid!r} is not the key of its x5c leaf certificate "
                f"({chain[0].subject.rfc4514_string()!r})",
                reason="untrusted chain",
            )
        return key


def _absolute(method_id: str, did: str) -> str:
    return did + method_id if method_id.startswith("#") else method_id


def _read_json(file: Path) -> Mapping[str, Any]:
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise CredentialError(f"{file}: not a JSON DID document ({e})", reason="bad DID document") from e
    if not isinstance(document, dict):
        raise CredentialError(f"{file}: a DID document is a JSON object", reason="bad DID document")
    return document


def _read_pem(file: Path) -> list[x509.Certificate]:
    try:
        return x509.load_pem_x509_certificates(file.read_bytes())
    except (OSError, ValueError) as e:
        raise CredentialError(f"{file}: not PEM certificates ({e})", reason="bad trust anchor") from e
