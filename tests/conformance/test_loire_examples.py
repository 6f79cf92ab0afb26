"""The official Gaia-X Loire (25.11) examples, signed as VC-JWTs by a trusted test issuer, judged through the publish
path.

Loire presentations carry the issuer's acceptance of the Gaia-X terms as a ``gx:Issuer`` credential, made here as
seeds/tools/sign_participants.py makes it. The project's own participant shapes ask a legal person for a name and
an organisation type, which the closed Loire legal-person shape does not allow: they travel in a second credential
about the same participant (the health-data-space profile), also as the seeds do.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from hdsgraph.validation import ShaclValidator
from tests.conformance._support import (
    LOIRE_EXAMPLES,
    Issuer,
    load_json,
    needs_reference,
    new_publisher,
    refused,
    sign_loire,
)

pytestmark = [pytest.mark.reference, needs_reference]

VC_V2 = "https://www.w3.org/ns/credentials/v2"
DEVELOPMENT = "https://w3id.org/gaia-x/development#"
NS_2511 = "https://w3id.org/gaia-x/2511#"
HDS = "https://w3id.org/hdsgraph/ontology#"
# The hash of the Gaia-X terms and conditions the Loire issuer shape accepts (as in sign_participants.py).
GAIAX_TERMS_HASH = "4bd7554097444c960292b4726c2efa1373485e8a5565d94d41195214c5e0ceb3"
VALID_FROM = "2026-01-01T00:00:00Z"


def credential(identifier: str, subject: Any, context: Any = None) -> dict[str, Any]:
    return {
        "@context": [VC_V2, context] if context is not None else [VC_V2],
        "id": identifier,
        "type": ["VerifiableCredential"],
        "validFrom": VALID_FROM,
        "credentialSubject": subject,
    }


def terms(participant: str, namespace: str = DEVELOPMENT) -> dict[str, Any]:
    return credential(
        f"{participant}#issuer-credential",
        {
            "@id": f"{participant}#gaia-x-issuer",
            "@type": [f"{namespace}Issuer"],
            f"{namespace}gaiaxTermsAndConditions": [{"@value": GAIAX_TERMS_HASH}],
        },
    )


def profile(participant: str) -> dict[str, Any]:
    """What the project's participant shapes need beyond Gaia-X: a name and an organisation type."""
    return credential(
        f"{participant}#health-data-space-profile",
        {
            "@id": participant,
            "http://xmlns.com/foaf/0.1/name": [{"@value": "Test fixture legal person"}],
            f"{HDS}organisationType": [{"@id": f"{HDS}ResearchOrganisation"}],
        },
    )


def legal_person() -> tuple[dict[str, Any], str]:
    """gx_legalperson_reference.json (a bare credentialSubject, development namespace) as a credential."""
    subject = load_json(LOIRE_EXAMPLES / "gx_legalperson_reference.json")
    context = subject.pop("@context")
    participant = subject["@id"]
    return credential(f"{participant}#legal-person", subject, context), participant


@pytest.fixture(scope="module")
def issuer() -> Issuer:
    return Issuer.did_key()


def test_the_legal_person_example_with_terms_and_profile_is_accepted(validator: ShaclValidator, issuer: Issuer) -> None:
    person, participant = legal_person()
    publisher = new_publisher(validator)
    published = publisher.publish_self_description(
        sign_loire([person, terms(participant), profile(participant)], issuer), participant
    )
    assert (published.id, published.version) == (participant, 1)
    record = publisher.record(participant)
    assert record is not None and record.owner == participant
    assert [i for i, _ in record.versions[0].credentials] == [issuer.did] * 3


def test_the_legal_person_example_alone_lacks_what_the_project_profile_needs(
    validator: ShaclValidator, issuer: Issuer
) -> None:
    person, participant = legal_person()
    publisher = new_publisher(validator)
    rejection = refused(
        lambda: publisher.publish_self_description(sign_loire([person, terms(participant)], issuer), participant)
    )
    assert set(rejection.codes) == {"VALIDATION_FAILED"}
    assert "hds:organisationType" in {p.path for p in rejection.problems}
    assert {p.focus_node for p in rejection.problems} == {participant}
    assert publisher.store.count() == 0


def test_without_the_terms_credential_it_is_refused(validator: ShaclValidator, issuer: Issuer) -> None:
    person, participant = legal_person()
    data = sign_loire([person, profile(participant)], issuer)
    rejection = refused(lambda: new_publisher(validator).publish_self_description(data, participant))
    assert rejection.codes == ["GAIAX_TERMS_NOT_ACCEPTED"] and rejection.problems[0].value == issuer.did


def test_without_a_registration_number_it_is_refused(validator: ShaclValidator, issuer: Issuer) -> None:
    person, participant = legal_person()
    del person["credentialSubject"]["gx:registrationNumber"]
    data = sign_loire([person, terms(participant), profile(participant)], issuer)
    rejection = refused(lambda: new_publisher(validator).publish_self_description(data, participant))
    assert set(rejection.codes) == {"VALIDATION_FAILED"}
    assert {p.path for p in rejection.problems} == {"gx:registrationNumber"}


def test_a_country_name_instead_of_a_code_is_refused_naming_the_value(
    validator: ShaclValidator, issuer: Issuer
) -> None:
    person, participant = legal_person()
    person["credentialSubject"]["gx:legalAddress"]["gx:countryCode"] = "Germany"
    data = sign_loire([person, terms(participant), profile(participant)], issuer)
    rejection = refused(lambda: new_publisher(validator).publish_self_description(data, participant))
    assert set(rejection.codes) == {"VALIDATION_FAILED"}
    assert any(p.path == "gx:countryCode" and "Germany" in (p.value or "") for p in rejection.problems)


def test_another_caller_cannot_publish_the_legal_person(validator: ShaclValidator, issuer: Issuer) -> None:
    person, participant = legal_person()
    data = sign_loire([person, terms(participant), profile(participant)], issuer)
    rejection = refused(
        lambda: new_publisher(validator).publish_self_description(data, "https://intruder.example.org/p")
    )
    assert rejection.codes == ["FORBIDDEN"]


def test_the_data_product_example_with_its_provider_is_accepted(validator: ShaclValidator, issuer: Issuer) -> None:
    person, participant = legal_person()
    graph = load_json(LOIRE_EXAMPLES / "gx_data_resource_instance.json")
    products = credential("urn:example:data-product-credential", graph["@graph"], graph["@context"])
    offering = next(n["@id"] for n in graph["@graph"] if n.get("@type") == "gx:ServiceOffering")
    # The project's own offering shape asks what a catalogue shows (a title and a description); the closed Loire
    # offering shape has no room for them, so they travel in a credential of their own, as a profile does.
    described = credential(
        f"{participant}#offering-profile",
        {
            "@id": offering,
            "http://purl.org/dc/terms/title": [{"@value": "Test data product offering", "@language": "en"}],
            "http://purl.org/dc/terms/description": [{"@value": "The official 25.11 example.", "@language": "en"}],
        },
    )
    # Without its provider's legal person in the presentation, the offering's gx:providedBy has nothing to be.
    alone = sign_loire([terms(participant), products, described], issuer)
    rejection = refused(lambda: new_publisher(validator).publish_self_description(alone, participant))
    assert "gx:providedBy" in {p.path for p in rejection.problems}, rejection.problems
    data = sign_loire([person, terms(participant), profile(participant), products, described], issuer)
    assert new_publisher(validator).publish_self_description(data, participant).id == participant


# -- the 25.11 snapshot namespace (https://w3id.org/gaia-x/2511#) ---------------------------------------------


def snapshot_person() -> tuple[dict[str, Any], str]:
    person = load_json(LOIRE_EXAMPLES / "test-issuer.jsonld")
    return person, person["credentialSubject"]["id"]


def registration(participant: str, person: dict[str, Any]) -> dict[str, Any]:
    """The registration-number credential the 25.11 example refers to (a separate credential, as in XFSC)."""
    number = person["credentialSubject"]["gx:registrationNumber"]["id"]
    return credential(
        f"{participant}#registration-credential",
        {
            "@id": number,
            "@type": [f"{NS_2511}VatID", f"{NS_2511}RegistrationNumber"],
            f"{NS_2511}vatID": [{"@value": "DE123456789"}],
        },
    )


def test_a_2511_legal_person_is_judged_by_the_loire_shapes(validator: ShaclValidator, issuer: Issuer) -> None:
    # The 25.11 snapshot namespace names the development terms: the Loire shapes judge it. Its registration number
    # is another credential; without it in the presentation, the reference has nothing to conform to.
    person, participant = snapshot_person()
    alone = sign_loire([person, terms(participant, NS_2511), profile(participant)], issuer)
    rejection = refused(lambda: new_publisher(validator).publish_self_description(alone, participant))
    assert any(p.path == "gx:registrationNumber" for p in rejection.problems), rejection.problems
    whole = sign_loire(
        [person, registration(participant, person), terms(participant, NS_2511), profile(participant)], issuer
    )
    assert new_publisher(validator).publish_self_description(whole, participant).id == participant


def test_a_2511_legal_person_without_terms_is_refused(validator: ShaclValidator, issuer: Issuer) -> None:
    person, participant = snapshot_person()
    data = sign_loire([person, registration(participant, person), profile(participant)], issuer)
    rejection = refused(lambda: new_publisher(validator).publish_self_description(data, participant))
    assert rejection.codes == ["GAIAX_TERMS_NOT_ACCEPTED"]


def test_a_2511_legal_person_without_addresses_is_refused(validator: ShaclValidator, issuer: Issuer) -> None:
    person, participant = snapshot_person()
    broken = copy.deepcopy(person)
    del broken["credentialSubject"]["gx:legalAddress"], broken["credentialSubject"]["gx:headquartersAddress"]
    publisher = new_publisher(validator)
    parts = [broken, registration(participant, person), terms(participant, NS_2511), profile(participant)]
    rejection = refused(lambda: publisher.publish_self_description(sign_loire(parts, issuer), participant))
    assert "VALIDATION_FAILED" in rejection.codes
    assert {"gx:legalAddress", "gx:headquartersAddress"} <= {p.path for p in rejection.problems}
