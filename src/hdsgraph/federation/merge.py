"""Merging the pages of several nodes into one page, with composite cursors that skip and repeat nothing.

Each node pages through its own results with its own cursors. A composite cursor holds, for every node, the node's
cursor after the last of its results consumed and how many it has consumed; the next page asks each node for a
page after its own cursor and merges again. However the nodes' results interleave, each result is consumed exactly
once, so paging through a federated search skips and repeats nothing.

Order: by relevance, results interleave by rank (each node's first, then each node's second …), as scores of
different indexes cannot be compared; by a sort key, they merge by that key, as each node sorted by the same one.
Duplicates (the same dataset IRI from several nodes, in the pages being merged) keep the copy of the node that
publishes it: the node whose namespace the IRI is in, else the first node in configuration order. Two copies that
rank far apart on their nodes (in different pages) are both shown, each saying its node: shown twice rather than
lost.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hdsgraph.core.errors import BadInputError

__all__ = ["Hit", "MergedItem", "MergedPage", "NodePage", "Position", "decode_cursor", "encode_cursor", "merge"]

_PREFIX = "f1."


@dataclass(frozen=True)
class Hit:
    """One result of one node: the dataset IRI, the node's own cursor for it, its score and its merge key."""

    iri: str
    cursor: str
    score: float
    key: tuple[Any, ...] = ()  # ascending order of keys is the requested order (empty: merge by rank)
    payload: Any = None


@dataclass(frozen=True)
class Position:
    cursor: str | None = None  # the node's cursor after its last consumed result; None: from its beginning
    consumed: int = 0


@dataclass(frozen=True)
class NodePage:
    """What one node answered: its page after ``Position.cursor``, and whether it has more."""

    node: str
    hits: Sequence[Hit]
    has_next: bool


@dataclass(frozen=True)
class MergedItem:
    node: str
    hit: Hit
    cursor: str


@dataclass(frozen=True)
class MergedPage:
    items: list[MergedItem]
    has_next: bool
    # Where the next page starts: after the last result consumed, which may be a duplicate not shown. A page can
    # consist of such duplicates only, so the end cursor is the page's own, not its last item's.
    end_cursor: str
    positions: dict[str, Position] = field(default_factory=dict)


def merge(
    pages: Sequence[NodePage],
    positions: dict[str, Position],
    first: int,
    *,
    fingerprint: str,
    owner: Callable[[str], str | None],
    by_rank: bool,
) -> MergedPage:
    """Up to ``first`` results from ``pages`` (in node order), each node's page starting at ``positions``.

    ``owner(iri)`` names the node whose namespace holds ``iri`` (None: no node's). A page may come out shorter than
    ``first`` when a node's page ran out while it has more: its next results are not known yet, and the next page
    continues exactly there.
    """
    order = {page.node: i for i, page in enumerate(pages)}
    state = {page.node: positions.get(page.node, Position()) for page in pages}
    heads = {page.node: 0 for page in pages}
    holders: dict[str, list[str]] = {}
    for page in pages:
        for hit in page.hits:
            holders.setdefault(hit.iri, []).append(page.node)

    def winner(iri: str) -> str:
        # Decided among the copies in the pages being merged: a copy alone here is shown, so that no dataset is
        # lost for a copy elsewhere that this search may never reach.
        owning = owner(iri)
        return owning if owning in holders[iri] else min(holders[iri], key=order.__getitem__)

    def merge_key(page: NodePage) -> tuple[Any, ...]:
        hit = page.hits[heads[page.node]]
        rank = (state[page.node].consumed,) if by_rank else hit.key
        return (*rank, order[page.node])

    items: list[MergedItem] = []
    while len(items) < first:
        live = [p for p in pages if heads[p.node] < len(p.hits)]
        # A node whose page is used up but which has more results blocks the merge: its next may come first.
        if not live or any(heads[p.node] >= len(p.hits) and p.has_next for p in pages):
            break
        page = min(live, key=merge_key)
        hit = page.hits[heads[page.node]]
        heads[page.node] += 1
        state[page.node] = Position(hit.cursor, state[page.node].consumed + 1)
        if winner(hit.iri) != page.node:
            continue  # another node's copy of this dataset is the one shown
        items.append(MergedItem(page.node, hit, encode_cursor(fingerprint, state)))
    has_next = any(heads[p.node] < len(p.hits) or p.has_next for p in pages)
    return MergedPage(items, has_next, encode_cursor(fingerprint, state), dict(state))


def encode_cursor(fingerprint: str, positions: dict[str, Position]) -> str:
    state = {"f": fingerprint, "n": {node: [p.cursor, p.consumed] for node, p in sorted(positions.items())}}
    raw = json.dumps(state, separators=(",", ":"), ensure_ascii=False).encode()
    return _PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str, fingerprint: str) -> dict[str, Position]:
    """The node positions of a composite cursor; ``BadInputError`` when malformed or made by another search."""
    try:
        if not text.startswith(_PREFIX):
            raise ValueError(text)
        body = text[len(_PREFIX) :]
        state = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        nodes = state["n"]
        positions = {
            str(node): Position(cursor if isinstance(cursor, str) else None, int(consumed))
            for node, (cursor, consumed) in nodes.items()
        }
        found = state["f"]
    except (ValueError, TypeError, KeyError, AttributeError, binascii.Error, UnicodeDecodeError) as e:
        raise BadInputError(
            f"after={text[:80]!r} is not a cursor of a federated search; pass the `cursor` or `pageInfo.endCursor` "
            "of an earlier page of the same search, or leave `after` out to start at the beginning",
            value=text,
        ) from e
    if found != fingerprint:
        raise BadInputError(
            f"after={text[:80]!r} is a cursor of another search; a cursor continues only the search (scope, search "
            "text, filter and sort) whose page it came from",
            value=text,
        )
    return positions
