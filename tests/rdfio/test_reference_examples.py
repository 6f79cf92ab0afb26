"""The official Gaia-X and Dataspace Protocol examples parse from the bundled contexts alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdsgraph.core.errors import ParseError
from tests.conftest import REFERENCE
from tests.rdfio._jsonld import parse

pytestmark = [
    pytest.mark.reference,
    pytest.mark.skipif(not REFERENCE.is_dir(), reason="the standards' reference files are not beside this checkout"),
]

EXAMPLES = REFERENCE / "gaiax" / "examples"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
TAGUS = "https://registry.lab.gaia-x.eu/development/api/trusted-shape-registry/v1/shapes/jsonld/trustframework#"

# Quads per Tagus example (credentials and proofs in their named graphs), as an independent JSON-LD 1.1 processor
# (pyld 3.3, given the same contexts) counts them.
TAGUS_QUADS = {
    "data-resource.json": 13,
    "instantiated-virtual-resource.json": 7,
    "legitimate-interest.json": 9,
    "participant-vp.json": 50,
    "physical-resource.json": 18,
    "service-access-point.json": 12,
    "service-offering-and-ressources-vp.json": 112,
    "service-offering-label-level-1.json": 285,
    "service-offering-vp.json": 71,
    "so-tsandcs.json": 9,
    "software-resource.json": 10,
    "terms-and-conditions-vp.json": 14,
    "virtual-resource.json": 10,
}


def test_every_tagus_example_is_counted() -> None:
    assert {p.name for p in (EXAMPLES / "tagus-22.10").glob("*.json")} == set(TAGUS_QUADS)


@pytest.mark.parametrize(("name", "count"), sorted(TAGUS_QUADS.items()))
def test_tagus_presentations_parse(name: str, count: int) -> None:
    assert len(parse((EXAMPLES / "tagus-22.10" / name).read_bytes())) == count


def test_the_tagus_participant_is_a_legal_participant() -> None:
    quads = parse((EXAMPLES / "tagus-22.10" / "participant-vp.json").read_bytes())
    assert any(q.predicate.value == RDF_TYPE and q.object.value == TAGUS + "LegalParticipant" for q in quads)


@pytest.mark.parametrize("name", ["test-issuer.jsonld", "test-issuer2.jsonld", "test-issuer3.jsonld"])
def test_loire_2511_credentials_use_the_2511_namespace(name: str) -> None:
    quads = parse((EXAMPLES / "loire-25.11" / name).read_bytes())
    types = {q.object.value for q in quads if q.predicate.value == RDF_TYPE}
    assert "https://w3id.org/gaia-x/2511#LegalPerson" in types


@pytest.mark.parametrize("path", sorted((EXAMPLES / "dsp-2025-1").glob("*.json")), ids=lambda p: p.name)
def test_dataspace_protocol_2025_messages_parse(path: Path) -> None:
    assert parse(path.read_bytes())


def test_the_unbundled_dataspace_protocol_2024_context_is_refused_by_name() -> None:
    with pytest.raises(ParseError, match=r"https://w3id\.org/dspace/2024/1/context\.json is not one of the bundled"):
        parse((EXAMPLES / "dsp-2024-1" / "catalog.json").read_bytes())
