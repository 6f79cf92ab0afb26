"""Every controlled vocabulary the node knows, in memory: concept -> scheme, labels, notation.

Vocabularies are small (hundreds of concepts) and change with releases, not requests, so they are read from the store
once and kept: a concept's label costs a dictionary lookup, not a query. A publish that brings concepts of a scheme
(``skos:inScheme``) empties the table, and the next lookup reads it again.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from hdsgraph.catalogue.reader import CatalogueReader, ClearOnCommit
from hdsgraph.core import model
from hdsgraph.core.vocab import SKOS
from hdsgraph.store.base import GraphStore

__all__ = ["Vocabulary", "VocabularyView"]

_SCHEMES = f"SELECT ?c ?scheme WHERE {{ GRAPH ?g {{ ?c <{SKOS.inScheme}> ?scheme }} }}"
_IN_SCHEME = str(SKOS.inScheme)


class Vocabulary:
    def __init__(self, store: GraphStore, reader: CatalogueReader) -> None:
        self._store = store
        self._reader = reader
        self._lock = threading.Lock()
        self._concepts: dict[str, model.Concept] | None = None

    def concept(self, iri: str) -> model.Concept | None:
        return self._table().get(iri)

    def scheme_of(self, iri: str) -> str | None:
        concept = self._table().get(iri)
        return concept.scheme if concept is not None else None

    def in_scheme(self, scheme: str) -> list[str]:
        return sorted(iri for iri, c in self._table().items() if c.scheme == scheme)

    def clear(self) -> None:
        with self._lock:
            self._concepts = None

    def _table(self) -> dict[str, model.Concept]:
        with self._lock:
            if self._concepts is None:
                scheme_of: dict[str, str] = {}
                for row in self._store.select(_SCHEMES):
                    scheme_of.setdefault(str(row["c"]), str(row["scheme"]))
                read = self._reader.concepts(sorted(scheme_of))
                # The scheme found first wins for a concept that several schemes claim (stable: sorted rows).
                self._concepts = {
                    iri: model.Concept(iri, c.labels, scheme_of[iri], c.notation) for iri, c in read.items()
                }
            return self._concepts


class VocabularyView:
    """Empties the vocabulary table when a document that places concepts in schemes is stored."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._vocabulary = vocabulary

    def stage(self, graph: str, triples: Sequence[Any]) -> ClearOnCommit:
        touches = any(t.predicate.value == _IN_SCHEME for t in triples)
        return ClearOnCommit(self._vocabulary.clear if touches else None)
