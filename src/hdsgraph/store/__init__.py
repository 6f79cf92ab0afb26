"""The quad store behind one interface: embedded Oxigraph by default, a remote SPARQL 1.1 server by configuration."""

from hdsgraph.store.base import Bindings, GraphContent, GraphStore, ParsedGraph, Row
from hdsgraph.store.embedded import EmbeddedStore

__all__ = ["Bindings", "EmbeddedStore", "GraphContent", "GraphStore", "ParsedGraph", "Row"]
