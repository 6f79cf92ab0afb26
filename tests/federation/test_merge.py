"""Merging nodes' pages: every result exactly once across pages, by rank or by key, duplicates to their publisher."""

from __future__ import annotations

import random

import pytest

from hdsgraph.core.errors import BadInputError
from hdsgraph.federation.merge import Hit, NodePage, Position, decode_cursor, encode_cursor, merge

FP = "fingerprint"


class FakeNode:
    """A node's results in its own order, paged after its own cursors (its cursor is the result's position)."""

    def __init__(self, name: str, iris: list[str], keys: list[float] | None = None) -> None:
        self.name = name
        self.iris = iris
        self.keys = keys

    def page(self, at: Position, first: int) -> NodePage:
        start = int(at.cursor) + 1 if at.cursor is not None else 0
        chosen = range(start, min(start + first, len(self.iris)))
        hits = [Hit(self.iris[i], str(i), 1.0, (self.keys[i], self.iris[i]) if self.keys else ()) for i in chosen]
        return NodePage(self.name, hits, start + first < len(self.iris))


def page_through(nodes: list[FakeNode], first: int, *, by_rank: bool, owner=lambda iri: None) -> list[list[str]]:
    pages, after = [], None
    while True:
        positions = decode_cursor(after, FP) if after else {}
        merged = merge(
            [n.page(positions.get(n.name, Position()), first) for n in nodes],
            positions,
            first,
            fingerprint=FP,
            owner=owner,
            by_rank=by_rank,
        )
        pages.append([f"{m.node}:{m.hit.iri}" for m in merged.items])
        if not merged.has_next:
            return pages
        assert merged.positions != positions, "a page with more to come must move forward"
        after = merged.end_cursor
        assert len(pages) < 100


def test_by_rank_interleaves_nodes_in_configuration_order() -> None:
    nodes = [FakeNode("lu", ["a1", "a2", "a3"]), FakeNode("kr", ["b1", "b2"]), FakeNode("us", ["c1"])]
    pages = page_through(nodes, 4, by_rank=True)
    assert pages == [["lu:a1", "kr:b1", "us:c1", "lu:a2"], ["kr:b2", "lu:a3"]]


@pytest.mark.parametrize("first", [1, 2, 3, 5, 7, 20])
@pytest.mark.parametrize("by_rank", [True, False])
def test_paging_skips_and_repeats_nothing(first: int, by_rank: bool) -> None:
    rng = random.Random(first)
    nodes = []
    for name, size in (("lu", 17), ("kr", 5), ("us", 0), ("ch", 9)):
        keys = sorted(rng.randint(0, 10) for _ in range(size))
        nodes.append(FakeNode(name, [f"{name}-{i}" for i in range(size)], keys))
    pages = page_through(nodes, first, by_rank=by_rank)
    seen = [item for page in pages for item in page]
    assert sorted(seen) == sorted(f"{n.name}:{iri}" for n in nodes for iri in n.iris)
    assert len(seen) == len(set(seen))
    assert all(len(page) <= first for page in pages)
    if not by_rank:
        ordered = [(next(n for n in nodes if n.name == s.split(":")[0]), s.split(":")[1]) for s in seen]
        keys = [(n.keys[n.iris.index(iri)], iri) for n, iri in ordered]
        assert keys == sorted(keys), "merged by key, the whole sequence is in key order"


def test_a_duplicate_keeps_the_copy_of_the_node_that_owns_its_namespace() -> None:
    shared = "https://kr.example/dataset/x"
    nodes = [FakeNode("lu", [shared, "a1", "a2"]), FakeNode("kr", [shared, "b1"])]
    owner = lambda iri: "kr" if iri.startswith("https://kr.example/") else None  # noqa: E731
    for first in (2, 5):
        seen = [i for p in page_through(nodes, first, by_rank=True, owner=owner) for i in p]
        assert seen.count(f"kr:{shared}") == 1 and f"lu:{shared}" not in seen
        assert sorted(seen) == sorted(["lu:a1", "lu:a2", f"kr:{shared}", "kr:b1"])


def test_a_copy_is_shown_when_its_owner_does_not_send_it() -> None:
    # Every node may mint under the same namespace (a default base): owning it must not hide other nodes' datasets.
    nodes = [FakeNode("lu", ["https://seed/a1"]), FakeNode("kr", ["https://seed/b1", "https://seed/b2"])]
    owner = lambda iri: "lu" if iri.startswith("https://seed/") else None  # noqa: E731
    seen = [i for p in page_through(nodes, 1, by_rank=True, owner=owner) for i in p]
    assert seen == ["lu:https://seed/a1", "kr:https://seed/b1", "kr:https://seed/b2"]


def test_without_an_owner_the_first_node_in_order_wins_a_duplicate_in_the_same_window() -> None:
    nodes = [FakeNode("lu", ["x", "a1"]), FakeNode("kr", ["x", "b1"])]
    seen = [i for p in page_through(nodes, 10, by_rank=True) for i in p]
    assert seen == ["lu:x", "lu:a1", "kr:b1"]  # ranks: x (both), then a1 and b1 (lu first)


def test_cursors_name_their_search_and_refuse_garbage() -> None:
    cursor = encode_cursor(FP, {"lu": Position("c", 3)})
    assert decode_cursor(cursor, FP) == {"lu": Position("c", 3)}
    with pytest.raises(BadInputError, match="another search"):
        decode_cursor(cursor, "other")
    for bad in ("", "f1.!!!", "c1.abc", "f1." + "e30"):
        with pytest.raises(BadInputError, match="not a cursor of a federated search"):
            decode_cursor(bad, FP)
