"""The committed closure and the ``Closure`` tables: read without a reasoner, answering the evaluator's questions."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from hdsgraph.core.errors import ConfigError
from hdsgraph.core.vocab import DPV, HDS
from hdsgraph.node import Node
from hdsgraph.ontology import (
    CLOSURE_GRAPH,
    Closure,
    ShippedOntology,
    closure_from_graph,
    closure_to_ntriples,
    load_closure,
    read_closure,
    write_closure,
)
from hdsgraph.ontology import shipped as shipped_module
from tests.conftest import ROOT, make_settings
from tests.ontologies.conftest import append_fixture

SHIPPED = ShippedOntology(ROOT / "ontologies")


@pytest.fixture(scope="module")
def committed() -> Closure:
    closure = SHIPPED.committed()
    assert closure is not None, f"{SHIPPED.closure_file} is missing: run `hdsgraph reason --write`"
    return closure


def h(name: str) -> str:
    return str(HDS[name])


def test_committed_closure_is_not_stale(committed: Closure) -> None:
    """Fails as soon as hdsgraph.ttl or the purposes' SKOS view changes without a new closure."""
    problem = SHIPPED.stale_message(committed)
    assert problem is None, f"{problem}: run `hdsgraph reason --write` and commit the closure file"


def test_purposes_follow_the_class_hierarchy(committed: Closure) -> None:
    algorithms = committed.ancestors(h("AlgorithmTrainingTestingEvaluation"))
    assert {str(DPV.ScientificResearch), h("HealthScientificResearch"), h("SecondaryUsePurpose")} <= algorithms
    assert h("ProhibitedSecondaryUse") not in algorithms
    # Equivalence: every DPV marketing purpose is an Art. 54 prohibited use.
    assert committed.is_a(str(DPV.Advertising), h("ProhibitedSecondaryUse"))
    assert committed.is_a(h("OfficialStatistics"), h("PublicSectorOnlyPurpose"))
    assert not committed.is_a(h("HealthScientificResearch"), h("PublicSectorOnlyPurpose"))


def test_concepts_follow_skos_broader(committed: Closure) -> None:
    assert committed.is_a(h("HealthDataAccessBody"), h("PublicSectorBody"))
    assert committed.is_a(h("University"), h("ResearchOrganisation"))
    assert not committed.is_a(h("University"), h("CommercialCompany"))
    # The purposes' SKOS view types them as concepts and instances of dpv:Purpose.
    assert committed.is_a(h("HealthScientificResearch"), str(DPV.Purpose))


def test_jurisdictions_are_part_of_their_unions(committed: Closure) -> None:
    assert committed.part_of(h("LU")) == {h("LU"), h("EU"), h("EEA")}
    assert committed.is_part_of(h("NO"), h("EEA")) and not committed.is_part_of(h("NO"), h("EU"))
    assert committed.part_of(h("KR")) == {h("KR")}
    assert committed.is_a(h("LU"), h("EEAState"))


def test_korea_is_adequate_and_the_usa_only_for_dpf_organisations(committed: Closure) -> None:
    covered = h("AdequacyCoveredRecipient")
    assert committed.is_a(h("KR"), h("AdequateJurisdiction"))
    assert not committed.is_a(h("US"), h("AdequateJurisdiction"))
    assert covered in committed.entailed_types(h("jurisdiction"), h("KR"))
    assert covered in committed.entailed_types(h("jurisdiction"), h("LU"))
    assert covered not in committed.entailed_types(h("jurisdiction"), h("US"))
    assert committed.is_a(h("DPFCertifiedOrganisation"), covered)
    assert covered in committed.agent_types(asserted=[h("DPFCertifiedOrganisation")])


def test_defined_classes_apply_to_facts_the_ontology_never_saw(committed: Closure) -> None:
    public = h("PublicSectorParticipant")
    assert public in committed.entailed_types(h("organisationType"), h("HealthDataAccessBody"))
    assert public not in committed.entailed_types(h("organisationType"), h("University"))
    # Membership of the EEA makes an EEA state (a defined class), without the type being asserted.
    assert h("EEAState") in committed.entailed_types(h("memberOf"), h("EEA"))
    seoul = committed.agent_types(
        facts=[(h("jurisdiction"), h("KR")), (h("organisationType"), h("HealthcareProvider"))]
    )
    assert h("AdequacyCoveredRecipient") in seoul and public not in seoul


def test_unknown_terms_are_only_themselves() -> None:
    closure = Closure.empty()
    assert closure.ancestors("urn:x") == {"urn:x"} and closure.part_of("urn:x") == {"urn:x"}
    assert closure.types("urn:x") == frozenset()
    assert closure.is_a("urn:x", "urn:x") and not closure.is_a("urn:x", "urn:y")


def test_the_closure_is_frozen(committed: Closure) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        committed.content_hash = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        committed.ancestors_of["urn:x"] = frozenset()  # type: ignore[index]


def test_round_trip_through_ntriples_is_exact_and_deterministic(committed: Closure, tmp_path: Path) -> None:
    data = closure_to_ntriples(committed)
    again = closure_from_graph(Graph().parse(data=data, format="nt"))
    assert again == committed and again.reasoner == committed.reasoner
    assert closure_to_ntriples(again) == data
    write_closure(committed, tmp_path / "c.nt")
    assert (tmp_path / "c.nt").read_bytes() == data == SHIPPED.closure_file.read_bytes()


def test_a_graph_without_a_closure_is_refused() -> None:
    with pytest.raises(ConfigError, match="hdsgraph reason --write"):
        closure_from_graph(Graph())


def test_reading_needs_neither_owlready2_nor_java(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "sys.modules['owlready2'] = None  # any import of owlready2 now fails\n"
        "from pathlib import Path\n"
        "from hdsgraph.ontology import read_closure\n"
        "c = read_closure(Path(sys.argv[1]))\n"
        f"assert c.is_a({h('AlgorithmTrainingTestingEvaluation')!r}, {str(DPV.ScientificResearch)!r})\n"
        f"assert c.is_part_of({h('LU')!r}, {h('EEA')!r})\n"
        "print('read', len(c.ancestors_of))\n"
    )
    env = {**os.environ, "PATH": str(tmp_path)}  # no java on this PATH
    done = subprocess.run(
        [sys.executable, "-c", code, str(SHIPPED.closure_file)], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("read ")


def test_the_node_holds_the_closure_as_a_named_graph(seeded_node: Node) -> None:
    graph = seeded_node.store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{CLOSURE_GRAPH}> {{ ?s ?p ?o }} }}")
    assert closure_from_graph(graph) == seeded_node.closure
    assert seeded_node.closure.content_hash == SHIPPED.inputs_hash()


def test_a_stale_closure_without_java_stops_the_node(checkout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    append_fixture(checkout, "participants.ttl")
    monkeypatch.setattr(shipped_module, "java_available", lambda: False)
    node = Node.in_memory(make_settings(checkout / "data", resources_dir=checkout))
    with pytest.raises(ConfigError, match=r"no Java runtime .* `hdsgraph reason --write`"):
        node.prepare()
    assert node.store.count() == 0, "nothing is written before the closure is settled"


def test_a_closure_cached_under_the_files_hash_is_used(
    checkout: Path, committed: Closure, monkeypatch: pytest.MonkeyPatch
) -> None:
    append_fixture(checkout, "participants.ttl")
    shipped = ShippedOntology(checkout / "ontologies")
    cached = dataclasses.replace(committed, content_hash=shipped.inputs_hash())
    write_closure(cached, checkout / "cache" / f"{cached.content_hash}.nt")

    def no_reasoner(self: ShippedOntology) -> Closure:
        raise AssertionError("the cached closure should have been used")

    monkeypatch.setattr(ShippedOntology, "classify", no_reasoner)
    assert load_closure(checkout / "ontologies", checkout / "cache") == cached
    with pytest.raises(AssertionError, match="cached"):
        load_closure(checkout / "ontologies", checkout / "elsewhere")


def test_a_fresh_committed_closure_is_read_as_is(checkout: Path, committed: Closure) -> None:
    assert load_closure(checkout / "ontologies") == committed
    assert read_closure(checkout / "ontologies" / "closure" / "hdsgraph-closure.nt") == committed


def test_one_process_classifies_the_same_files_once(
    checkout: Path, committed: Closure, monkeypatch: pytest.MonkeyPatch
) -> None:
    append_fixture(checkout, "participants.ttl")
    runs = []

    def counted(self: ShippedOntology) -> Closure:
        runs.append(self.directory)
        return dataclasses.replace(committed, content_hash=self.inputs_hash())

    monkeypatch.setattr(ShippedOntology, "classify", counted)
    monkeypatch.setattr(shipped_module, "java_available", lambda: True)
    first = load_closure(checkout / "ontologies")
    assert load_closure(checkout / "ontologies") == first
    assert len(runs) == 1
