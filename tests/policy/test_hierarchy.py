from __future__ import annotations

from hdsgraph.policy import DictHierarchy, Hierarchy


def test_closures_are_reflexive_and_transitive() -> None:
    h = DictHierarchy(broader={"a": ["b"], "b": ["c"]}, part_of={"x": ["y"], "y": ["z"]}, types={"i": ["a"]})
    assert h.ancestors("a") == {"a", "b", "c"}
    assert h.part_of("x") == {"x", "y", "z"}
    assert h.types("i") == {"a", "b", "c"}
    assert h.types("a") == frozenset()
    assert isinstance(h, Hierarchy)


def test_cycles_end() -> None:
    # owl:equivalentClass restated as two subclass edges makes a cycle (dpv:Marketing and hds:AdvertisingOrMarketing).
    h = DictHierarchy(broader={"a": ["b"], "b": ["a"]})
    assert h.ancestors("a") == h.ancestors("b") == {"a", "b"}
