"""The peers file: what it accepts, and an error naming the file, the peer and the field for what it does not."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hdsgraph.core.errors import ConfigError
from hdsgraph.credentials.errors import UnauthenticatedError
from hdsgraph.credentials.keys import KeyPair
from hdsgraph.federation.peer_tokens import PeerTokenVerifier, is_peer_token, peer_token
from hdsgraph.federation.peers import read_peers

KR_KEY = KeyPair.generate("EdDSA", kid="https://ncc.re.kr/node#node-key")
KOREA = f"""
[[peer]]
id = "https://ncc.re.kr/node"
name = "National Cancer Center Korea"
country = "kr"
url = "https://hdsgraph.ncc.re.kr/graphql"
jwk = '{json.dumps(KR_KEY.public_jwk())}'
namespaces = ["https://ncc.re.kr/"]
timeout_ms = 800
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "peers.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_peer_with_its_key_namespaces_and_deadline(tmp_path: Path) -> None:
    config = read_peers(write(tmp_path, "[federation]\npeer_timeout_ms = 600\noverall_timeout_ms = 700\n" + KOREA))
    (peer,) = config.peers
    assert (peer.id, peer.country, peer.namespaces) == ("https://ncc.re.kr/node", "KR", ("https://ncc.re.kr/",))
    assert peer.key == KR_KEY.public_key()
    assert peer.catalog_url == "https://hdsgraph.ncc.re.kr/catalog"
    assert config.deadline_ms(peer) == 700, "a peer's deadline never passes the overall one"
    assert read_peers(None).peers == ()


def test_the_jwk_may_be_a_table(tmp_path: Path) -> None:
    jwk = ", ".join(f'{k} = "{v}"' for k, v in KR_KEY.public_jwk().items())
    text = KOREA.replace(f"jwk = '{json.dumps(KR_KEY.public_jwk())}'", f"jwk = {{ {jwk} }}")
    assert read_peers(write(tmp_path, text)).peers[0].key == KR_KEY.public_key()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('country = "kr"', 'country = "Korea"'), "country='Korea' is not an ISO 3166-1 alpha-2 code"),
        (('url = "https://hdsgraph.ncc.re.kr/graphql"', 'url = "ftp://x/graphql"'), "is not a GraphQL endpoint URL"),
        (('url = "https://hdsgraph.ncc.re.kr/graphql"', 'url = "https://x/graphql?peer=1"'), "without query"),
        (("timeout_ms = 800", "timeout_ms = 0"), "timeout_ms=0 must be a whole number of at least 1"),
        (("timeout_ms = 800", 'colour = "blue"'), "unknown key(s) ['colour']"),
        (('namespaces = ["https://ncc.re.kr/"]', 'namespaces = "https://ncc.re.kr/"'), "namespaces must be a list"),
        ((f"jwk = '{json.dumps(KR_KEY.public_jwk())}'", "jwk = '{not json'"), "jwk is a string but not JSON"),
        ((f"jwk = '{json.dumps(KR_KEY.public_jwk())}'", f"jwk = '{json.dumps(KR_KEY.private_jwk())}'"), "private key"),
        (('name = "National Cancer Center Korea"\n', ""), "missing name"),
    ],
)
def test_each_mistake_is_named(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        read_peers(write(tmp_path, KOREA.replace(*change)))
    assert message in caught.value.message
    assert "peer 1" in caught.value.message and "peers.toml" in caught.value.message


def test_file_level_mistakes(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        read_peers(write(tmp_path, "[[peer]\n"))
    with pytest.raises(ConfigError, match="two peers have the id"):
        read_peers(write(tmp_path, KOREA + KOREA))
    with pytest.raises(ConfigError, match="peer_timeout_ms=9000 is longer than overall_timeout_ms=5000"):
        read_peers(write(tmp_path, "[federation]\npeer_timeout_ms = 9000\n" + KOREA))
    with pytest.raises(ConfigError, match=r"unknown table\(s\) \['peers'\]"):
        read_peers(write(tmp_path, "[[peers]]\nid = 1\n"))
    with pytest.raises(ConfigError, match="cannot read it"):
        read_peers(tmp_path / "missing.toml")


def test_peer_tokens_prove_the_configured_peer_to_the_right_node(tmp_path: Path) -> None:
    config = read_peers(write(tmp_path, KOREA))
    verifier = PeerTokenVerifier(config, "https://lih.lu/node")
    token = peer_token(KR_KEY, node_id="https://ncc.re.kr/node", audience="https://lih.lu/node")
    assert is_peer_token(token) and not is_peer_token("not.a.token")
    assert verifier.verify(token).name == "National Cancer Center Korea"
    other_key = peer_token(KeyPair.generate(), node_id="https://ncc.re.kr/node", audience="https://lih.lu/node")
    with pytest.raises(UnauthenticatedError, match="does not verify with the key configured for it"):
        verifier.verify(other_key)
    stranger = peer_token(KR_KEY, node_id="https://evil.example/node", audience="https://lih.lu/node")
    with pytest.raises(UnauthenticatedError, match="is not a peer of this node"):
        verifier.verify(stranger)
    elsewhere = peer_token(KR_KEY, node_id="https://ncc.re.kr/node", audience="https://other.example/node")
    with pytest.raises(UnauthenticatedError, match="not this node"):
        verifier.verify(elsewhere)
    old = peer_token(
        KR_KEY,
        node_id="https://ncc.re.kr/node",
        audience="https://lih.lu/node",
        now=datetime.now(UTC) - timedelta(hours=1),
    )
    with pytest.raises(UnauthenticatedError, match="expired"):
        verifier.verify(old)
