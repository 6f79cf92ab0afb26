"""Publishing through the application: GraphQL mutations and uploads, each write authenticated and owned."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette

from hdsgraph.app import create_app
from hdsgraph.credentials import KeyPair, did_key_for, make_presentation, sign_vc_jwt
from hdsgraph.node import Node
from hdsgraph.node.auth import dev_token
from tests.app._client import call
from tests.conftest import ROOT, make_settings

BLADDER = ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl"
DATASET = "https://seed.hdsgraph.org/dataset/lih-bladder-cancer-cohort"
LIH = "https://seed.hdsgraph.org/participant/lih"
NCCK = "https://seed.hdsgraph.org/participant/ncck"

PUBLISH = """mutation($document: String!, $format: RdfFormat!) {
  publishDataset(document: $document, format: $format) {
    __typename
    ... on Published { id version graph state }
    ... on Rejected { errors { code message focusNode path value severity } }
  }
}"""
WITHDRAW = """mutation($id: ID!) {
  withdraw(id: $id) { __typename ... on Published { id version state } ... on Rejected { errors { code message } } }
}"""
RECORD = """query($id: ID!) {
  publicationRecord(id: $id) { owner state kind versions { version state publishedBy publishedAt endedAt contentHash } }
}"""
SELF_DESCRIPTION = """mutation($document: String!) {
  publishSelfDescription(document: $document) {
    __typename
    ... on Published { id version graph }
    ... on Rejected { errors { code message focusNode path value } }
  }
}"""


@pytest.fixture
def node(tmp_path: Path) -> Node:
    node = Node.in_memory(make_settings(tmp_path / "data", seed_on_first_start=False, max_document_mb=1))
    node.prepare()  # the ontologies and vocabularies, which the shapes look values up in
    return node


@pytest.fixture
def app(node: Node) -> Starlette:
    return create_app(node, prepare=False)


def graphql(app: Starlette, query: str, variables: dict[str, Any], token: str | None = None) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = call(app, "POST", "/graphql", json={"query": query, "variables": variables}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def publish(app: Starlette, token: str | None, document: bytes = b"", format: str = "TURTLE") -> dict[str, Any]:
    variables = {"document": (document or BLADDER.read_bytes()).decode(), "format": format}
    return graphql(app, PUBLISH, variables, token)["publishDataset"]  # type: ignore[no-any-return]


def titles_found(app: Starlette, text: str) -> int:
    query = f'{{ datasets(search: "{text}") {{ totalCount }} }}'
    return int(call(app, "POST", "/graphql", json={"query": query}).json()["data"]["datasets"]["totalCount"])


def test_a_write_without_a_valid_token_is_unauthenticated(app: Starlette, node: Node) -> None:
    for token in (None, "not-a-jwt", dev_token(node.settings, LIH)[:-4] + "AAAA"):
        result = publish(app, token)
        assert result["__typename"] == "Rejected"
        assert [e["code"] for e in result["errors"]] == ["UNAUTHENTICATED"]
    assert titles_found(app, "bladder") == 0


def test_a_publisher_publishes_finds_replaces_and_withdraws_its_dataset(app: Starlette, node: Node) -> None:
    token = dev_token(node.settings, LIH)
    assert titles_found(app, "bladder") == 0  # an answer the response cache now holds
    first = publish(app, token)
    assert first == {
        "__typename": "Published",
        "id": DATASET,
        "version": 1,
        "graph": f"urn:hdsgraph:document:{DATASET}",
        "state": "active",
    }
    assert titles_found(app, "bladder") == 1  # indexed in the same step, and the kept answer dropped
    assert publish(app, token)["version"] == 2
    withdrawn = graphql(app, WITHDRAW, {"id": DATASET}, token)["withdraw"]
    assert withdrawn == {"__typename": "Published", "id": DATASET, "version": 2, "state": "revoked"}
    assert titles_found(app, "bladder") == 0
    history = graphql(app, RECORD, {"id": DATASET})["publicationRecord"]
    assert (history["owner"], history["state"], history["kind"]) == (LIH, "revoked", "dataset")
    assert [(v["version"], v["state"], v["publishedBy"]) for v in history["versions"]] == [
        (1, "deprecated", LIH),
        (2, "revoked", LIH),
    ]
    assert history["versions"][0]["endedAt"] == history["versions"][1]["publishedAt"]
    assert history["versions"][0]["contentHash"].startswith("sha256:")
    query = f'{{ dataset(id: "{DATASET}") {{ id }} }}'
    assert call(app, "POST", "/graphql", json={"query": query}).json()["data"]["dataset"] is None


def test_another_participants_dataset_is_forbidden(app: Starlette, node: Node) -> None:
    publish(app, dev_token(node.settings, LIH))
    ncck = dev_token(node.settings, NCCK)
    assert [e["code"] for e in publish(app, ncck)["errors"]] == ["FORBIDDEN"]
    withdraw = graphql(app, WITHDRAW, {"id": DATASET}, ncck)["withdraw"]
    assert [e["code"] for e in withdraw["errors"]] == ["FORBIDDEN"]


def test_a_rejected_dataset_lists_each_violation_with_where_it_is(app: Starlette, node: Node) -> None:
    broken = BLADDER.read_bytes().replace(b"healthdcatap:hdab", b"healthdcatap:notHdab", 1)
    result = publish(app, dev_token(node.settings, LIH), broken)
    assert result["__typename"] == "Rejected"
    violation = next(e for e in result["errors"] if e["path"] == "healthdcatap:hdab")
    assert violation["code"] == "VALIDATION_FAILED" and violation["severity"] == "VIOLATION"
    assert violation["focusNode"] == DATASET


def test_the_upload_endpoint_takes_the_document_as_its_body(app: Starlette, node: Node) -> None:
    token = dev_token(node.settings, LIH)
    headers = {"authorization": f"Bearer {token}", "content-type": "text/turtle"}
    created = call(app, "POST", "/publish/dataset", content=BLADDER.read_bytes(), headers=headers)
    assert created.status_code == 201 and created.json()["id"] == DATASET and created.json()["version"] == 1

    anonymous = call(
        app, "POST", "/publish/dataset", content=BLADDER.read_bytes(), headers={"content-type": "text/turtle"}
    )
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"].startswith("Bearer")
    assert anonymous.json()["errors"][0]["code"] == "UNAUTHENTICATED"

    unknown = call(app, "POST", "/publish/dataset", content=b"x", headers={**headers, "content-type": "image/png"})
    assert unknown.status_code == 415 and "text/turtle" in unknown.json()["errors"][0]["message"]

    huge = b"#" * (1024 * 1024 + 1)
    too_large = call(app, "POST", "/publish/dataset", content=huge, headers=headers)
    assert too_large.status_code == 413 and too_large.json()["errors"][0]["code"] == "PAYLOAD_TOO_LARGE"

    bad = call(app, "POST", "/publish/dataset", content=b"<https://x.example/a> <broken", headers=headers)
    assert bad.status_code == 400 and bad.json()["errors"][0]["code"] == "PARSE_ERROR"


# -- self-descriptions -------------------------------------------------------------------------------------------

NEW_PARTICIPANT = "https://participants.example.org/heidelberg-institute"
GX = "https://w3id.org/gaia-x/development#"
TERMS = "4bd7554097444c960292b4726c2efa1373485e8a5565d94d41195214c5e0ceb3"


def signed_self_description(key: KeyPair, participant: str = NEW_PARTICIPANT) -> str:
    did = did_key_for(key.public_key())
    kid = f"{did}#{did.removeprefix('did:key:')}"

    def address(fragment: str) -> dict[str, Any]:
        return {"@id": f"{participant}#{fragment}", "@type": f"{GX}Address", f"{GX}countryCode": "DE"}

    person = {
        "@id": participant,
        "@type": f"{GX}LegalPerson",
        f"{GX}registrationNumber": {
            "@id": f"{participant}#vat",
            "@type": [f"{GX}VatID", f"{GX}RegistrationNumber"],
            f"{GX}vatID": "DE123456788",
        },
        f"{GX}legalAddress": address("legal-address"),
        f"{GX}headquartersAddress": address("headquarters"),
    }
    # The participant's profile in this health data space: in a credential of its own, as Loire shapes are closed.
    profile = {
        "@id": participant,
        "http://xmlns.com/foaf/0.1/name": "Heidelberg Institute",
        "https://w3id.org/hdsgraph/ontology#organisationType": {
            "@id": "https://w3id.org/hdsgraph/ontology#ResearchOrganisation"
        },
    }
    issuer = {"@id": f"{participant}#issuer", "@type": f"{GX}Issuer", f"{GX}gaiaxTermsAndConditions": TERMS}
    credentials = [
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": did,
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": subject,
        }
        for subject in (person, profile, issuer)
    ]
    return json.dumps(make_presentation([sign_vc_jwt(c, key, kid) for c in credentials], holder=did))


def test_a_participant_publishes_its_own_signed_self_description(app: Starlette, node: Node) -> None:
    document = signed_self_description(KeyPair.generate())
    result = graphql(app, SELF_DESCRIPTION, {"document": document}, dev_token(node.settings, NEW_PARTICIPANT))
    published = result["publishSelfDescription"]
    assert published["__typename"] == "Published", published
    assert (published["id"], published["version"]) == (NEW_PARTICIPANT, 1)
    record = node.publisher.record(NEW_PARTICIPANT)
    assert record is not None and record.owner == NEW_PARTICIPANT
    assert len(record.versions[0].credentials) == 3


def test_a_self_description_of_someone_else_is_forbidden(app: Starlette, node: Node) -> None:
    document = signed_self_description(KeyPair.generate())
    result = graphql(app, SELF_DESCRIPTION, {"document": document}, dev_token(node.settings, NCCK))
    assert [e["code"] for e in result["publishSelfDescription"]["errors"]] == ["FORBIDDEN"]
    assert node.publisher.record(NEW_PARTICIPANT) is None


def test_a_tampered_credential_is_refused_naming_it(app: Starlette, node: Node) -> None:
    presentation = json.loads(signed_self_description(KeyPair.generate()))
    envelope = presentation["verifiableCredential"][0]
    header, payload, _signature = envelope["id"].removeprefix("data:application/vc+jwt,").split(".")
    other = json.loads(signed_self_description(KeyPair.generate()))["verifiableCredential"][0]["id"].split(".")[2]
    envelope["id"] = f"data:application/vc+jwt,{header}.{payload}.{other}"
    before = (node.store.graphs(), node.store.count(), len(node.index))
    result = graphql(
        app, SELF_DESCRIPTION, {"document": json.dumps(presentation)}, dev_token(node.settings, NEW_PARTICIPANT)
    )
    errors = result["publishSelfDescription"]["errors"]
    assert [e["code"] for e in errors] == ["CREDENTIAL_INVALID"]
    assert "0" in (errors[0]["focusNode"] or errors[0]["message"])
    assert node.publisher.record(NEW_PARTICIPANT) is None
    assert (node.store.graphs(), node.store.count(), len(node.index)) == before


def test_a_self_description_without_accepted_terms_breaks_a_gaiax_rule(app: Starlette, node: Node) -> None:
    presentation = json.loads(signed_self_description(KeyPair.generate()))
    presentation["verifiableCredential"] = presentation["verifiableCredential"][:2]  # no gx:Issuer credential
    before = (node.store.graphs(), node.store.count())
    result = graphql(
        app, SELF_DESCRIPTION, {"document": json.dumps(presentation)}, dev_token(node.settings, NEW_PARTICIPANT)
    )
    assert [e["code"] for e in result["publishSelfDescription"]["errors"]] == ["GAIAX_TERMS_NOT_ACCEPTED"]
    assert (node.store.graphs(), node.store.count()) == before
