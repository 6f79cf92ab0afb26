"""The seed self-descriptions: signed with the demo keys beside them, and saying exactly what the claims files say."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from hdsgraph.core.vocab import GX, RDF
from hdsgraph.credentials import TrustRegistry, did_key_for, read_jwk_file, verify_presentation
from hdsgraph.rdfio.terms import from_ox
from tests.conftest import ROOT

SEEDS = ROOT / "seeds"
CLAIMS = sorted((SEEDS / "participants").glob("*.ttl"))


def test_every_participant_has_a_signed_self_description_and_a_demo_key() -> None:
    slugs = {p.stem for p in CLAIMS}
    assert slugs == {p.name.removesuffix(".vp.json") for p in (SEEDS / "self-descriptions").glob("*.vp.json")}
    assert slugs == {p.name.removesuffix(".DEMO-ONLY.jwk") for p in (SEEDS / "keys").glob("*.jwk")}
    assert "NOT SECRET" in (SEEDS / "keys" / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("claims", CLAIMS, ids=lambda p: p.stem)
def test_a_seed_self_description_verifies_and_matches_its_claims(claims: Path) -> None:
    data = (SEEDS / "self-descriptions" / f"{claims.stem}.vp.json").read_bytes()
    presentation = verify_presentation(data, TrustRegistry(), at=datetime.now(UTC), source=claims.stem)
    did = did_key_for(read_jwk_file(SEEDS / "keys" / f"{claims.stem}.DEMO-ONLY.jwk").public_key())
    assert {c.issuer for c in presentation.credentials} == {did}
    signed = Graph()
    for credential in presentation.credentials:
        for q in credential.subject_quads:
            signed.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))  # type: ignore[arg-type]
    terms = list(signed.subjects(RDF.type, GX.Issuer))
    assert len(terms) == 1 and signed.value(terms[0], GX.gaiaxTermsAndConditions) is not None
    signed.remove((terms[0], None, None))
    expected = Graph().parse(claims, format="turtle")
    assert isomorphic(signed, expected), f"{claims.name} changed: run seeds/tools/sign_participants.py"
