"""X.509 chains (a JWK's ``x5c``) checked offline against the node's configured trust anchors.

Each certificate must be signed by the next one, every certificate must be valid at the given time, and every
issuer must be a CA (basic constraints, ``keyCertSign`` when key usage is present, path length respected). The
chain ends at an anchor: either it contains the anchor, or its last certificate was issued by one. Nothing is
fetched: no AIA, no CRL, no OCSP (revocation is outside this check, and said so in the docs).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes

from hdsgraph.credentials.errors import CredentialError

__all__ = ["MAX_CHAIN_LENGTH", "check_chain", "parse_x5c"]

MAX_CHAIN_LENGTH = 10


def parse_x5c(x5c: Sequence[str]) -> list[x509.Certificate]:
    """The certificates of an ``x5c`` member: standard base64 (not base64url) DER, leaf first."""
    if not x5c or len(x5c) > MAX_CHAIN_LENGTH:
        raise CredentialError(
            f"an x5c chain of {len(x5c)} certificates is not accepted; accepted: 1 to {MAX_CHAIN_LENGTH}",
            reason="untrusted chain",
        )
    chain = []
    for position, encoded in enumerate(x5c):
        try:
            chain.append(x509.load_der_x509_certificate(base64.b64decode(encoded, validate=True)))
        except (binascii.Error, ValueError) as e:
            raise CredentialError(
                f"x5c[{position}] is not a base64 DER certificate: {e}", reason="untrusted chain", position=position
            ) from e
    return chain


def check_chain(chain: Sequence[x509.Certificate], anchors: Sequence[x509.Certificate], *, at: datetime) -> None:
    """Return when ``chain`` (leaf first) is valid at ``at`` and ends at one of ``anchors``; else CredentialError."""
    if not anchors:
        raise CredentialError(
            "the key carries a certificate chain (x5c) but this node has no trust anchors configured; "
            "add the root certificates the node trusts under anchors/*.pem",
            reason="untrusted chain",
        )
    for position, certificate in enumerate(chain):
        _check_validity(certificate, at, f"x5c[{position}]")
        if position > 0:
            _check_issuer(certificate, position - 1, f"x5c[{position}]")
            _check_signed_by(chain[position - 1], certificate, f"x5c[{position - 1}]", f"x5c[{position}]")
    last = chain[-1]
    anchored = {anchor.fingerprint(hashes.SHA256()) for anchor in anchors}
    if last.fingerprint(hashes.SHA256()) in anchored:
        return
    for anchor in anchors:
        if anchor.subject == last.issuer and _signed_by(last, anchor):
            name = f"the trust anchor {anchor.subject.rfc4514_string()!r}"
            _check_validity(anchor, at, name)
            _check_issuer(anchor, len(chain) - 1, name)
            return
    raise CredentialError(
        f"the certificate chain ends at {last.issuer.rfc4514_string()!r}, which is not one of the node's trust "
        f"anchors ({', '.join(repr(a.subject.rfc4514_string()) for a in anchors)})",
        reason="untrusted chain",
    )


def _check_validity(certificate: x509.Certificate, at: datetime, name: str) -> None:
    start, end = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    if not start <= at <= end:
        raise CredentialError(
            f"{name} ({certificate.subject.rfc4514_string()!r}) is valid from {start.isoformat()} to "
            f"{end.isoformat()}, not at {at.isoformat()}",
            reason="certificate not valid at this time",
        )


def _check_issuer(certificate: x509.Certificate, below: int, name: str) -> None:
    # ``below``: how many intermediate CAs sit between this issuer and the leaf (RFC 5280 pathLenConstraint).
    subject = certificate.subject.rfc4514_string()
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None
    if constraints is None or not constraints.ca:
        raise CredentialError(
            f"{name} ({subject!r}) issues a certificate in the chain but is not a CA (basic constraints CA:TRUE)",
            reason="untrusted chain",
        )
    if constraints.path_length is not None and below > constraints.path_length:
        raise CredentialError(
            f"{name} ({subject!r}) allows {constraints.path_length} intermediate CAs below it; the chain has {below}",
            reason="untrusted chain",
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not usage.key_cert_sign:
        raise CredentialError(
            f"{name} ({subject!r}) issues a certificate but its key usage lacks keyCertSign", reason="untrusted chain"
        )


def _check_signed_by(child: x509.Certificate, issuer: x509.Certificate, child_name: str, issuer_name: str) -> None:
    if not _signed_by(child, issuer):
        raise CredentialError(
            f"{child_name} ({child.subject.rfc4514_string()!r}) is not signed by {issuer_name} "
            f"({issuer.subject.rfc4514_string()!r}); each certificate must be issued by the next one",
            reason="untrusted chain",
        )


def _signed_by(child: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        child.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True
