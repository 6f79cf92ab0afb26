"""``Closure``: what the reasoner derived from the ontology, as frozen lookup tables.

The policy evaluator asks "is this purpose a kind of scientific research?" or "is Luxembourg part of the EEA?" on
every decision; a set lookup answers in well under a microsecond, where a reasoner would take seconds. The tables
are filled once, by ``classify`` (HermiT) when the ontology changes, or read back from a graph with no reasoner.

>>> c = Closure(
...     content_hash="h",
...     ancestors_of={"ex:Research": {"ex:Research", "ex:Purpose"}},
...     types_of={"ex:LU": {"ex:EUState"}},
...     containers_of={"ex:LU": {"ex:EU"}},
... )
>>> c.is_a("ex:Research", "ex:Purpose"), c.is_a("ex:LU", "ex:EUState"), c.is_part_of("ex:LU", "ex:EU")
(True, True, True)
>>> sorted(c.part_of("ex:LU")), sorted(c.ancestors("ex:Unknown"))
(['ex:EU', 'ex:LU'], ['ex:Unknown'])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = ["Closure"]

_EMPTY: frozenset[str] = frozenset()


def _freeze(table: Mapping[Any, Iterable[str]]) -> Mapping[Any, frozenset[str]]:
    # Read-only views over frozensets: callers may pass plain sets (the doctest above does).
    return MappingProxyType({key: frozenset(values) for key, values in table.items()})


@dataclass(frozen=True)
class Closure:
    """The inferred closure of an ontology, keyed by ``content_hash`` (the SHA-256 of the files it came from).

    - ``ancestors_of``: class or concept → itself, its superclasses and equivalent classes, and for SKOS concepts
      every ``skos:broader`` concept, transitively (purposes are both classes and concepts);
    - ``types_of``: individual → every class it belongs to, asserted or inferred, with their ancestors;
    - ``containers_of``: IRI → what contains it through ``hds:memberOf`` or ``skos:broader``, transitively
      (without the IRI itself, which ``part_of`` adds);
    - ``entailments``: (object property, value) → the classes any individual with that value belongs to, so that
      defined classes (``hds:AdequacyCoveredRecipient``) apply to participants the ontology never saw.
    """

    content_hash: str
    ancestors_of: Mapping[str, frozenset[str]] = field(default_factory=dict)
    types_of: Mapping[str, frozenset[str]] = field(default_factory=dict)
    containers_of: Mapping[str, frozenset[str]] = field(default_factory=dict)
    entailments: Mapping[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    # The files the closure came from (names), shown to whoever finds it stale.
    inputs: tuple[str, ...] = ()
    # Which reasoner derived it: informative only, so a closure read back equals the one derived.
    reasoner: str = field(default="", compare=False)
    _part_of: Mapping[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Frozen all the way down: the evaluator shares one closure across requests and threads.
        object.__setattr__(self, "ancestors_of", _freeze(self.ancestors_of))
        object.__setattr__(self, "types_of", _freeze(self.types_of))
        object.__setattr__(self, "containers_of", _freeze(self.containers_of))
        object.__setattr__(self, "entailments", _freeze(self.entailments))
        object.__setattr__(self, "inputs", tuple(self.inputs))
        # part_of includes the term itself; made once here, so that a lookup allocates nothing.
        object.__setattr__(self, "_part_of", {iri: up | {iri} for iri, up in self.containers_of.items()})

    def __hash__(self) -> int:
        # Equal closures have equal hashes of their inputs; the tables themselves are not hashable.
        return hash(self.content_hash)

    @classmethod
    def empty(cls) -> Closure:
        """A closure that knows nothing: every IRI is only itself."""
        return cls(content_hash="")

    def ancestors(self, iri: str) -> frozenset[str]:
        """``iri`` and every class or broader concept above it; an IRI the ontology does not know is only itself."""
        return self.ancestors_of.get(iri) or frozenset((iri,))

    def types(self, individual: str) -> frozenset[str]:
        """Every class ``individual`` belongs to, asserted or inferred, with their ancestors."""
        return self.types_of.get(individual, _EMPTY)

    def part_of(self, iri: str) -> frozenset[str]:
        """``iri`` and everything containing it (``hds:LU`` → ``hds:EU``, ``hds:EEA``)."""
        found: frozenset[str] | None = self._part_of.get(iri)
        return found if found is not None else frozenset((iri,))

    def entailed_types(self, prop: str, value: str) -> frozenset[str]:
        """The classes (with ancestors) of anything whose ``prop`` is ``value``: ``hds:jurisdiction hds:KR`` →
        ``hds:AdequacyCoveredRecipient``. Defined classes that need two facts at once are not covered."""
        return self.entailments.get((prop, value), _EMPTY)

    def agent_types(self, asserted: Iterable[str] = (), facts: Iterable[tuple[str, str]] = ()) -> frozenset[str]:
        """The classes of an agent the ontology does not hold (a participant), from its asserted types and its
        (property, value) facts."""
        found: set[str] = set()
        for cls in asserted:
            found |= self.ancestors(cls)
        for prop, value in facts:
            found |= self.entailed_types(prop, value)
        return frozenset(found)

    def is_a(self, x: str, cls: str) -> bool:
        """Whether ``x`` (a class, a concept or an individual) is ``cls``, a kind of it, or one of its members."""
        return cls in self.ancestors(x) or cls in self.types(x)

    def is_part_of(self, x: str, whole: str) -> bool:
        """Whether ``x`` is ``whole`` or contained in it."""
        return x == whole or whole in self.containers_of.get(x, _EMPTY)

    def counts(self) -> dict[str, int]:
        """How many entries each table holds (for ``hdsgraph reason`` and logs)."""
        return {
            "classes and concepts": len(self.ancestors_of),
            "individuals": len(self.types_of),
            "contained terms": len(self.containers_of),
            "entailments": len(self.entailments),
        }
