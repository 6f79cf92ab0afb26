"""Reading RDF documents: Oxigraph's parsers (fast, with precise positions) and conversion to rdflib for pyshacl."""

from hdsgraph.rdfio.parse import parse_document, to_rdflib_graph
from hdsgraph.rdfio.terms import from_ox, to_ox

__all__ = ["from_ox", "parse_document", "to_ox", "to_rdflib_graph"]
