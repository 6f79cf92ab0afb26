"""What the node serves of the graph: triples, written in one of the formats harvesters read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from hdsgraph.core.errors import BadInputError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.vocab import PREFIXES, RDF, Namespace
from hdsgraph.rdfio.parse import OX_FORMATS
from hdsgraph.rdfio.terms import from_ox

__all__ = ["HYDRA", "SERVED_FORMATS", "Description", "Triple"]

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
# What /catalog and the dereferenceable IRIs serve: the four formats DCAT-AP harvesters read.
SERVED_FORMATS = (RdfFormat.TURTLE, RdfFormat.JSON_LD, RdfFormat.RDF_XML, RdfFormat.N_TRIPLES)
_SERIALISER_PREFIXES = {**PREFIXES, "hydra": str(HYDRA)}
_TYPE = ox.NamedNode(str(RDF.type))

Triple = Any  # a pyoxigraph Triple (pyoxigraph ships no type information)


@dataclass(frozen=True)
class Description:
    """Triples to serve, and the IRIs whose statements come first in the output."""

    triples: tuple[Triple, ...]
    lead: tuple[str, ...] = ()

    def serialize(self, format: RdfFormat) -> bytes:
        """The triples in ``format`` (one of ``SERVED_FORMATS``), subjects grouped and in a stable order: the
        IRIs of ``lead`` first, then other IRIs, then blank nodes. Oxigraph's writers, several times faster than
        rdflib's on a full page."""
        if format not in SERVED_FORMATS:
            accepted = ", ".join(f.media_type for f in SERVED_FORMATS)
            raise BadInputError(f"{format.media_type} is not served here; accepted: {accepted}", value=format.name)
        rank = {iri: n for n, iri in enumerate(self.lead)}

        def key(t: Triple) -> tuple[int, int, str, bool, str, str]:
            s = t.subject
            group = 0 if s.value in rank else 1 if isinstance(s, ox.NamedNode) else 2
            return (group, rank.get(s.value, 0), s.value, t.predicate != _TYPE, t.predicate.value, str(t.object))

        ordered = sorted(self.triples, key=key)
        if format is RdfFormat.N_TRIPLES:  # no prefixes to choose
            return bytes(ox.serialize(ordered, format=OX_FORMATS[format]) or b"")
        iris = {x.value for t in ordered for x in (t.subject, t.predicate, t.object) if isinstance(x, ox.NamedNode)}
        iris |= {t.object.datatype.value for t in ordered if isinstance(t.object, ox.Literal)}
        # Only the prefixes in use: all two dozen on a distribution's three lines would bury it.
        used = {p: ns for p, ns in _SERIALISER_PREFIXES.items() if any(i.startswith(ns) for i in iris)}
        body = bytes(ox.serialize(ordered, format=OX_FORMATS[format], prefixes=used) or b"")
        return _sorted_prefixes(body) if format is RdfFormat.TURTLE else body

    def graph(self) -> Graph:
        """The triples as an rdflib graph (for pyshacl, or to inspect them)."""
        graph = Graph()
        for prefix, namespace in _SERIALISER_PREFIXES.items():
            graph.bind(prefix, namespace, override=True)
        for t in self.triples:
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return graph


def _sorted_prefixes(turtle: bytes) -> bytes:
    """Turtle with its @prefix lines in order: Oxigraph writes them in hash order, which changes between runs."""
    lines = turtle.split(b"\n")
    head = 0
    while head < len(lines) and lines[head].startswith(b"@prefix "):
        head += 1
    return b"\n".join(sorted(lines[:head]) + lines[head:])
