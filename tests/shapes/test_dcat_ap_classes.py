"""DCAT-AP 3.0.1 classes beyond the dataset: catalogue, data service, checksum, period, contact point, agent."""

from __future__ import annotations

import pytest
from rdflib.namespace import SH

from tests.shapes._shapes import describe, results, turtle, validate

CATALOG = """
<https://seed.hdsgraph.org/catalog> a dcat:Catalog ;
    dct:title "hdsgraph test catalogue"@en ;
    dct:description "Datasets of the test world."@en ;
    dct:publisher participant:test-lih ;
    dcatap:applicableLegislation <http://data.europa.eu/eli/reg/2025/327/oj> ;
    dcat:dataset dataset:test-cohort , dataset:test-registry .
participant:test-lih a foaf:Agent ; foaf:name "Test research institute"@en .
"""

DATA_SERVICE = """
<https://seed.hdsgraph.org/service/graphql> a dcat:DataService ;
    dct:title "hdsgraph GraphQL endpoint"@en ;
    dcat:endpointURL <https://node.example.org/graphql> ;
    dct:accessRights access:PUBLIC .
"""

DISTRIBUTION = """
distribution:test-csv a dcat:Distribution ;
    dcat:accessURL <https://data.example.org/test.csv> ;
    dcatap:applicableLegislation <http://data.europa.eu/eli/reg/2025/327/oj> ;
    spdx:checksum distribution:test-csv-checksum .
distribution:test-csv-checksum a spdx:Checksum ;
    spdx:algorithm spdx:checksumAlgorithm_sha256 ;
    spdx:checksumValue "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"^^xsd:hexBinary .
spdx:checksumAlgorithm_sha256 a spdx:ChecksumAlgorithm .
"""

PERIOD = """
dataset:test-period a dct:PeriodOfTime ; dcat:startDate "2020-01-01"^^xsd:date ; dcat:endDate "2024-12-31"^^xsd:date .
"""

CONTACT = """
dataset:test-contact a vcard:Kind ; vcard:hasEmail <mailto:data@example.org> .
"""

SPDX = "@prefix spdx: <http://spdx.org/rdf/terms#> .\n"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"


@pytest.mark.parametrize(
    "document",
    [CATALOG, DATA_SERVICE, SPDX + DISTRIBUTION, PERIOD, CONTACT],
    ids=["catalog", "data service", "distribution with checksum", "period", "contact point"],
)
def test_valid_document_conforms(document: str) -> None:
    found = validate(turtle(document))
    assert found == [], describe(found)


@pytest.mark.parametrize(
    ("document", "old", "new", "path"),
    [
        (CATALOG, "dct:publisher participant:test-lih ;", "", DCT + "publisher"),
        (
            CATALOG,
            "dct:publisher participant:test-lih ;",
            "dct:publisher participant:test-lih, participant:x ;",
            DCT + "publisher",
        ),
        (CATALOG, "participant:test-lih a foaf:Agent ;", "participant:test-lih ", DCT + "publisher"),
        (CATALOG, 'dct:title "hdsgraph test catalogue"@en ;', "", DCT + "title"),
        (
            CATALOG,
            "dcatap:applicableLegislation <http://data.europa.eu/eli/reg/2025/327/oj> ;",
            "",
            "http://data.europa.eu/r5r/applicableLegislation",
        ),
        (
            CATALOG,
            'foaf:name "Test research institute"@en',
            "foaf:mbox <mailto:x@example.org>",
            "http://xmlns.com/foaf/0.1/name",
        ),
        (DATA_SERVICE, "dcat:endpointURL <https://node.example.org/graphql> ;", "", DCAT + "endpointURL"),
        (DATA_SERVICE, "access:PUBLIC", "<https://example.org/open>", DCT + "accessRights"),
        (SPDX + DISTRIBUTION, '"^^xsd:hexBinary', '"', "http://spdx.org/rdf/terms#checksumValue"),
        (
            SPDX + DISTRIBUTION,
            "spdx:algorithm spdx:checksumAlgorithm_sha256 ;",
            "",
            "http://spdx.org/rdf/terms#algorithm",
        ),
        (PERIOD, '"2020-01-01"^^xsd:date', '"1 January 2020"', DCAT + "startDate"),
        (PERIOD, '"2024-12-31"^^xsd:date', '"2024-12-31"^^xsd:date , "2025-12-31"^^xsd:date', DCAT + "endDate"),
        (CONTACT, "<mailto:data@example.org>", '"data@example.org"', "http://www.w3.org/2006/vcard/ns#hasEmail"),
        (
            CONTACT,
            "vcard:hasEmail <mailto:data@example.org>",
            "vcard:fn 'Data desk'",
            "http://www.w3.org/2006/vcard/ns#hasURL|http://www.w3.org/2006/vcard/ns#hasEmail",
        ),
    ],
    ids=[
        "catalog without publisher",
        "catalog with two publishers",
        "catalog publisher not an agent",
        "catalog without title",
        "catalog without applicableLegislation",
        "agent without foaf:name",
        "data service without endpointURL",
        "data service access rights outside the vocabulary",
        "checksum value not hexBinary",
        "checksum without algorithm",
        "start date not a date",
        "two end dates",
        "contact e-mail as a literal",
        "contact point without e-mail or URL",
    ],
)
def test_broken_document_gives_a_violation_naming_the_path(document: str, old: str, new: str, path: str) -> None:
    assert old in document
    found = validate(turtle(document.replace(old, new)))
    assert any(r.path == path for r in found), f"expected a violation on {path}:\n{describe(found)}"


def test_vocabulary_concepts_get_no_location_warnings() -> None:
    # EU country concepts are dct:Location too; the bbox/centroid recommendation is for places written in data.
    found = results(turtle("dataset:x dct:spatial country:LUX ."))
    assert not [r for r in found if str(r.focus).endswith("country/LUX")], describe(found)


def test_a_location_written_in_the_data_is_advised_to_have_a_bbox() -> None:
    found = results(turtle('dataset:test-area a dct:Location ; rdfs:label "Greater Region"@en .'))
    assert [r.severity for r in found] == [SH.Warning], describe(found)


def test_licence_document_type_must_be_an_adms_licence_type() -> None:
    document = """
    dataset:test-licence a dct:LicenseDocument ; dct:type <https://example.org/licence-types/permit> .
    <https://example.org/licence-types/permit> a skos:Concept ; skos:prefLabel "permit"@en .
    """
    found = validate(turtle(document))
    assert [r.path for r in found] == [DCT + "type"], describe(found)
