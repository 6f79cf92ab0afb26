"""A peer's page of datasets read as untrusted input: every member checked for type and bounds, or refused.

What a peer says is kept only when it has the shape the peer operation asked for; anything else is an
``InvalidAnswer`` that names the member (``datasets.edges[3].node.rdf``) and what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import total_ordering
from typing import Any

from hdsgraph.core.errors import BadInputError
from hdsgraph.federation.client import InvalidAnswer
from hdsgraph.federation.merge import Hit
from hdsgraph.index import FACET_FIELDS, SortKey
from hdsgraph.index.cursor import peek
from hdsgraph.index.text import normalise

__all__ = ["PeerFacetValue", "PeerPage", "merge_key", "read_page"]

_FACET_NAMES = {f.name for f in FACET_FIELDS}
_MAX_TEXT = 1_000_000  # one dataset's description; the response cap bounds the whole answer anyway


@dataclass(frozen=True)
class PeerFacetValue:
    field: str
    value: str
    label: str | None
    count: int


@dataclass(frozen=True)
class PeerPage:
    hits: list[Hit]  # payload: the dataset's description in N-Triples
    has_next: bool
    total_count: int
    facets: list[PeerFacetValue]


def read_page(data: dict[str, Any], root: str, *, first: int, sort: SortKey, descending: bool) -> PeerPage:
    """The page under ``data[root]``; ``InvalidAnswer`` for the first member that is not as asked."""
    page = _object(data.get(root), root)
    total = _count(page.get("totalCount"), f"{root}.totalCount")
    info = _object(page.get("pageInfo"), f"{root}.pageInfo")
    has_next = info.get("hasNextPage")
    if not isinstance(has_next, bool):
        raise InvalidAnswer(f"{root}.pageInfo.hasNextPage is not a boolean")
    edges = _list(page.get("edges"), f"{root}.edges")
    if len(edges) > first:
        raise InvalidAnswer(f"{root}.edges has {len(edges)} entries; {first} were asked for")
    hits = []
    for i, raw in enumerate(edges):
        where = f"{root}.edges[{i}]"
        edge = _object(raw, where)
        node = _object(edge.get("node"), f"{where}.node")
        iri = _text(node.get("id"), f"{where}.node.id", 4000)
        cursor = _text(edge.get("cursor"), f"{where}.cursor", 8000)
        score = edge.get("score")
        if not isinstance(score, int | float) or isinstance(score, bool):
            raise InvalidAnswer(f"{where}.score is not a number")
        rdf = _text(node.get("rdf"), f"{where}.node.rdf", _MAX_TEXT)
        hits.append(Hit(iri, cursor, float(score), merge_key(cursor, sort, descending, where), rdf))
    facets = []
    for i, raw in enumerate(_list(page.get("facets", []), f"{root}.facets")):
        facet = _object(raw, f"{root}.facets[{i}]")
        field = facet.get("field")
        if field not in _FACET_NAMES:
            raise InvalidAnswer(f"{root}.facets[{i}].field is {field!r}; expected one of {sorted(_FACET_NAMES)}")
        for j, value in enumerate(_list(facet.get("values"), f"{root}.facets[{i}].values")):
            where = f"{root}.facets[{i}].values[{j}]"
            bucket = _object(value, where)
            label = bucket.get("label")
            if label is not None and not isinstance(label, str):
                raise InvalidAnswer(f"{where}.label is not a string")
            facets.append(
                PeerFacetValue(
                    str(field),
                    _text(bucket.get("value"), f"{where}.value", 4000),
                    label[:1000] if label else None,
                    _count(bucket.get("count"), f"{where}.count"),
                )
            )
    return PeerPage(hits, has_next, total, facets)


@total_ordering
class _Reversed:
    """Orders text backwards: a descending title sort merged with ascending keys."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and self.text == other.text

    def __lt__(self, other: _Reversed) -> bool:
        return self.text > other.text

    def __hash__(self) -> int:
        return hash(self.text)


def merge_key(cursor: str, sort: SortKey, descending: bool, where: str = "cursor") -> tuple[Any, ...]:
    """The key a result merges by, read from its node's cursor: the same key that node sorted by.

    Ascending order of keys is the requested order, missing keys last and ties by IRI, as each node orders.
    """
    if sort is SortKey.RELEVANCE:
        return ()
    try:
        at = peek(cursor)
    except BadInputError as e:
        raise InvalidAnswer(f"{where}: not a cursor of an hdsgraph node") from e
    if sort is SortKey.TITLE:
        title = normalise(str(at.key))
        return (_Reversed(title), _Reversed(at.iri)) if descending else (title, at.iri)
    if at.key is None:
        return (1, 0.0, at.iri)
    if not isinstance(at.key, float):
        raise InvalidAnswer(f"{where}: the cursor's sort key {at.key!r} is not a number")
    return (0, -at.key if descending else at.key, at.iri)


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidAnswer(f"{where} is not an object")
    return value


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidAnswer(f"{where} is not a list")
    return value


def _text(value: object, where: str, limit: int) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidAnswer(f"{where} is not a non-empty string")
    if len(value) > limit:
        raise InvalidAnswer(f"{where} is longer than {limit} characters")
    return value


def _count(value: object, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidAnswer(f"{where} is not a whole number of at least 0")
    return value
