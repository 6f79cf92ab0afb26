"""Parse a document with Oxigraph's parser and turn its syntax errors into ``ParseError``s that name the position.

JSON-LD goes through ``hdsgraph.rdfio.jsonld`` first, which resolves its contexts from the bundled copies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from hdsgraph.core.errors import ParseError, SourcePosition
from hdsgraph.core.formats import RdfFormat
from hdsgraph.rdfio.jsonld import parse_jsonld
from hdsgraph.rdfio.terms import from_ox

__all__ = ["OX_FORMATS", "parse_document", "to_rdflib_graph", "to_rdflib_triples"]

OX_FORMATS = {
    RdfFormat.TURTLE: ox.RdfFormat.TURTLE,
    RdfFormat.JSON_LD: ox.RdfFormat.JSON_LD,
    RdfFormat.RDF_XML: ox.RdfFormat.RDF_XML,
    RdfFormat.N_TRIPLES: ox.RdfFormat.N_TRIPLES,
    RdfFormat.N_QUADS: ox.RdfFormat.N_QUADS,
    RdfFormat.TRIG: ox.RdfFormat.TRIG,
}


def parse_document(document: bytes, format: RdfFormat, *, source: str, base_iri: str | None = None) -> list[ox.Triple]:
    """Every triple of ``document``, which must be one graph (no named graphs inside).

    ``source`` names the document in errors (a file name, a graph name). Nothing is fetched: JSON-LD contexts
    named by URL resolve from the bundled copies, and any other makes the parse fail.
    """
    if format is RdfFormat.JSON_LD:
        quads = parse_jsonld(document, source=source, base_iri=base_iri, without_named_graphs=True)
    else:
        quads = _parse(document, format, source=source, base_iri=base_iri)
    # Blank nodes are local to their document, but Oxigraph keeps labels as written and a store's blank nodes
    # are shared by all its graphs: two documents that both say _:b0 would describe one node. Give every
    # document fresh ones. A statement without blank nodes keeps the triple its quad already has: making a new
    # one costs ten times as much, and most statements have none.
    fresh: dict[str, ox.BlankNode] = {}
    blank, triple_term = ox.BlankNode, ox.Triple
    triples = []
    for q in quads:
        subject, value = q.subject, q.object
        if type(value) is triple_term or type(subject) is triple_term:
            raise ParseError(
                source,
                SourcePosition(),
                "RDF 1.2 triple terms (<<( … )>>) are not accepted; describe the statement with its own resource",
            )
        if type(subject) is blank or type(value) is blank:
            if type(subject) is blank:
                subject = fresh.setdefault(subject.value, blank())
            if type(value) is blank:
                value = fresh.setdefault(value.value, blank())
            triples.append(triple_term(subject, q.predicate, value))
        else:
            triples.append(q.triple)
    return triples


def _parse(document: bytes, format: RdfFormat, *, source: str, base_iri: str | None) -> list[ox.Quad]:
    try:
        return list(ox.parse(document, format=OX_FORMATS[format], base_iri=base_iri, without_named_graphs=True))
    except SyntaxError as e:
        raise ParseError(source, _position(e), _problem(e, format)) from e
    except ValueError as e:
        raise ParseError(source, SourcePosition(), f"{e}; expected {format.name} ({format.media_type})") from e


def _position(error: SyntaxError) -> SourcePosition:
    return SourcePosition(line=error.lineno, column=error.offset)


def _problem(error: SyntaxError, format: RdfFormat) -> str:
    message = error.msg
    # Oxigraph prefixes its message with the position, which ParseError already states.
    if message.startswith("Parser error"):
        message = message.split(": ", 1)[-1]
    return f"{message} (while reading {format.name}, {format.media_type})"


def to_rdflib_triples(triples: Iterable[ox.Triple]) -> list[tuple[Any, Any, Any]]:
    """The same triples in rdflib terms, without building a graph (which costs more than converting the terms)."""
    # Documents repeat their terms (predicates, types, the dataset's IRI): convert each once.
    terms: dict[Any, Any] = {}

    def term(t: Any) -> Any:
        found = terms.get(t)
        if found is None:
            found = terms[t] = from_ox(t)
        return found

    return [(term(t.subject), term(t.predicate), term(t.object)) for t in triples]


def to_rdflib_graph(triples: Iterable[ox.Triple]) -> Graph:
    """The same triples as an rdflib graph (what pyshacl reads). Literals keep their declared datatypes."""
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in to_rdflib_triples(triples))
    return graph
