from __future__ import annotations

from rdflib import Graph

from hdsgraph.ingest import graph_name_for


def graph(turtle: str) -> Graph:
    return Graph().parse(data="@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix ex: <https://e.org/> .\n" + turtle)


def test_a_dataset_document_is_named_after_its_dataset() -> None:
    g = graph("ex:d a dcat:Dataset ; dcat:distribution ex:x . ex:x a dcat:Distribution .")
    assert graph_name_for(g, b"") == "urn:hdsgraph:document:https://e.org/d"


def test_a_catalogue_wins_over_its_datasets() -> None:
    g = graph("ex:c a dcat:Catalog ; dcat:dataset ex:d1, ex:d2 . ex:d1 a dcat:Dataset . ex:d2 a dcat:Dataset .")
    assert graph_name_for(g, b"") == "urn:hdsgraph:document:https://e.org/c"


def test_several_datasets_without_a_catalogue_go_by_content_hash() -> None:
    g = graph("ex:d1 a dcat:Dataset . ex:d2 a dcat:Dataset .")
    name = graph_name_for(g, b"abc")
    assert name == "urn:hdsgraph:document:sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
