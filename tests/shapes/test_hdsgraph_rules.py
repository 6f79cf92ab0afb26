"""The project's own shapes: participants (Gaia-X Loire), service offerings, ODRL policies, dataset identity."""

from __future__ import annotations

import pytest

from tests.shapes._datasets import PUBLIC_DATASET
from tests.shapes._shapes import describe, turtle, validate

PARTICIPANT = """
participant:test-lih a gx:LegalPerson, foaf:Agent ;
    foaf:name "Test research institute"@en ;
    hds:organisationType hds:ResearchOrganisation ;
    gx:registrationNumber participant:test-lih-vat ;
    gx:legalAddress participant:test-lih-address ;
    gx:headquartersAddress participant:test-lih-address .
participant:test-lih-vat a gx:VatID ; gx:vatID "LU00000000" .
participant:test-lih-address a gx:Address ; gx:countryCode "LU" ; vcard:locality "Strassen" .
"""

OFFERING = """
offering:test-analytics a gx:ServiceOffering ;
    dct:title "Federated analytics"@en ;
    dct:description "Runs approved analyses next to the data."@en ;
    gx:providedBy participant:test-lih ;
    gx:serviceOfferingTermsAndConditions [
        a gx:TermsAndConditions ;
        gx:url "https://www.example.org/terms"^^xsd:anyURI ;
        gx:hash "0a1b2c3d4e5f60718293a4b5c6d7e8f900112233445566778899aabbccddeeff"
    ] .
"""

POLICY = """
policy:test-cohort a odrl:Offer ;
    odrl:uid policy:test-cohort ;
    odrl:assigner participant:test-lih ;
    odrl:target dataset:test-cohort ;
    odrl:permission [
        odrl:action odrl:use ;
        odrl:constraint [
            odrl:leftOperand odrl:purpose ;
            odrl:operator odrl:isA ;
            odrl:rightOperand <https://w3id.org/dpv#ScientificResearch>
        ] , [
            odrl:or (
                [ odrl:leftOperand odrl:spatial ; odrl:operator odrl:eq ; odrl:rightOperand country:LUX ]
                [ odrl:leftOperand odrl:spatial ; odrl:operator odrl:isAnyOf ;
                  odrl:rightOperand <https://example.org/places/kr> , <https://example.org/places/us> ]
            )
        ] ;
        odrl:duty [ odrl:action odrl:attribute ]
    ] ;
    odrl:prohibition [ odrl:action odrl:commercialize ] .
"""

# The node's own EHDS prohibitions are an odrl:Set (no assigner needed).
SET_POLICY = """
policy:ehds-prohibitions a odrl:Set ;
    odrl:prohibition [ odrl:action odrl:use ; odrl:constraint [
        odrl:leftOperand odrl:purpose ; odrl:operator odrl:isA ;
        odrl:rightOperand <https://w3id.org/dpv#Marketing> ] ] .
"""

GX = "https://w3id.org/gaia-x/development#"
ODRL = "http://www.w3.org/ns/odrl/2/"


@pytest.mark.parametrize(
    "document", [PARTICIPANT, OFFERING, POLICY, SET_POLICY], ids=["participant", "offering", "offer", "set"]
)
def test_valid_document_conforms(document: str) -> None:
    found = validate(turtle(document))
    assert found == [], describe(found)


CASES = [
    # participants
    (
        "participant without a name",
        PARTICIPANT,
        'foaf:name "Test research institute"@en ;',
        "",
        "http://xmlns.com/foaf/0.1/name|https://schema.org/name|" + GX + "legalName",
    ),
    (
        "participant without registration number",
        PARTICIPANT,
        "gx:registrationNumber participant:test-lih-vat ;",
        "",
        GX + "registrationNumber",
    ),
    (
        "registration number without a value",
        PARTICIPANT,
        'participant:test-lih-vat a gx:VatID ; gx:vatID "LU00000000" .',
        "participant:test-lih-vat a gx:RegistrationNumber .",
        GX + "registrationNumber",
    ),
    ("VatID without gx:vatID", PARTICIPANT, 'gx:vatID "LU00000000"', 'schema:taxID "123"', GX + "vatID"),
    (
        "participant without legal address",
        PARTICIPANT,
        "gx:legalAddress participant:test-lih-address ;",
        "",
        GX + "legalAddress",
    ),
    (
        "participant without headquarters address",
        PARTICIPANT,
        "gx:headquartersAddress participant:test-lih-address .",
        ".",
        GX + "headquartersAddress",
    ),
    (
        "address not a gx:Address",
        PARTICIPANT,
        "participant:test-lih-address a gx:Address ;",
        "participant:test-lih-address",
        GX + "legalAddress",
    ),
    ("address without country code", PARTICIPANT, 'gx:countryCode "LU" ;', "", GX + "countryCode"),
    (
        "country code not ISO 3166-1",
        PARTICIPANT,
        'gx:countryCode "LU"',
        'gx:countryCode "Luxembourg"',
        GX + "countryCode",
    ),
    (
        "participant without organisation type",
        PARTICIPANT,
        "hds:organisationType hds:ResearchOrganisation ;",
        "",
        "https://w3id.org/hdsgraph/ontology#organisationType",
    ),
    (
        "organisation type as a literal",
        PARTICIPANT,
        "hds:organisationType hds:ResearchOrganisation ;",
        'hds:organisationType "research" ;',
        "https://w3id.org/hdsgraph/ontology#organisationType",
    ),
    # offerings
    ("offering without provider", OFFERING, "gx:providedBy participant:test-lih ;", "", GX + "providedBy"),
    (
        "offering with two providers",
        OFFERING,
        "gx:providedBy participant:test-lih ;",
        "gx:providedBy participant:test-lih, participant:other ;",
        GX + "providedBy",
    ),
    (
        "offering without terms",
        OFFERING,
        "gx:serviceOfferingTermsAndConditions [",
        "rdfs:seeAlso [",
        GX + "serviceOfferingTermsAndConditions",
    ),
    ("terms without url", OFFERING, 'gx:url "https://www.example.org/terms"^^xsd:anyURI ;', "", GX + "url"),
    (
        "terms url as a plain string",
        OFFERING,
        '"https://www.example.org/terms"^^xsd:anyURI',
        '"https://www.example.org/terms"',
        GX + "url",
    ),
    (
        "terms without hash",
        OFFERING,
        'gx:hash "0a1b2c3d4e5f60718293a4b5c6d7e8f900112233445566778899aabbccddeeff"',
        "",
        GX + "hash",
    ),
    (
        "offering without title",
        OFFERING,
        'dct:title "Federated analytics"@en ;',
        "",
        "http://purl.org/dc/terms/title|https://schema.org/name",
    ),
    (
        "offering without description",
        OFFERING,
        'dct:description "Runs approved analyses next to the data."@en ;',
        "",
        "http://purl.org/dc/terms/description|https://schema.org/description",
    ),
    # policies
    (
        "blank-node policy without uid",
        POLICY,
        "policy:test-cohort a odrl:Offer ;\n    odrl:uid policy:test-cohort ;",
        "[] a odrl:Offer ;",
        None,
    ),
    (
        "policy without permission or prohibition",
        SET_POLICY,
        "odrl:prohibition [",
        "odrl:obligation [",
        ODRL + "permission|" + ODRL + "prohibition",
    ),
    ("offer without assigner", POLICY, "odrl:assigner participant:test-lih ;", "", ODRL + "assigner"),
    (
        "rule without action",
        POLICY,
        "odrl:prohibition [ odrl:action odrl:commercialize ]",
        "odrl:prohibition [ rdfs:label 'no commerce' ]",
        ODRL + "action",
    ),
    (
        "rule with two actions",
        POLICY,
        "odrl:action odrl:use ;",
        "odrl:action odrl:use , odrl:distribute ;",
        ODRL + "action",
    ),
    (
        "duty without action",
        POLICY,
        "odrl:duty [ odrl:action odrl:attribute ]",
        "odrl:duty [ rdfs:label 'x' ]",
        ODRL + "action",
    ),
    ("constraint without leftOperand", POLICY, "odrl:leftOperand odrl:purpose ;", "", ODRL + "leftOperand"),
    (
        "constraint with two leftOperands",
        POLICY,
        "odrl:leftOperand odrl:purpose ;",
        "odrl:leftOperand odrl:purpose , odrl:recipient ;",
        ODRL + "leftOperand",
    ),
    (
        "constraint operator outside the 12",
        POLICY,
        "odrl:operator odrl:isA ;",
        "odrl:operator odrl:like ;",
        ODRL + "operator",
    ),
    ("constraint without operator", POLICY, "odrl:operator odrl:isA ;", "", ODRL + "operator"),
    (
        "constraint without right operand",
        POLICY,
        "odrl:rightOperand <https://w3id.org/dpv#ScientificResearch>",
        "rdfs:comment 'none'",
        ODRL + "rightOperand|" + ODRL + "rightOperandReference",
    ),
    (
        "constraint with rightOperand and rightOperandReference",
        POLICY,
        "odrl:rightOperand <https://w3id.org/dpv#ScientificResearch>",
        "odrl:rightOperand <https://w3id.org/dpv#ScientificResearch> ; "
        "odrl:rightOperandReference <https://example.org/purposes/current>",
        None,
    ),
    (
        "constraint inside a logical constraint with a bad operator",
        POLICY,
        "odrl:operator odrl:eq ;",
        "odrl:operator odrl:equals ;",
        ODRL + "operator",
    ),
    (
        "empty constraint",
        POLICY,
        "odrl:duty [ odrl:action odrl:attribute ]",
        "odrl:duty [ odrl:action odrl:attribute ; odrl:constraint [ rdfs:label 'x' ] ]",
        None,
    ),
    # datasets
    ("dataset as a blank node", PUBLIC_DATASET, "dataset:test-registry a dcat:Dataset ;", "[] a dcat:Dataset ;", None),
    (
        "dataset with a urn IRI",
        PUBLIC_DATASET,
        "dataset:test-registry a dcat:Dataset ;",
        "<urn:uuid:6d1f1c1e-0000-4000-8000-000000000001> a dcat:Dataset ;",
        None,
    ),
    (
        "dataset title without English",
        PUBLIC_DATASET,
        '"Test cancer registry statistics"@en',
        '"Statistiques de test"@fr',
        "http://purl.org/dc/terms/title",
    ),
    (
        "dataset title without a language tag",
        PUBLIC_DATASET,
        '"Test cancer registry statistics"@en',
        '"Test cancer registry statistics"',
        "http://purl.org/dc/terms/title",
    ),
    (
        "dataset policy as a literal",
        PUBLIC_DATASET,
        "dct:identifier",
        'odrl:hasPolicy "policy-1" ; dct:identifier',
        ODRL + "hasPolicy",
    ),
]


@pytest.mark.parametrize(("name", "document", "old", "new", "path"), CASES, ids=[c[0] for c in CASES])
def test_broken_document_gives_a_violation_naming_the_path(
    name: str, document: str, old: str, new: str, path: str | None
) -> None:
    assert old in document, name
    found = validate(turtle(document.replace(old, new)))
    assert any(r.path == path for r in found), f"expected a violation on {path}:\n{describe(found)}"


def test_dataset_title_in_english_and_other_languages_conforms() -> None:
    document = PUBLIC_DATASET.replace(
        '"Test cancer registry statistics"@en', '"Statistiques de test"@fr , "Test statistics"@en-GB'
    )
    assert validate(turtle(document)) == []


def test_registration_number_typed_only_as_registration_number_conforms() -> None:
    # As Gaia-X's own Loire example writes it: a gx:RegistrationNumber carrying schema:taxID.
    document = PARTICIPANT.replace(
        'participant:test-lih-vat a gx:VatID ; gx:vatID "LU00000000" .',
        'participant:test-lih-vat a gx:RegistrationNumber ; schema:taxID "1234567890" .',
    )
    assert validate(turtle(document)) == []
