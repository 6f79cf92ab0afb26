"""What a participant runs before publishing: ``keygen``, ``sign``, ``token`` and the offline self-description check.

``sign`` makes credentials of either Gaia-X generation: Loire (VC 2.0 as a JWT, the default) or Tagus (VC 1.1 with
a ``JsonWebSignature2020`` proof). Given one input it prints the signed credential; given several, a presentation of
them. An input that is already a credential is signed as it is; any other JSON object is taken as the credential's
subject and wrapped.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hdsgraph.core.config import Settings
from hdsgraph.core.errors import BadInputError, ConfigError
from hdsgraph.credentials import (
    KeyPair,
    TrustRegistry,
    did_key_for,
    make_presentation,
    read_jwk_file,
    sign_jws2020,
    sign_vc_jwt,
    write_jwk_file,
)
from hdsgraph.ingest.outcome import PublishRejected
from hdsgraph.ingest.self_descriptions import check_self_description, self_description_owner_check
from hdsgraph.node import NODE_KEY
from hdsgraph.node.auth import dev_token
from hdsgraph.validation import ShaclValidator

__all__ = ["keygen", "looks_like_self_description", "sign", "token", "validate_self_description"]

VC_V1 = "https://www.w3.org/2018/credentials/v1"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
LOIRE_CONTEXT = "https://w3id.org/gaia-x/development#"
TAGUS_CONTEXT = "https://registry.lab.gaia-x.eu/development/api/trusted-shape-registry/v1/shapes/jsonld/trustframework#"


def keygen(args: argparse.Namespace) -> int:
    """A new key pair: the private JWK written to a file only its owner reads, the public half printed."""
    if args.node:
        settings = Settings.from_env(None, data_dir=args.data)
        path = settings.keys_dir / NODE_KEY
        if path.exists() and not args.force:
            raise ConfigError(f"{path} exists; the node keeps its key (give --force to replace it, which breaks peers)")
        key = KeyPair.generate("EdDSA", kid=f"{settings.node_id}#node-key")
        path.parent.mkdir(parents=True, exist_ok=True)
        write_jwk_file(path, key)
        print(json.dumps(key.public_jwk()))  # the one line peers put in their configuration
        return 0
    if args.out is None:
        raise BadInputError("give --out FILE for the private key (or --node to make the node's own key)")
    if args.out.exists() and not args.force:
        raise BadInputError(f"{args.out} exists; give another --out, or --force to overwrite it", value=str(args.out))
    key = KeyPair.generate(args.alg)
    did = did_key_for(key.public_key()) if args.alg in ("EdDSA", "ES256") else None
    if did is not None:
        key = KeyPair.from_jwk({**key.private_jwk(), "kid": f"{did}#{did.removeprefix('did:key:')}"})
    write_jwk_file(args.out, key)
    print(f"private key: {args.out} (keep it secret)", file=sys.stderr)
    if did is not None:
        print(f"did: {did}")
    print(json.dumps(key.public_jwk()))
    return 0


def sign(args: argparse.Namespace) -> int:
    key = read_jwk_file(args.key)
    issuer = args.issuer or _did_of(key)
    method = args.verification_method or key.kid or f"{issuer}#{issuer.removeprefix('did:key:')}"
    now = datetime.now(UTC).replace(microsecond=0)
    until = now + timedelta(days=args.valid_days)
    signed: list[dict[str, Any] | str] = []
    for path in args.inputs:
        document = _read_json(path)
        if args.tagus:
            credential = _credential(document, issuer, now, until, tagus=True)
            signed.append(sign_jws2020(credential, key, method, created=now, gaiax_variant=args.gaiax_variant))
        else:
            credential = _credential(document, issuer, now, until, tagus=False)
            signed.append(sign_vc_jwt(credential, key, method))
    if len(signed) == 1 and not args.presentation:
        only = signed[0]
        output = only if isinstance(only, str) else json.dumps(only, indent=2, ensure_ascii=False)
    else:
        presentation = make_presentation(signed, holder=args.holder or issuer)
        output = json.dumps(presentation, indent=2, ensure_ascii=False)
    if args.out:
        args.out.write_text(output + "\n", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(output)
    return 0


def token(args: argparse.Namespace) -> int:
    settings = Settings.from_env(None, data_dir=args.data)
    participant = args.participant
    if not participant.startswith(("https://", "http://", "did:")) or any(c.isspace() for c in participant):
        raise BadInputError(
            f"--participant {participant!r} is not an IRI; give the participant's IRI, such as "
            "https://seed.hdsgraph.org/participant/lih",
            value=participant,
        )
    if not settings.dev_tokens:
        raise ConfigError("HDSGRAPH_DEV_TOKENS is off: the node accepts only tokens of its identity provider")
    print(
        f"development token for {participant}, accepted by the node with data directory {settings.data_dir}:",
        file=sys.stderr,
    )
    print(dev_token(settings, participant))
    return 0


def _did_of(key: KeyPair) -> str:
    if key.algorithm not in ("EdDSA", "ES256"):
        raise BadInputError(
            f"a {key.algorithm} key has no did:key; give --issuer (a did:web registered with the node)",
            value=key.algorithm,
        )
    return did_key_for(key.public_key())


def _read_json(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise BadInputError(f"{path}: line {e.lineno}, column {e.colno}: not JSON ({e.msg})", value=str(path)) from e
    if not isinstance(document, dict):
        raise BadInputError(f"{path}: a credential or a credential subject is a JSON object", value=str(path))
    return document


def _credential(
    document: dict[str, Any], issuer: str, now: datetime, until: datetime, *, tagus: bool
) -> dict[str, Any]:
    """``document`` itself when it is a credential (issuer and dates filled in where missing); else its wrapping."""
    types = document.get("type", [])
    types = [types] if isinstance(types, str) else list(types)
    stamp = now.isoformat().replace("+00:00", "Z")
    end = until.isoformat().replace("+00:00", "Z")
    if "VerifiableCredential" in types:
        credential = dict(document)
        credential.setdefault("issuer", issuer)
    else:
        subject = {k: v for k, v in document.items() if k != "@context"}
        context = document.get("@context", TAGUS_CONTEXT if tagus else LOIRE_CONTEXT)
        extra = context if isinstance(context, list) else [context]
        credential = {
            "@context": [VC_V1 if tagus else VC_V2, *extra],
            "type": ["VerifiableCredential"],
            "issuer": issuer,
            "credentialSubject": subject,
        }
    if tagus:
        credential.setdefault("issuanceDate", stamp)
        credential.setdefault("expirationDate", end)
    else:
        credential.setdefault("validFrom", stamp)
        credential.setdefault("validUntil", end)
    return credential


def looks_like_self_description(path: Path) -> bool:
    """A presentation or credential (JSON-LD or a JWT), rather than a plain RDF document."""
    if path.suffix.lower() in (".jwt", ".vp", ".vc"):
        return True
    if path.suffix.lower() not in (".json", ".jsonld"):
        return False
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    if not isinstance(document, dict):
        return False
    declared = document.get("type", document.get("@type"))
    types = [declared] if isinstance(declared, str) else declared if isinstance(declared, list) else []
    return "verifiableCredential" in document or any(
        t in ("VerifiableCredential", "VerifiablePresentation") for t in types if isinstance(t, str)
    )


def validate_self_description(path: Path, settings: Settings, participant: str | None) -> int:
    """Every check the node makes of a self-description, offline: proofs, shapes, Gaia-X rules (and, with
    ``--as``, ownership)."""
    registry_dir = settings.trust_registry_dir
    registry = TrustRegistry.from_directory(registry_dir if registry_dir.is_dir() else None)
    validator = ShaclValidator.from_directories(settings.shapes_dir, settings.ontologies_dir)
    data = path.read_bytes()
    try:
        if len(data) > settings.max_document_bytes:
            raise BadInputError(
                f"{path} is {len(data):,} bytes; the node accepts up to {settings.max_document_bytes:,}"
            )
        content, presentation = check_self_description(
            data, registry=registry, validator=validator, at=datetime.now(UTC), source=str(path)
        )
        if participant is not None:
            self_description_owner_check(content, None, participant, str(path))
    except PublishRejected as rejected:
        print(f"{path}: would be rejected")
        for problem in rejected.problems:
            where = " | ".join(x for x in (problem.focus_node, problem.path, problem.value) if x)
            print(f"  {problem.code}: {problem.message}" + (f"\n    at {where}" if where else ""))
        return 1
    print(f"{path}: would be accepted as {content.resource} ({len(content.triples)} triples)")
    for credential in presentation.credentials:
        print(f"  credential {credential.index}: issued by {credential.issuer}, {credential.digest}")
    for warning in content.report.warnings:
        print(f"  warning: {warning.message}")
    return 0
