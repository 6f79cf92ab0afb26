"""The benchmark's synthetic catalogue is realistic HealthDCAT-AP: each dataset graph passes the shapes on its own."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest
from bench.generate import generate

from hdsgraph.core.vocab import DCAT, DCT, RDF, GraphNames
from hdsgraph.rdfio import to_rdflib_graph
from hdsgraph.validation import ShaclValidator

COUNT = 20


def _graphs(count: int) -> dict[str, list[ox.Triple]]:
    text = "\n".join(line for lines in generate(count) for line in lines)
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for q in ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS):
        graphs[q.graph_name.value].append(ox.Triple(q.subject, q.predicate, q.object))
    return graphs


@pytest.fixture(scope="module")
def graphs() -> dict[str, list[ox.Triple]]:
    return _graphs(COUNT)


def test_each_dataset_is_in_the_graph_the_node_would_give_it(graphs: dict[str, list[ox.Triple]]) -> None:
    assert len(graphs) == COUNT
    for name, triples in graphs.items():
        datasets = [
            t.subject.value
            for t in triples
            if t.predicate.value == str(RDF.type) and t.object.value == str(DCAT.Dataset)
        ]
        assert [GraphNames.for_resource(d) for d in datasets] == [name]


def test_every_dataset_graph_conforms_to_the_shapes(
    graphs: dict[str, list[ox.Triple]], validator: ShaclValidator
) -> None:
    for name, triples in graphs.items():
        report = validator.validate(to_rdflib_graph(triples))
        assert report.conforms, f"{name}\n{report.describe()}"


def test_descriptions_are_30_to_60_words(graphs: dict[str, list[ox.Triple]]) -> None:
    for triples in graphs.values():
        (description,) = [t.object.value for t in triples if t.predicate.value == str(DCT.description)]
        assert 30 <= len(description.split()) <= 60


def test_a_dataset_does_not_depend_on_the_size_of_the_catalogue(graphs: dict[str, list[ox.Triple]]) -> None:
    smaller = _graphs(5)
    assert all(smaller[name] == graphs[name] for name in smaller)


def test_no_dataset_graph_repeats_a_quad() -> None:
    # The file's quad count is then what the store holds, and what the report divides by the number of datasets.
    for lines in generate(200):
        assert len(set(lines)) == len(lines)
