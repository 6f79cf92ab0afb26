"""A JSON-LD credential as RDF: its quads, its canonical form and digest, without ever fetching a context."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from hdsgraph.rdfio.canonical import canonical_nquads
from hdsgraph.rdfio.jsonld import parse_jsonld

__all__ = ["canonical_form", "document_quads", "sha256_hex", "without"]


def without(document: Mapping[str, Any], *members: str) -> dict[str, Any]:
    """A shallow copy of ``document`` without ``members`` (the proof, say)."""
    return {key: value for key, value in document.items() if key not in members}


def document_quads(document: Mapping[str, Any], *, source: str) -> list[ox.Quad]:
    """Every quad of the JSON-LD ``document`` (named graphs allowed: VC 1.1 puts proofs in them)."""
    return parse_jsonld(json.dumps(document).encode(), source=source, without_named_graphs=False)


def canonical_form(document: Mapping[str, Any], *, source: str) -> str:
    """The RDFC-1.0 canonical N-Quads of ``document``."""
    return canonical_nquads(document_quads(document, source=source))


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
