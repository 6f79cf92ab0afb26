"""The JSON-LD context documents a document may name by URL: the bundled copies, or a set a test provides.

Nothing here fetches. A context URL resolves to a document only if it is in the set.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import urldefrag

__all__ = ["ContextSet", "bundled_contexts", "context_key"]

_INDEX = "index.json"


def context_key(url: str) -> str:
    """The URL a context is looked up by: without its fragment, which dereferencing ignores too.

    >>> context_key("https://w3id.org/gaia-x/development#")
    'https://w3id.org/gaia-x/development'
    """
    return urldefrag(url).url


class ContextSet:
    """Context documents by URL (each a JSON object with an ``@context`` entry).

    ``documented_in`` says, in an error message, where a reader finds the accepted URLs.
    """

    def __init__(self, documents: Mapping[str, Any], *, documented_in: str) -> None:
        self._documents = {context_key(url): document for url, document in documents.items()}
        self.documented_in = documented_in

    @property
    def urls(self) -> list[str]:
        return sorted(self._documents)

    def document(self, url: str) -> Any | None:
        """The document ``url`` names, or ``None`` when it is not in the set."""
        return self._documents.get(context_key(url))


@cache
def bundled_contexts() -> ContextSet:
    """The context documents shipped in ``hdsgraph/rdfio/contexts`` (loaded on first use, then kept)."""
    folder = files("hdsgraph.rdfio").joinpath("contexts")
    index: dict[str, str] = json.loads(folder.joinpath(_INDEX).read_text(encoding="utf-8"))
    loaded: dict[str, Any] = {}
    documents = {}
    for url, name in index.items():
        if name not in loaded:
            loaded[name] = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        documents[url] = loaded[name]
    return ContextSet(documents, documented_in="hdsgraph/rdfio/contexts/README.md")
