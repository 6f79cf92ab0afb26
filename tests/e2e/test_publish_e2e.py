"""A participant's whole way in, against a real ``hdsgraph serve``: a token from ``hdsgraph token``, a key from
``hdsgraph keygen``, a self-description from ``hdsgraph sign`` checked with ``hdsgraph validate``, then uploads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.e2e._server import Server

pytestmark = pytest.mark.e2e

LIH = "https://seed.hdsgraph.org/participant/lih"
BLADDER = ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl"
DATASET = "https://seed.hdsgraph.org/dataset/lih-bladder-cancer-cohort"
NEWCOMER = "https://participants.example.org/saar-biobank"
GX = "https://w3id.org/gaia-x/development#"


def hdsgraph(*args: str, data: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HDSGRAPH_RESOURCES_DIR": str(ROOT)}
    command = [sys.executable, "-m", "hdsgraph", *args, *(["--data", str(data)] if data else [])]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def token_for(participant: str, data: Path) -> str:
    made = hdsgraph("token", "--participant", participant, data=data)
    assert made.returncode == 0, made.stderr
    return made.stdout.strip().splitlines()[-1]


def test_a_seed_publisher_replaces_its_seeded_dataset_by_upload(server: Server, data_dir: Path) -> None:
    token = token_for(LIH, data_dir)
    headers = {"authorization": f"Bearer {token}", "content-type": "text/turtle"}
    response = httpx.post(server.url + "/publish/dataset", content=BLADDER.read_bytes(), headers=headers, timeout=60)
    assert response.status_code == 201, response.text
    assert response.json()["id"] == DATASET and response.json()["version"] == 2  # version 1 is the seed


def test_the_seed_self_descriptions_were_verified_and_recorded(server: Server) -> None:
    query = f'{{ dataset(id: "{DATASET}") {{ publisher {{ id name }} }} }}'
    body = httpx.post(server.url + "/graphql", json={"query": query}, timeout=10).json()
    assert body["data"]["dataset"]["publisher"]["id"] == LIH


def test_a_newcomer_signs_checks_and_publishes_its_self_description(
    server: Server, data_dir: Path, tmp_path: Path
) -> None:
    key = tmp_path / "newcomer.jwk"
    made = hdsgraph("keygen", "--out", str(key))
    assert made.returncode == 0, made.stderr
    did = next(line.split(": ", 1)[1] for line in made.stdout.splitlines() if line.startswith("did: "))
    assert oct(key.stat().st_mode & 0o777) == "0o600"

    person = {
        "@id": NEWCOMER,
        "@type": f"{GX}LegalPerson",
        f"{GX}registrationNumber": {
            "@id": f"{NEWCOMER}#lei",
            "@type": [f"{GX}LeiCode", f"{GX}RegistrationNumber"],
            "https://schema.org/leiCode": "5299009X8YH6DOSMG125",
            f"{GX}countryCode": "DE",
        },
        f"{GX}legalAddress": {"@id": f"{NEWCOMER}#address", "@type": f"{GX}Address", f"{GX}countryCode": "DE"},
        f"{GX}headquartersAddress": {"@id": f"{NEWCOMER}#address"},
    }
    profile = {
        "@id": NEWCOMER,
        "http://xmlns.com/foaf/0.1/name": "Saar Biobank",
        "https://w3id.org/hdsgraph/ontology#organisationType": {
            "@id": "https://w3id.org/hdsgraph/ontology#ResearchOrganisation"
        },
    }
    terms = {
        "@id": f"{NEWCOMER}#issuer",
        "@type": f"{GX}Issuer",
        f"{GX}gaiaxTermsAndConditions": "4bd7554097444c960292b4726c2efa1373485e8a5565d94d41195214c5e0ceb3",
    }
    inputs = []
    for name, subject in (("person.json", person), ("profile.json", profile), ("terms.json", terms)):
        path = tmp_path / name
        path.write_text(json.dumps({"@context": [], **subject}), encoding="utf-8")
        inputs.append(str(path))
    presentation = tmp_path / "self-description.vp.json"
    signed = hdsgraph("sign", "--key", str(key), *inputs, "--out", str(presentation))
    assert signed.returncode == 0, signed.stderr
    assert did in presentation.read_text(encoding="utf-8") or "vc+jwt" in presentation.read_text(encoding="utf-8")

    checked = hdsgraph("validate", str(presentation), "--as", NEWCOMER)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"would be accepted as {NEWCOMER}" in checked.stdout

    refused = hdsgraph("validate", str(presentation), "--as", LIH)
    assert refused.returncode == 1 and "FORBIDDEN" in refused.stdout

    headers = {"authorization": f"Bearer {token_for(NEWCOMER, data_dir)}", "content-type": "application/vp+json"}
    response = httpx.post(
        server.url + "/publish/self-description", content=presentation.read_bytes(), headers=headers, timeout=60
    )
    assert response.status_code == 201, response.text
    assert response.json()["id"] == NEWCOMER
