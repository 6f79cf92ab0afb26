"""Keys, credentials and certificates the credential tests build for themselves (real crypto, nothing mocked)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from hdsgraph.credentials import KeyPair, did_key_for

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@cache
def rsa_key() -> KeyPair:
    """One RSA key for the whole run: generating them is slow."""
    return KeyPair.generate("PS256")


def did_key_issuer(algorithm: str = "EdDSA") -> tuple[KeyPair, str, str]:
    """A key, its did:key and its verification method."""
    key = KeyPair.generate(algorithm)
    did = did_key_for(key.public_key())
    return key, did, f"{did}#{did.removeprefix('did:key:')}"


def tagus_credential(issuer: str, **members: Any) -> dict[str, Any]:
    """A VC 1.1 credential as Tagus participants issue them, with a nested subject."""
    credential: dict[str, Any] = {
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "https://w3id.org/security/suites/jws-2020/v1",
            "https://registry.lab.gaia-x.eu/development/api/trusted-shape-registry/v1/shapes/jsonld/trustframework#",
        ],
        "type": ["VerifiableCredential"],
        "id": "https://participant.example.org/credentials/legal-participant",
        "issuer": issuer,
        "issuanceDate": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "https://participant.example.org/participant",
            "type": "gx:LegalParticipant",
            "gx:legalName": "Luxembourg Example Institute",
            "gx:headquarterAddress": {"gx:countrySubdivisionCode": "LU-LU"},
            "gx:legalAddress": {"gx:countrySubdivisionCode": "LU-LU"},
        },
    }
    credential.update(members)
    return credential


def loire_credential(issuer: str, **members: Any) -> dict[str, Any]:
    credential: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://w3id.org/gaia-x/2511#"],
        "id": "https://participant.example.org/credentials/legal-person",
        "type": ["VerifiableCredential", "gx:LegalPerson"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "validUntil": "2027-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "https://participant.example.org/participant",
            "type": "gx:LegalPerson",
            "gx:legalAddress": {"type": "gx:Address", "gx:countryCode": "LU"},
        },
    }
    credential.update(members)
    return credential


def changed(document: dict[str, Any], *path: str | int, value: Any) -> dict[str, Any]:
    """A deep copy of ``document`` with the member at ``path`` set to ``value``."""
    result = copy.deepcopy(document)
    target: Any = result
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return result


class Authority:
    """A certificate authority (P-256) issuing certificates for tests of x5c chains."""

    def __init__(
        self, name: str, *, issuer: Authority | None = None, ca: bool = True, days: tuple[int, int] = (-30, 365)
    ):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        self.certificate = (issuer or self).issue(self.name, self.key.public_key(), ca=ca, days=days, signer=issuer)

    def issue(
        self,
        subject: x509.Name,
        public_key: Any,
        *,
        ca: bool,
        days: tuple[int, int] = (-30, 365),
        signer: Authority | None = None,
    ) -> x509.Certificate:
        issuer = signer or self
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer.name)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW + timedelta(days=days[0]))
            .not_valid_after(NOW + timedelta(days=days[1]))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        return builder.sign(issuer.key, hashes.SHA256())
