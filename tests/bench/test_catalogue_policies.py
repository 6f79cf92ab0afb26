"""The benchmark's catalogue carries policies that eligibility decides on, and its eligibleDatasets phase runs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from bench.eligibility import measure
from bench.generate import POLICIES, REQUESTER, generate, policy_iri, shared_quads, write_catalogue
from bench.queries import QUERIES

from hdsgraph.core.config import Settings
from hdsgraph.core.vocab import ODRL, GraphNames
from hdsgraph.node import Node
from hdsgraph.node.policies import compile_policies
from hdsgraph.rdfio import to_rdflib_graph

_HAS_POLICY = str(ODRL.hasPolicy)


def _triples(lines: list[str]) -> list[ox.Triple]:
    quads = ox.parse("\n".join(lines).encode(), format=ox.RdfFormat.N_QUADS)
    return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]


def test_each_shared_policy_compiles_in_its_own_graph() -> None:
    graphs = shared_quads()
    compiled = {}
    for lines in graphs[: len(POLICIES)]:
        (graph,) = {line.rsplit(" ", 2)[1] for line in lines}
        found = compile_policies(to_rdflib_graph(_triples(lines)))
        assert [f"<{GraphNames.for_resource(iri)}>" for iri in found] == [graph]
        compiled.update(found)
    assert sorted(compiled) == sorted(policy_iri(name) for name in POLICIES)
    assert all(p.targetless for p in compiled.values())


def test_most_datasets_name_one_of_the_shared_policies() -> None:
    named: Counter[str | None] = Counter()
    for lines in generate(400):
        links = [line.split(" ", 3)[2].strip("<>") for line in lines if f"<{_HAS_POLICY}>" in line]
        assert len(links) <= 1
        named[links[0] if links else None] += 1
    assert set(named) - {None} <= {policy_iri(name) for name in POLICIES}
    assert 0.8 < 1 - named[None] / 400 < 0.95
    assert len(named) - 1 == len(POLICIES)


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    work = tmp_path_factory.mktemp("eligibility")
    catalogue = work / "catalogue.nq"
    write_catalogue(catalogue, 300)
    settings = Settings.from_env({}, data_dir=work / "data", seed_on_first_start=False)
    found = Node.in_memory(settings)
    found.prepare()
    found.bulk_load(Path(catalogue))
    yield found
    found.close()


def test_the_requester_is_known_from_its_own_graph(node: Node) -> None:
    facts = node.policies.facts(REQUESTER)
    assert facts.jurisdiction == "https://w3id.org/hdsgraph/ontology#KR"


def test_the_eligibility_phase_filters_the_catalogue_and_times_the_query(node: Node) -> None:
    result = measure(node, calls=3, queries=QUERIES[:3])
    assert result["datasets"] == 300 and result["policies"] == len(POLICIES)
    assert 0 < result["eligible"] < result["governed"] < 300
    assert result["calls"] == 3 and 0 < result["p50"] <= result["p99"]
    assert node.index.results.capacity > 0  # the index's cache is on again after the measurement
