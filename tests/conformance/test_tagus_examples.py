"""The official Gaia-X Tagus (22.10) examples, re-signed by a trusted test issuer, judged through the publish path.

Their original proofs were made by keys not available offline, so each credential is issued again by a test issuer
(issuer replaced, old proof dropped, every claim kept). A complete participant presentation (LegalParticipant,
registration number, terms and conditions) must be accepted; a lone part must be refused for the reason the Gaia-X
compliance rules give; broken variants must be refused with their own code, and a refusal stores nothing.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from hdsgraph.credentials import TrustRegistry
from hdsgraph.ingest import Publisher
from hdsgraph.validation import ShaclValidator
from tests.conformance._support import (
    TAGUS_EXAMPLES,
    Issuer,
    find_credential,
    find_subject,
    needs_reference,
    new_publisher,
    refused,
    sign_tagus,
    subject_id,
    subject_type,
    subjects,
    tagus_credentials,
)

pytestmark = [pytest.mark.reference, needs_reference]

TRUSTFRAMEWORK = (
    "https://registry.lab.gaia-x.eu/development/api/trusted-shape-registry/v1/shapes/jsonld/trustframework#"
)
# Participant ids of the official examples end in a fragment (…#<hash>), which the node cannot store yet (see
# test_a_participant_id_with_a_fragment_is_stored): the acceptance tests give the participant this id instead.
PARTICIPANT = "https://participant.example.org/gaia-x-aisbl"
COMPLETE = ["participant-vp.json", "service-offering-vp.json", "service-offering-and-ressources-vp.json"]
COMPLETE_WITH_LABEL = [*COMPLETE, "service-offering-label-level-1.json"]
# Each lone part, and why Gaia-X refuses it: (code, SHACL path local name or None).
LONE_PARTS: dict[str, tuple[str, str | None]] = {
    # Placeholders ("__id of the data provider participant CS__") are relative IRIs, dropped by JSON-LD: the
    # mandatory references are missing.
    "data-resource.json": ("VALIDATION_FAILED", "producedBy"),
    "instantiated-virtual-resource.json": ("VALIDATION_FAILED", "hostedOn"),
    "physical-resource.json": ("VALIDATION_FAILED", "maintainedBy"),
    # Well-formed, but their issuer accepted no Gaia-X terms in the presentation.
    "legitimate-interest.json": ("GAIAX_TERMS_NOT_ACCEPTED", None),
    "service-access-point.json": ("GAIAX_TERMS_NOT_ACCEPTED", None),
    "so-tsandcs.json": ("GAIAX_TERMS_NOT_ACCEPTED", None),
    "software-resource.json": ("GAIAX_TERMS_NOT_ACCEPTED", None),
    "virtual-resource.json": ("GAIAX_TERMS_NOT_ACCEPTED", None),
    # Terms accepted, but about no participant, offering or resource: nothing for the node to describe.
    "terms-and-conditions-vp.json": ("NO_SUBJECT", None),
}


def official(name: str) -> list[dict[str, Any]]:
    return tagus_credentials(TAGUS_EXAMPLES / name)


def with_participant_renamed(credentials: list[dict[str, Any]]) -> list[dict[str, Any]]:
    old = subject_id(find_subject(credentials, "LegalParticipant"))
    renamed: list[dict[str, Any]] = json.loads(json.dumps(credentials).replace(old, PARTICIPANT))
    return renamed


def complete(name: str) -> list[dict[str, Any]]:
    return with_participant_renamed(official(name))


@pytest.fixture(scope="module")
def issuer() -> Issuer:
    return Issuer.did_key()


def local(path: str | None) -> str | None:
    return None if path is None else path.strip("<>").removeprefix(TRUSTFRAMEWORK).removeprefix("gx:")


def test_every_example_has_an_expected_verdict() -> None:
    # A new example in the reference folder must be judged here too, not skipped silently.
    names = {p.name for p in TAGUS_EXAMPLES.glob("*.json")}
    assert names == set(COMPLETE_WITH_LABEL) | set(LONE_PARTS)


@pytest.mark.parametrize("name", COMPLETE_WITH_LABEL)
def test_a_complete_presentation_is_accepted_and_stored_for_its_participant(
    validator: ShaclValidator, issuer: Issuer, name: str
) -> None:
    publisher = new_publisher(validator)
    credentials = complete(name)
    published = publisher.publish_self_description(sign_tagus(credentials, issuer), PARTICIPANT)
    assert (published.id, published.version, published.state) == (PARTICIPANT, 1, "active")
    record = publisher.record(PARTICIPANT)
    assert record is not None and record.owner == PARTICIPANT and record.kind == "self-description"
    assert {i for i, _ in record.versions[0].credentials} == {issuer.did}
    assert len(record.versions[0].credentials) == len(credentials)
    assert publisher.store.count(published.graph) == published.triples > 0


def test_a_participant_id_with_a_fragment_is_stored(validator: ShaclValidator, issuer: Issuer) -> None:
    credentials = official("participant-vp.json")
    participant = subject_id(find_subject(credentials, "LegalParticipant"))
    assert "#" in participant
    published = new_publisher(validator).publish_self_description(sign_tagus(credentials, issuer), participant)
    assert published.id == participant


@pytest.mark.parametrize("name", sorted(LONE_PARTS))
def test_a_lone_part_is_refused_for_the_reason_gaiax_gives(
    validator: ShaclValidator, issuer: Issuer, name: str
) -> None:
    code, path = LONE_PARTS[name]
    publisher = new_publisher(validator)
    subject = subjects(official(name)[0])[0]
    rejection = refused(
        lambda: publisher.publish_self_description(sign_tagus(official(name), issuer), subject_id(subject))
    )
    assert code in rejection.codes
    if path is not None:
        assert path in {local(p.path) for p in rejection.problems}
    if code == "GAIAX_TERMS_NOT_ACCEPTED":
        assert {p.value for p in rejection.problems} == {issuer.did}
    assert publisher.store.count() == 0


def test_a_lone_service_offering_is_refused_without_its_providers_credentials(
    validator: ShaclValidator, issuer: Issuer
) -> None:
    offering = find_credential(complete("service-offering-vp.json"), "ServiceOffering")
    publisher = new_publisher(validator)
    rejection = refused(lambda: publisher.publish_self_description(sign_tagus([offering], issuer), PARTICIPANT))
    assert set(rejection.codes) == {"GAIAX_TERMS_NOT_ACCEPTED", "GAIAX_PROVIDER_MISMATCH"}
    mismatch = next(p for p in rejection.problems if p.code == "GAIAX_PROVIDER_MISMATCH")
    assert mismatch.value == PARTICIPANT and mismatch.focus_node == subject_id(offering["credentialSubject"])
    assert publisher.store.count() == 0


def test_another_caller_cannot_publish_a_participants_presentation(validator: ShaclValidator, issuer: Issuer) -> None:
    publisher = new_publisher(validator)
    intruder = "https://intruder.example.org/participant"
    data = sign_tagus(complete("participant-vp.json"), issuer)
    rejection = refused(lambda: publisher.publish_self_description(data, intruder))
    assert rejection.codes == ["FORBIDDEN"] and rejection.problems[0].value == intruder
    assert publisher.store.count() == 0


def test_a_registered_did_web_issuer_is_trusted_and_an_unregistered_one_is_not(validator: ShaclValidator) -> None:
    web = Issuer.did_web("participant.example.org")
    data = sign_tagus(complete("participant-vp.json"), web)
    stranger = new_publisher(validator)
    rejection = refused(lambda: stranger.publish_self_description(data, PARTICIPANT))
    assert rejection.codes == ["CREDENTIAL_INVALID"] and "not registered" in rejection.problems[0].message
    assert stranger.store.count() == 0
    published = new_publisher(validator, TrustRegistry([web.did_document()])).publish_self_description(
        data, PARTICIPANT
    )
    assert published.id == PARTICIPANT


def test_a_trust_directory_registers_a_did_web_issuer(validator: ShaclValidator, tmp_path: Path) -> None:
    web = Issuer.did_web("directory.example.org")
    (tmp_path / "did").mkdir()
    (tmp_path / "did" / "directory.json").write_text(json.dumps(web.did_document()), encoding="utf-8")
    publisher = new_publisher(validator, TrustRegistry.from_directory(tmp_path))
    published = publisher.publish_self_description(sign_tagus(complete("participant-vp.json"), web), PARTICIPANT)
    assert published.version == 1


# -- broken variants of the complete participant presentation --------------------------------------------------


def refusal(publisher: Publisher, credentials: list[dict[str, Any]], issuer: Issuer) -> Any:
    return refused(lambda: publisher.publish_self_description(sign_tagus(credentials, issuer), PARTICIPANT))


def test_without_a_registration_number_it_is_refused(validator: ShaclValidator, issuer: Issuer) -> None:
    credentials = complete("participant-vp.json")
    del find_subject(credentials, "LegalParticipant")["gx:legalRegistrationNumber"]
    publisher = new_publisher(validator)
    rejection = refusal(publisher, credentials, issuer)
    assert rejection.codes == ["VALIDATION_FAILED"]
    assert [local(p.path) for p in rejection.problems] == ["legalRegistrationNumber"]
    assert rejection.problems[0].focus_node == PARTICIPANT
    assert publisher.store.count() == 0


def test_without_the_notarys_registration_number_credential_it_is_refused(
    validator: ShaclValidator, issuer: Issuer
) -> None:
    # The participant still points at its registration number, but the credential that holds it is missing.
    credentials = [
        c for c in complete("participant-vp.json") if subject_type(subjects(c)[0]) != "legalRegistrationNumber"
    ]
    rejection = refusal(new_publisher(validator), credentials, issuer)
    assert rejection.codes == ["VALIDATION_FAILED"]
    assert [local(p.path) for p in rejection.problems] == ["legalRegistrationNumber"]


def test_a_registration_number_without_any_number_is_refused(validator: ShaclValidator, issuer: Issuer) -> None:
    credentials = complete("participant-vp.json")
    number = find_subject(credentials, "legalRegistrationNumber")
    del number["gx:vatID"], number["gx:vatID-countryCode"]
    rejection = refusal(new_publisher(validator), credentials, issuer)
    assert set(rejection.codes) == {"VALIDATION_FAILED"}
    assert any("vatID" in p.message and p.focus_node == subject_id(number) for p in rejection.problems)


def test_a_malformed_country_subdivision_code_is_refused(validator: ShaclValidator, issuer: Issuer) -> None:
    credentials = complete("participant-vp.json")
    find_subject(credentials, "LegalParticipant")["gx:legalAddress"]["gx:countrySubdivisionCode"] = "Brussels"
    rejection = refusal(new_publisher(validator), credentials, issuer)
    assert rejection.codes == ["VALIDATION_FAILED"]
    assert [local(p.path) for p in rejection.problems] == ["legalAddress"]


@pytest.mark.xfail(
    strict=True,
    reason="the address shape is checked through sh:node and the refusal keeps only the outer result (path "
    "gx:legalAddress, a blank node, 'See details'): it names neither gx:countrySubdivisionCode nor the value",
)
def test_a_malformed_country_subdivision_code_is_named_in_the_refusal(
    validator: ShaclValidator, issuer: Issuer
) -> None:
    credentials = complete("participant-vp.json")
    find_subject(credentials, "LegalParticipant")["gx:legalAddress"]["gx:countrySubdivisionCode"] = "Brussels"
    rejection = refusal(new_publisher(validator), credentials, issuer)
    assert any(local(p.path) == "countrySubdivisionCode" and "Brussels" in (p.value or "") for p in rejection.problems)


@pytest.mark.xfail(
    strict=True,
    reason="the Gaia-X compliance service checks gx:countrySubdivisionCode against the ISO 3166-2 list; the node "
    "checks only the pattern, so a well-formed code that names no subdivision is accepted",
)
def test_a_country_subdivision_code_that_does_not_exist_is_refused(validator: ShaclValidator, issuer: Issuer) -> None:
    credentials = complete("participant-vp.json")
    find_subject(credentials, "LegalParticipant")["gx:legalAddress"]["gx:countrySubdivisionCode"] = "ZZ-ZZZ"
    refusal(new_publisher(validator), credentials, issuer)


def test_without_the_terms_and_conditions_it_is_refused(validator: ShaclValidator, issuer: Issuer) -> None:
    credentials = [
        c for c in complete("participant-vp.json") if subject_type(subjects(c)[0]) != "GaiaXTermsAndConditions"
    ]
    rejection = refusal(new_publisher(validator), credentials, issuer)
    assert rejection.codes == ["GAIAX_TERMS_NOT_ACCEPTED"] and rejection.problems[0].value == issuer.did


def test_a_registration_number_issued_by_a_registered_notary_is_accepted(
    validator: ShaclValidator, issuer: Issuer
) -> None:
    notary = Issuer.did_web("registration.notary.example.org")

    def signer(credential: dict[str, Any]) -> Issuer:
        return notary if subject_type(subjects(credential)[0]) == "legalRegistrationNumber" else issuer

    # The operator names its notaries in the trust registry (notaries.txt in the trust directory).
    publisher = new_publisher(validator, TrustRegistry([notary.did_document()], notaries=[notary.did]))
    data = sign_tagus(complete("participant-vp.json"), signer)
    assert publisher.publish_self_description(data, PARTICIPANT).id == PARTICIPANT


def test_personal_data_needs_a_legitimate_interest(validator: ShaclValidator, issuer: Issuer) -> None:
    credentials = complete("service-offering-and-ressources-vp.json")
    resource = find_subject(credentials, "DataResource")
    resource["gx:containsPII"] = True
    # With the example's legitimate-interest statement it is accepted ...
    assert new_publisher(validator).publish_self_description(sign_tagus(credentials, issuer), PARTICIPANT).version == 1
    # ... and without it refused.
    holder = find_credential(credentials, "LegitimateInterest")
    holder["credentialSubject"] = [s for s in subjects(holder) if subject_type(s) != "LegitimateInterest"]
    publisher = new_publisher(validator)
    rejection = refusal(publisher, credentials, issuer)
    assert rejection.codes == ["GAIAX_PII_WITHOUT_LEGITIMATE_INTEREST"]
    assert rejection.problems[0].focus_node == subject_id(resource)
    assert publisher.store.count() == 0


def test_an_offering_signed_by_someone_other_than_its_provider_is_refused(
    validator: ShaclValidator, issuer: Issuer
) -> None:
    other = Issuer.did_key()
    credentials = complete("service-offering-vp.json")
    offering = find_credential(credentials, "ServiceOffering")
    # The other issuer accepts the terms too, so that only the provider rule is broken.
    terms = copy.deepcopy(find_credential(credentials, "GaiaXTermsAndConditions"))
    terms["id"] += "-other"
    credentials.append(terms)
    data = sign_tagus(credentials, lambda c: other if c is offering or c is terms else issuer)
    publisher = new_publisher(validator)
    rejection = refused(lambda: publisher.publish_self_description(data, PARTICIPANT))
    assert rejection.codes == ["GAIAX_PROVIDER_MISMATCH"]
    assert rejection.problems[0].value == PARTICIPANT and other.did in rejection.problems[0].message
    assert publisher.store.count() == 0


def test_an_expired_credential_is_refused(validator: ShaclValidator, issuer: Issuer) -> None:
    credentials = complete("participant-vp.json")
    find_credential(credentials, "LegalParticipant")["expirationDate"] = "2025-01-01T00:00:00Z"
    publisher = new_publisher(validator)
    rejection = refusal(publisher, credentials, issuer)
    assert rejection.codes == ["CREDENTIAL_INVALID"]
    assert "credential 1" in rejection.problems[0].message and "has expired" in rejection.problems[0].message
    assert publisher.store.count() == 0


def test_a_credential_changed_after_signing_is_refused(validator: ShaclValidator, issuer: Issuer) -> None:
    presentation = json.loads(sign_tagus(complete("participant-vp.json"), issuer))
    presentation["verifiableCredential"][1]["credentialSubject"]["gx:legalName"] = "Forged Name"
    publisher = new_publisher(validator)
    rejection = refused(lambda: publisher.publish_self_description(json.dumps(presentation).encode(), PARTICIPANT))
    assert rejection.codes == ["CREDENTIAL_INVALID"]
    assert "credential 1" in rejection.problems[0].message and "does not verify" in rejection.problems[0].message
    assert publisher.store.count() == 0


def test_a_refused_credential_is_named_as_the_focus_node(validator: ShaclValidator, issuer: Issuer) -> None:
    credentials = complete("participant-vp.json")
    expired = find_credential(credentials, "LegalParticipant")
    expired["expirationDate"] = "2025-01-01T00:00:00Z"
    rejection = refusal(new_publisher(validator), credentials, issuer)
    assert rejection.problems[0].focus_node == expired["id"]
