"""did:key: the specification's Ed25519 example, round trips, and refusals."""

from __future__ import annotations

import pytest

from hdsgraph.credentials import CredentialError, KeyPair, did_key_for, resolve_did_key
from tests.credentials._support import rsa_key

# did:key method specification, Ed25519 example, with the JWK form it lists.
SPEC_DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
SPEC_X = "Lm_M42cB3HkUiODQsXRcweM6TByfzEHGO9ND274JcOY"


def test_the_specification_example_decodes_and_round_trips() -> None:
    key = resolve_did_key(SPEC_DID)
    assert key.algorithm == "EdDSA"
    assert key.jwk()["x"] == SPEC_X
    assert did_key_for(key) == SPEC_DID
    assert key.kid == f"{SPEC_DID}#{SPEC_DID.removeprefix('did:key:')}"


@pytest.mark.parametrize(("algorithm", "prefix"), [("EdDSA", "did:key:z6Mk"), ("ES256", "did:key:zDna")])
def test_generated_keys_round_trip(algorithm: str, prefix: str) -> None:
    key = KeyPair.generate(algorithm).public_key()
    did = did_key_for(key)
    assert did.startswith(prefix)
    assert resolve_did_key(did) == key
    assert resolve_did_key(f"{did}#{did.removeprefix('did:key:')}") == key


def test_rsa_keys_have_no_did_key_form_here() -> None:
    with pytest.raises(CredentialError, match="PS256"):
        did_key_for(rsa_key().public_key())


@pytest.mark.parametrize(
    ("did", "named"),
    [
        ("did:web:example.org", "not a did:key"),
        ("did:key:6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "must start with 'z'"),
        ("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2do0", "'0' is not a base58btc character"),
        ("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#other", "#other"),
        (
            "did:key:z2J9gaYxrKVpdoG9A4gRnmpnRCcxU6agDtFVVBVdn1JedouoZN7SzcyREXXzWgt3gGiwpoHq7K68X4m32D8HgzG8wv3sY5j7",
            "not accepted",
        ),
    ],
)
def test_bad_did_keys_are_refused(did: str, named: str) -> None:
    with pytest.raises(CredentialError, match=named):
        resolve_did_key(did)
