"""The vocabularies in ``ontologies/`` hold what the shapes and the test datasets need, in the form pyshacl sees.

pyshacl copies only ``owl:NamedIndividual`` nodes (with their triples) from the ontology graph into the data graph,
so a concept that is not one is invisible to ``skos:inScheme`` and ``sh:class`` checks. Skipped while
``ontologies/`` holds no vocabularies (the shape tests then use their own copies of the concepts).
"""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, SH, SKOS

from tests.shapes._shapes import EU, FALLBACK_CONCEPTS, HDEU, ONTOLOGIES_DIR, ontology_graph, shapes_graph

pytestmark = pytest.mark.skipif(
    not any((ONTOLOGIES_DIR / "vocabularies").glob("*.ttl")),
    reason="ontologies/vocabularies/ holds no vocabularies yet",
)

DCT = "http://purl.org/dc/terms/"
# dct:spatial may also name a place or continent concept or a GeoNames IRI (a warning-level alternative); the
# project ships the country vocabulary only.
NOT_SHIPPED_SCHEMES = {EU + "place", EU + "continent"}


@pytest.mark.parametrize(
    ("base", "scheme", "code", "classes"), FALLBACK_CONCEPTS, ids=[f"{s}/{c}" for _, s, c, _ in FALLBACK_CONCEPTS]
)
def test_ontologies_hold_the_concepts_of_the_test_datasets(
    base: str, scheme: str, code: str, classes: tuple[str, ...]
) -> None:
    graph = ontology_graph()
    concept = URIRef(f"{base}{scheme}/{code}")
    assert (concept, SKOS.inScheme, URIRef(base + scheme)) in graph
    types = set(graph.objects(concept, RDF.type))
    expected = {SKOS.Concept, OWL.NamedIndividual} | {URIRef(DCT + c.removeprefix("dct:")) for c in classes}
    assert expected <= types, f"{concept} lacks the types {sorted(expected - types)}"


def _vocabulary_iris_named_by_shapes() -> list[URIRef]:
    shapes = shapes_graph()
    named = set(shapes.objects(None, SH.hasValue))
    return sorted(
        iri
        for iri in named
        if isinstance(iri, URIRef) and str(iri).startswith((EU, HDEU)) and str(iri) not in NOT_SHIPPED_SCHEMES
    )


@pytest.mark.parametrize("iri", _vocabulary_iris_named_by_shapes(), ids=str)
def test_ontologies_hold_every_scheme_and_concept_the_shapes_name(iri: URIRef) -> None:
    graph = ontology_graph()
    is_scheme = str(iri).count("/") == (EU if str(iri).startswith(EU) else HDEU).count("/")
    if is_scheme:
        assert (iri, RDF.type, SKOS.ConceptScheme) in graph, f"scheme {iri} missing"
    else:
        assert (iri, SKOS.inScheme, None) in graph and (iri, RDF.type, OWL.NamedIndividual) in graph, iri
