"""What the evaluator needs to know about the world's hierarchies, behind a Protocol a test can hand-make.

The node passes the ontology's inferred closure; tests pass a :class:`DictHierarchy`. Either way the evaluator asks
only three questions, each answered with the term itself included:

- ``ancestors(iri)``: the term and every broader class or concept (``rdfs:subClassOf``, ``skos:broader``);
- ``part_of(iri)``: the term and every container (a country's unions, a dataset's collections, a party's groups);
- ``types(iri)``: every class an individual is an instance of, closed under ``ancestors``.

A hierarchy does not change once made (the node builds a new closure when its ontology changes): the evaluator keeps
its answers, and the explanations made from them, across requests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol, runtime_checkable

__all__ = ["DictHierarchy", "Hierarchy"]


@runtime_checkable
class Hierarchy(Protocol):
    def ancestors(self, iri: str) -> frozenset[str]: ...

    def part_of(self, iri: str) -> frozenset[str]: ...

    def types(self, iri: str) -> frozenset[str]: ...


def _closure(direct: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    """Reflexive-transitive closure of ``direct`` (child → parents); cycles are tolerated."""
    parents = {key: tuple(values) for key, values in direct.items()}
    done: dict[str, frozenset[str]] = {}
    for start in parents:
        seen = {start}
        stack = list(parents[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(parents.get(node, ()))
        done[start] = frozenset(seen)
    return done


class DictHierarchy:
    """A hierarchy from direct edges, closed once at construction.

    >>> h = DictHierarchy(broader={"ai": ["research"], "research": ["purpose"]}, part_of={"LU": ["EU"]})
    >>> sorted(h.ancestors("ai"))
    ['ai', 'purpose', 'research']
    >>> sorted(h.part_of("LU")), sorted(h.part_of("KR"))
    (['EU', 'LU'], ['KR'])
    """

    __slots__ = ("_ancestors", "_part_of", "_types")

    def __init__(
        self,
        *,
        broader: Mapping[str, Iterable[str]] | None = None,
        part_of: Mapping[str, Iterable[str]] | None = None,
        types: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self._ancestors = _closure(broader or {})
        self._part_of = _closure(part_of or {})
        closed: dict[str, frozenset[str]] = {}
        for individual, classes in (types or {}).items():
            found: set[str] = set()
            for cls in classes:
                found |= self.ancestors(cls)
            closed[individual] = frozenset(found)
        self._types = closed

    def ancestors(self, iri: str) -> frozenset[str]:
        found = self._ancestors.get(iri)
        return found if found is not None else frozenset((iri,))

    def part_of(self, iri: str) -> frozenset[str]:
        found = self._part_of.get(iri)
        return found if found is not None else frozenset((iri,))

    def types(self, iri: str) -> frozenset[str]:
        return self._types.get(iri, frozenset())
