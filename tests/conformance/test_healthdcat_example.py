"""The official HealthDCAT-AP release 8 example through ``publish_dataset``: accepted for the participant it names as
dct:publisher, refused as FORBIDDEN for anyone else, and each broken variant refused naming the SHACL path at fault."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.vocab import DCAT, DCT, HEALTHDCATAP, RDF, GraphNames
from hdsgraph.validation import ShaclValidator
from tests.conformance._support import HEALTHDCAT_EXAMPLE, needs_reference, new_publisher, refused

pytestmark = [pytest.mark.reference, needs_reference]

INTRUDER = "https://intruder.example.org/participant"


def example() -> Graph:
    return Graph().parse(HEALTHDCAT_EXAMPLE, format="turtle")


def the_dataset(graph: Graph) -> URIRef:
    (dataset,) = (s for s in graph.subjects(RDF.type, DCAT.Dataset) if isinstance(s, URIRef))
    return dataset


def publisher_of(graph: Graph) -> str:
    (agent,) = graph.objects(the_dataset(graph), DCT.publisher)
    return str(agent)


def turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle").encode()


def test_the_official_example_is_accepted_from_its_publisher_and_stored_as_sent(validator: ShaclValidator) -> None:
    publisher = new_publisher(validator)
    graph = example()
    published = publisher.publish_dataset(HEALTHDCAT_EXAMPLE.read_bytes(), RdfFormat.TURTLE, publisher_of(graph))
    assert published.id == str(the_dataset(graph))
    assert publisher.store.count(GraphNames.for_resource(published.id)) == published.triples == len(graph)
    record = publisher.record(published.id)
    assert record is not None and record.owner == publisher_of(graph)
    # Nothing in the example is a violation; what the node advises is advice only.
    assert all(w.severity != "VIOLATION" for w in published.warnings)


def test_the_example_cites_the_data_governance_act_and_the_node_advises_the_ehds(validator: ShaclValidator) -> None:
    # The release-8 example names the Data Governance Act as its applicable legislation; the profile's own shapes
    # only require one legislation IRI, so this is advice to add the EHDS, not a refusal.
    graph = example()
    published = new_publisher(validator).publish_dataset(turtle(graph), RdfFormat.TURTLE, publisher_of(graph))
    legislation = [w for w in published.warnings if w.path == "dcatap:applicableLegislation"]
    assert legislation and all("2025/327" in w.message for w in legislation)
    assert str(the_dataset(graph)) in {w.focus_node for w in legislation}


def test_another_participant_cannot_publish_the_example(validator: ShaclValidator) -> None:
    publisher = new_publisher(validator)
    graph = example()
    rejection = refused(lambda: publisher.publish_dataset(turtle(graph), RdfFormat.TURTLE, INTRUDER))
    assert rejection.codes == ["FORBIDDEN"]
    (problem,) = rejection.problems
    assert problem.path == str(DCT.publisher) and problem.value == publisher_of(graph)
    assert INTRUDER in problem.message
    assert publisher.store.count() == 0


def _drop(predicate: URIRef) -> Callable[[Graph], None]:
    def change(graph: Graph) -> None:
        graph.remove((the_dataset(graph), predicate, None))

    return change


def _structured_without_variables(graph: Graph) -> None:
    # The profile's rule without sh:path (structured data needs variables), which the node enforces its own way.
    graph.remove((the_dataset(graph), HEALTHDCATAP.hasVariables, None))


def _negative_record_count(graph: Graph) -> None:
    dataset = the_dataset(graph)
    graph.remove((dataset, HEALTHDCATAP.numberOfRecords, None))
    graph.add((dataset, HEALTHDCATAP.numberOfRecords, Literal("-5", datatype=XSD.integer)))


def _theme_without_health(graph: Graph) -> None:
    dataset = the_dataset(graph)
    graph.remove((dataset, DCAT.theme, None))
    graph.add((dataset, DCAT.theme, URIRef("http://publications.europa.eu/resource/authority/data-theme/AGRI")))


def _byte_size_as_decimal(graph: Graph) -> None:
    # DCAT-AP 3.0.0 typed byteSize as xsd:decimal; 3.0.1, which the node follows, wants xsd:nonNegativeInteger.
    distribution = next(graph.objects(the_dataset(graph), DCAT.distribution))
    graph.remove((distribution, DCAT.byteSize, None))
    graph.add((distribution, DCAT.byteSize, Literal("1024.0", datatype=XSD.decimal)))


BROKEN = {
    "no accessRights": (_drop(DCT.accessRights), "dct:accessRights"),
    "no hdab": (_drop(HEALTHDCATAP.hdab), "healthdcatap:hdab"),
    "no healthCategory": (_drop(HEALTHDCATAP.healthCategory), "healthdcatap:healthCategory"),
    "no hasStructuredData": (_drop(HEALTHDCATAP.hasStructuredData), "healthdcatap:hasStructuredData"),
    "structured data without variables": (_structured_without_variables, "healthdcatap:hasVariables"),
    "NON_PUBLIC without provenance": (_drop(DCT.provenance), "dct:provenance"),
    "NON_PUBLIC without keyword": (_drop(DCAT.keyword), "dcat:keyword"),
    "theme without HEAL": (_theme_without_health, "dcat:theme"),
    "negative numberOfRecords": (_negative_record_count, "healthdcatap:numberOfRecords"),
    "byteSize as decimal": (_byte_size_as_decimal, "dcat:byteSize"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_variant_is_refused_naming_the_path_and_stores_nothing(validator: ShaclValidator, name: str) -> None:
    change, path = BROKEN[name]
    graph = example()
    change(graph)
    publisher = new_publisher(validator)
    rejection = refused(lambda: publisher.publish_dataset(turtle(graph), RdfFormat.TURTLE, publisher_of(graph)))
    assert set(rejection.codes) == {"VALIDATION_FAILED"}
    assert path in {p.path for p in rejection.problems}, [(p.path, p.message) for p in rejection.problems]
    assert publisher.store.count() == 0
