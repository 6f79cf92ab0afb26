"""A node with peers needs its own key; without peers, federated search is this node's search."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from hdsgraph.core.errors import ConfigError
from hdsgraph.credentials.keys import KeyPair, write_jwk_file
from hdsgraph.index import SearchQuery
from hdsgraph.node import NODE_KEY, Node
from tests.conftest import make_settings

PEERS = """
[[peer]]
id = "https://ncc.re.kr/node"
name = "National Cancer Center Korea"
country = "KR"
url = "http://127.0.0.1:9/graphql"
jwk = '{jwk}'
"""


def test_peers_without_a_node_key_stop_the_start_with_the_command_that_makes_one(tmp_path: Path) -> None:
    peers = tmp_path / "peers.toml"
    peers.write_text(PEERS.format(jwk=json.dumps(KeyPair.generate().public_jwk())), encoding="utf-8")
    node = Node.in_memory(make_settings(tmp_path / "data", peers_file=peers))
    with pytest.raises(ConfigError, match="hdsgraph keygen --node"):
        _ = node.federation
    node.settings.keys_dir.mkdir(parents=True)
    write_jwk_file(node.settings.keys_dir / NODE_KEY, KeyPair.generate(kid="node"))
    assert [p.name for p in node.__class__(node.settings, node.store).federation.peers] == [
        "National Cancer Center Korea"
    ]


def test_without_peers_a_federated_search_is_this_nodes_alone(tmp_path: Path) -> None:
    node = Node.in_memory(make_settings(tmp_path / "data"))
    page = asyncio.run(
        node.federation.search(
            SearchQuery(first=5),
            operation="",
            root="datasets",
            variables={},
            local_search=node.catalogue.search,
        )
    )
    assert [n.node.id for n in page.nodes] == [node.settings.node_id]
    assert page.partial is False and page.total_count == len(node.index)
