"""Reading Gaia-X example credentials: the credential subjects of a presentation (or credential) as one graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Graph

from hdsgraph.rdfio.jsonld import parse_jsonld
from hdsgraph.rdfio.parse import to_rdflib_graph
from tests.conftest import REFERENCE

GAIAX_EXAMPLES = REFERENCE / "gaiax" / "examples"
needs_reference = __import__("pytest").mark.skipif(
    not GAIAX_EXAMPLES.is_dir(),
    reason="the Gaia-X reference files (../shared/reference/gaiax) are not beside the checkout",
)


def credentials(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The credentials of a presentation, or the credential itself."""
    found = document.get("verifiableCredential")
    if found is None:
        return [document]
    return found if isinstance(found, list) else [found]


def subject_documents(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Each credential subject as a JSON-LD document of its own, under its credential's contexts."""
    documents = []
    for credential in credentials(document):
        outer = credential.get("@context", [])
        outer = outer if isinstance(outer, list) else [outer]
        subjects = credential["credentialSubject"]
        for subject in subjects if isinstance(subjects, list) else [subjects]:
            inner = subject.get("@context")
            context = outer + ([inner] if inner is not None else [])
            documents.append({**subject, "@context": context})
    return documents


def subjects_graph(documents: list[dict[str, Any]]) -> Graph:
    """The subjects' triples in one graph (references between credentials resolve inside it)."""
    triples = []
    for document in documents:
        quads = parse_jsonld(json.dumps(document).encode(), source="credentialSubject")
        triples.extend(q.triple for q in quads)
    return to_rdflib_graph(triples)


def example(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
