"""Make the seed participants' signed self-descriptions from their claims in ``seeds/participants/*.ttl``.

    .venv/bin/python seeds/tools/sign_participants.py

Each participant signs with its own DEMO key (``seeds/keys/<slug>.DEMO-ONLY.jwk``, made when missing): a Gaia-X
Loire presentation of two VC-JWTs, its legal-person credential (the claims of its Turtle file) and its acceptance of
the Gaia-X terms and conditions, written to ``seeds/self-descriptions/<slug>.vp.json``. The keys are published in
this repository and protect nothing: they exist so that a new node has verifiable self-descriptions to start with.
Run this again after editing a participant's Turtle file; a test fails while the two disagree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.term import BNode, Literal, Node, URIRef

from hdsgraph.core.vocab import GX, RDF
from hdsgraph.credentials import KeyPair, did_key_for, make_presentation, read_jwk_file, sign_vc_jwt, write_jwk_file

SEEDS = Path(__file__).resolve().parents[1]
VC_V2 = "https://www.w3.org/ns/credentials/v2"
# The hash of the Gaia-X terms and conditions the Loire shapes accept (gx:IssuerShape, sh:in).
GAIAX_TERMS_HASH = "4bd7554097444c960292b4726c2efa1373485e8a5565d94d41195214c5e0ceb3"
VALID_FROM = "2026-01-01T00:00:00Z"
VCARD = "http://www.w3.org/2006/vcard/ns#"
# schema.org properties the Loire shapes use (legal person name and description, LEI code).
SCHEMA_TEXT = {"https://schema.org/name", "https://schema.org/description", "https://schema.org/leiCode"}


def demo_key(slug: str) -> KeyPair:
    path = SEEDS / "keys" / f"{slug}.DEMO-ONLY.jwk"
    if path.is_file():
        return read_jwk_file(path)
    key = KeyPair.generate("EdDSA")
    did = did_key_for(key.public_key())
    key = KeyPair.from_jwk({**key.private_jwk(), "kid": f"{did}#{did.removeprefix('did:key:')}"})
    path.parent.mkdir(parents=True, exist_ok=True)
    write_jwk_file(path, key)
    return key


def subject_of(graph: Graph, root: URIRef) -> dict[str, Any]:
    """``root`` as a JSON-LD node object with full IRIs, the nodes it refers to embedded at their first mention."""
    seen: set[Node] = set()

    def node(term: Node) -> dict[str, Any]:
        seen.add(term)
        out: dict[str, Any] = {} if isinstance(term, BNode) else {"@id": str(term)}
        types = sorted(str(t) for t in graph.objects(term, RDF.type))
        if types:
            out["@type"] = types
        for predicate in sorted({p for p in graph.predicates(term) if p != RDF.type}, key=str):
            values = [value(o) for o in sorted(graph.objects(term, predicate), key=lambda o: o.n3())]
            out[str(predicate)] = values
        return out

    def value(term: Node) -> dict[str, Any]:
        if isinstance(term, Literal):
            if term.language:
                return {"@value": str(term), "@language": term.language}
            if term.datatype is not None and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
                return {"@value": str(term), "@type": str(term.datatype)}
            return {"@value": str(term)}
        if term not in seen and next(graph.predicate_objects(term), None) is not None:
            return node(term)
        return {"@id": str(term)}

    return node(root)


def presentation_for(claims_file: Path) -> dict[str, Any]:
    graph = Graph().parse(claims_file, format="turtle")
    people = sorted(s for s in graph.subjects(RDF.type, GX.LegalPerson) if isinstance(s, URIRef))
    if len(people) != 1:
        raise SystemExit(f"{claims_file}: expected one gx:LegalPerson, found {len(people)}")
    participant = people[0]
    key = demo_key(claims_file.stem)
    did = did_key_for(key.public_key())
    kid = key.kid or f"{did}#{did.removeprefix('did:key:')}"
    gaiax, extension = split_claims(graph)

    def credential(name: str, subject: dict[str, Any]) -> dict[str, Any]:
        return {
            "@context": [VC_V2],
            "id": f"{participant}#{name}",
            "type": ["VerifiableCredential"],
            "issuer": did,
            "validFrom": VALID_FROM,
            "credentialSubject": subject,
        }

    legal_person = credential("legal-person-credential", subject_of(gaiax, participant))
    profile = credential("health-data-space-profile-credential", subject_of(extension, participant))
    terms = {
        "@context": [VC_V2],
        "id": f"{participant}#issuer-credential",
        "type": ["VerifiableCredential"],
        "issuer": did,
        "validFrom": VALID_FROM,
        "credentialSubject": {
            "@id": f"{participant}#gaia-x-issuer",
            "@type": [str(GX.Issuer)],
            str(GX.gaiaxTermsAndConditions): [{"@value": GAIAX_TERMS_HASH}],
        },
    }
    signed = [sign_vc_jwt(c, key, kid) for c in (legal_person, profile, terms)]
    return make_presentation(signed, holder=did)


def split_claims(graph: Graph) -> tuple[Graph, Graph]:
    """The claims Gaia-X Loire shapes describe, and the rest (the health data space's own profile).

    Loire shapes are closed: a legal person, its addresses and registration numbers may carry only Gaia-X, vCard and
    schema.org name/description properties. Organisation type, jurisdiction, names and contact points for DCAT-AP
    go in a credential of their own about the same participant, which no Loire shape targets.
    """
    gaiax, extension = Graph(), Graph()
    described = {s for s, o in graph.subject_objects(RDF.type) if str(o).startswith(str(GX))}
    for s, p, o in graph:
        official = p == RDF.type or str(p).startswith((str(GX), VCARD)) or str(p) in SCHEMA_TEXT
        (gaiax if s in described and official else extension).add((s, p, o))
    return gaiax, extension


def main() -> int:
    out_dir = SEEDS / "self-descriptions"
    out_dir.mkdir(exist_ok=True)
    for claims_file in sorted((SEEDS / "participants").glob("*.ttl")):
        presentation = presentation_for(claims_file)
        target = out_dir / f"{claims_file.stem}.vp.json"
        target.write_text(json.dumps(presentation, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {target.relative_to(SEEDS.parent)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
