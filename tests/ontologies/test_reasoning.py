"""HermiT on the ontology: the committed closure is what it derives; defined classes classify; faults are named."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from hdsgraph.core.vocab import HDS
from hdsgraph.node import Node
from hdsgraph.ontology import Closure, OntologyInconsistentError, ShippedOntology, classify, load_closure, read_closure
from tests.conftest import ROOT, make_settings
from tests.ontologies.conftest import FIXTURES, append_fixture, needs_java

pytestmark = needs_java

SHIPPED = ShippedOntology(ROOT / "ontologies")
EXAMPLE = "https://example.org/participant/"


def h(name: str) -> str:
    return str(HDS[name])


@pytest.fixture(scope="module")
def derived() -> tuple[Closure, float]:
    started = time.perf_counter()
    closure = SHIPPED.classify()
    return closure, time.perf_counter() - started


def test_the_committed_closure_is_what_hermit_derives(derived: tuple[Closure, float]) -> None:
    closure, seconds = derived
    assert closure == SHIPPED.committed(), (
        f"{SHIPPED.closure_file} is stale: run `hdsgraph reason --write` and commit the file"
    )
    assert closure.reasoner.startswith("HermiT")
    assert seconds < 20, f"classification took {seconds:.1f} s"


def test_an_edited_ontology_is_classified_at_start_up_and_cached(tmp_path: Path, checkout: Path) -> None:
    append_fixture(checkout, "participants.ttl")
    cache = tmp_path / "cache"
    closure = load_closure(checkout / "ontologies", cache)
    assert closure.content_hash == ShippedOntology(checkout / "ontologies").inputs_hash()
    assert read_closure(cache / f"{closure.content_hash}.nt") == closure

    covered, public = h("AdequacyCoveredRecipient"), h("PublicSectorParticipant")
    assert covered in closure.types(EXAMPLE + "seoul-hospital")
    assert public not in closure.types(EXAMPLE + "seoul-hospital")
    assert covered not in closure.types(EXAMPLE + "us-company")
    assert {covered, h("DPFCertifiedOrganisation")} <= closure.types(EXAMPLE + "us-dpf-company")
    assert {covered, public} <= closure.types(EXAMPLE + "lu-hdab")


def test_an_unsatisfiable_class_stops_the_node_naming_it(checkout: Path) -> None:
    append_fixture(checkout, "unsatisfiable.ttl")
    node = Node.in_memory(make_settings(checkout / "data", resources_dir=checkout))
    with pytest.raises(OntologyInconsistentError) as raised:
        node.prepare()
    assert raised.value.code == "ONTOLOGY_INCONSISTENT"
    assert set(raised.value.unsatisfiable) == {h("ResearchForAdvertising"), h("AdvertisingTrialDesign")}
    assert "hds:ResearchForAdvertising" in raised.value.message
    assert "hds:AdvertisingTrialDesign" in raised.value.message
    assert not raised.value.inconsistent
    assert node.store.count() == 0


def test_an_inconsistent_ontology_names_the_individual_to_blame() -> None:
    with pytest.raises(OntologyInconsistentError) as raised:
        classify([ROOT / "ontologies" / "hdsgraph.ttl", FIXTURES / "inconsistent.ttl"])
    assert raised.value.inconsistent and raised.value.unsatisfiable == ()
    assert "hds:KR is in the disjoint classes hds:AdequateJurisdiction and hds:EEAState" in raised.value.message
