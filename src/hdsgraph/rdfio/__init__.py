"""Reading RDF documents: Oxigraph's parsers (fast, with precise positions) and conversion to rdflib for pyshacl.

JSON-LD contexts resolve from the copies bundled in ``contexts/`` only; nothing is ever fetched.
"""

from hdsgraph.rdfio._contexts import ContextSet, bundled_contexts
from hdsgraph.rdfio.jsonld import parse_jsonld
from hdsgraph.rdfio.parse import parse_document, to_rdflib_graph, to_rdflib_triples
from hdsgraph.rdfio.terms import from_ox, to_ox

__all__ = [
    "ContextSet",
    "bundled_contexts",
    "from_ox",
    "parse_document",
    "parse_jsonld",
    "to_ox",
    "to_rdflib_graph",
    "to_rdflib_triples",
]
