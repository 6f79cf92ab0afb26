"""From the reasoner's answers and the files' SKOS links to the closure's lookup tables (pure Python, no reasoner).

>>> _reach({"a": {"b"}, "b": {"c"}, "c": {"a"}})["a"] == {"a", "b", "c"}
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from rdflib import Graph, URIRef

from hdsgraph.core.vocab import OWL, RDF, RDFS, SKOS
from hdsgraph.ontology.closure import Closure

__all__ = ["Derived", "asserted_types", "broader_links", "build_closure", "frozen", "is_meta"]

K = TypeVar("K")

# Namespaces whose terms describe the ontology itself, never a domain class an individual belongs to.
_META = (str(OWL), str(RDF), str(RDFS))


@dataclass
class Derived:
    """What one reasoner run found, as plain IRIs."""

    class_ancestors: dict[str, set[str]] = field(default_factory=dict)
    individual_types: dict[str, set[str]] = field(default_factory=dict)
    member_of: dict[str, set[str]] = field(default_factory=dict)
    probe_types: dict[tuple[str, str], set[str]] = field(default_factory=dict)


def frozen(table: Mapping[K, Iterable[str]]) -> dict[K, frozenset[str]]:
    return {key: frozenset(values) for key, values in table.items()}


def is_meta(iri: str) -> bool:
    return iri.startswith(_META)


def broader_links(graphs: Iterable[Graph]) -> dict[str, set[str]]:
    links: dict[str, set[str]] = {}
    for graph in graphs:
        for s, o in graph.subject_objects(SKOS.broader):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                links.setdefault(str(s), set()).add(str(o))
    return links


def asserted_types(graphs: Iterable[Graph]) -> dict[str, set[str]]:
    """rdf:type statements naming a domain class (skos:Concept, dpv:Purpose), not an OWL construct."""
    types: dict[str, set[str]] = {}
    for graph in graphs:
        for s, o in graph.subject_objects(RDF.type):
            if isinstance(s, URIRef) and isinstance(o, URIRef) and not is_meta(str(o)):
                types.setdefault(str(s), set()).add(str(o))
    return types


def _reach(edges: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """Every node reachable from each key, the key included (cycles, such as equivalent classes, are fine)."""
    result: dict[str, set[str]] = {}
    for start in edges:
        seen = {start}
        todo = [start]
        while todo:
            for nxt in edges.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        result[start] = seen
    return result


def build_closure(
    derived: Derived,
    *,
    broader: Mapping[str, set[str]],
    concepts: Iterable[str],
    vocabulary_types: Mapping[str, set[str]],
    content_hash: str,
    inputs: tuple[str, ...],
    reasoner: str,
) -> Closure:
    # Ancestors: the reasoner's superclasses joined with skos:broader, then closed again, because a purpose is a
    # class in hdsgraph.ttl and a concept in its SKOS view and either link may lead further up.
    edges: dict[str, set[str]] = {iri: set(up) for iri, up in derived.class_ancestors.items()}
    for iri in concepts:
        edges.setdefault(iri, set())
    for iri, up in broader.items():
        edges.setdefault(iri, set()).update(up)
    ancestors = _reach(edges)

    def lift(classes: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for cls in classes:
            out |= ancestors.get(cls, {cls})
        return out

    types: dict[str, set[str]] = {}
    for iri in derived.individual_types.keys() | vocabulary_types.keys():
        found = lift(derived.individual_types.get(iri, set()) | vocabulary_types.get(iri, set()))
        if found:
            types[iri] = found

    containment: dict[str, set[str]] = {}
    for table in (derived.member_of, broader):
        for iri, up in table.items():
            containment.setdefault(iri, set()).update(up)
    containers = {iri: reached - {iri} for iri, reached in _reach(containment).items() if reached - {iri}}

    entailments = {key: lift(found) for key, found in derived.probe_types.items() if found}
    return Closure(
        content_hash=content_hash,
        ancestors_of=frozen(ancestors),
        types_of=frozen(types),
        containers_of=frozen(containers),
        entailments=frozen(entailments),
        inputs=inputs,
        reasoner=reasoner,
    )
