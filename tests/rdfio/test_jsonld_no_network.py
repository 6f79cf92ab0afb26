"""Input never makes the service connect anywhere: known contexts come from the bundle, unknown ones are refused."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest

from hdsgraph.core.errors import ParseError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.rdfio import bundled_contexts, parse_document, parse_jsonld
from tests.rdfio._jsonld import FIXTURES


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every connection or name lookup tried while the test runs; each one also fails."""
    tried: list[str] = []

    def refuse(name: str) -> Any:
        def attempt(*args: object, **kwargs: object) -> Any:
            tried.append(f"{name}{args[1:] if name == 'socket.connect' else args}")
            raise OSError(f"the test forbids network access ({name})")

        return attempt

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    bundled_contexts.cache_clear()  # load the bundle under the patches too
    return tried


def test_the_patches_catch_a_connection(attempts: list[str]) -> None:
    with pytest.raises(OSError):
        socket.create_connection(("contexts.example.org", 443))
    assert attempts == ["create_connection(('contexts.example.org', 443),)"]


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.jsonld")))
def test_documents_naming_bundled_contexts_connect_nowhere(attempts: list[str], fixture: str) -> None:
    quads = parse_jsonld((FIXTURES / fixture).read_bytes(), source=fixture, without_named_graphs=False)
    assert quads
    assert attempts == []


@pytest.mark.parametrize(
    "context",
    [
        "https://contexts.example.org/unknown.jsonld",
        "http://127.0.0.1:9/context.jsonld",
        ["https://www.w3.org/ns/credentials/v2", "https://schema.org/"],
        {"@version": 1.1, "@import": "https://contexts.example.org/imported.jsonld"},
        {"p": {"@id": "https://example.org/p", "@context": "https://contexts.example.org/scoped.jsonld"}},
    ],
)
def test_documents_naming_unknown_contexts_are_refused_without_connecting(attempts: list[str], context: object) -> None:
    document = json.dumps({"@context": context, "@id": "https://example.org/s", "p": {}}).encode()
    with pytest.raises(ParseError, match="never fetched"):
        parse_document(document, RdfFormat.JSON_LD, source="unknown.jsonld")
    assert attempts == []
