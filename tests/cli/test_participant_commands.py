"""``hdsgraph token``, ``keygen`` and ``sign`` in process: what a participant runs before publishing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hdsgraph.cli.main import main
from hdsgraph.core.config import Settings
from hdsgraph.credentials import TrustRegistry, UnauthenticatedError, read_jwk_file, verify_presentation
from hdsgraph.node.auth import Authenticator
from tests.conftest import ROOT

LIH = "https://seed.hdsgraph.org/participant/lih"


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HDSGRAPH_RESOURCES_DIR", str(ROOT))
    monkeypatch.setenv("HDSGRAPH_DATA_DIR", str(tmp_path / "data"))
    for name in ("HDSGRAPH_DEV_TOKENS", "HDSGRAPH_AUTH_JWKS", "HDSGRAPH_NODE_ID"):
        monkeypatch.delenv(name, raising=False)


def test_a_token_prints_last_and_is_accepted_by_the_node_of_that_data_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["token", "--participant", LIH]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    settings = Settings.from_env()
    assert Authenticator(settings).participant(f"Bearer {token}") == LIH
    # Another data directory has another key: the token means nothing there.
    other = Settings.from_env(None, data_dir=tmp_path / "elsewhere")
    assert main(["token", "--participant", LIH, "--data", str(other.data_dir)]) == 0
    capsys.readouterr()
    with pytest.raises(UnauthenticatedError):
        Authenticator(other).participant(f"Bearer {token}")


def test_a_token_for_something_that_is_not_an_iri_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["token", "--participant", "lih"]) == 2
    assert "'lih' is not an IRI" in capsys.readouterr().err


def test_no_development_tokens_where_they_are_turned_off(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HDSGRAPH_DEV_TOKENS", "false")
    assert main(["token", "--participant", LIH]) == 2
    assert "HDSGRAPH_DEV_TOKENS is off" in capsys.readouterr().err


def test_keygen_then_sign_makes_a_presentation_that_verifies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "me.jwk"
    assert main(["keygen", "--out", str(key)]) == 0
    printed = capsys.readouterr().out
    did = next(line.removeprefix("did: ") for line in printed.splitlines() if line.startswith("did: "))
    assert read_jwk_file(key).kid == f"{did}#{did.removeprefix('did:key:')}"
    assert main(["keygen", "--out", str(key)]) == 2  # an existing key is kept
    capsys.readouterr()

    subject = tmp_path / "subject.json"
    subject.write_text(
        json.dumps({"@id": "https://example.org/me", "@type": "https://w3id.org/gaia-x/development#Issuer"})
    )
    out = tmp_path / "vp.json"
    assert main(["sign", "--key", str(key), str(subject), str(subject), "-o", str(out)]) == 0
    presentation = verify_presentation(out.read_bytes(), TrustRegistry(), at=datetime.now(UTC))
    assert [c.issuer for c in presentation.credentials] == [did, did]
    assert all(c.generation == "loire" for c in presentation.credentials)

    assert main(["sign", "--key", str(key), "--tagus", str(subject), "-o", str(out)]) == 0
    tagus = json.loads(out.read_text())
    assert tagus["proof"]["type"] == "JsonWebSignature2020" and tagus["issuer"] == did
