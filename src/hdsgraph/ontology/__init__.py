"""The project ontology's reasoning: HermiT classifies it when it changes; everyone else reads the ``Closure``.

``classify`` (owlready2 + HermiT, needs Java) → ``Closure`` (frozen lookup tables: ``ancestors``, ``types``,
``part_of``, ``is_a``, ``is_part_of``) ⇄ N-Triples (the committed file, a node's cache, the store's named graph
``urn:hdsgraph:ontology:closure``), read with rdflib alone.
"""

from hdsgraph.ontology.closure import Closure
from hdsgraph.ontology.closure_graph import (
    CLOSURE_GRAPH,
    closure_from_graph,
    closure_to_ntriples,
    read_closure,
    write_closure,
)
from hdsgraph.ontology.reasoner import OntologyInconsistentError, classify, inputs_hash, java_available
from hdsgraph.ontology.shipped import ShippedOntology, load_closure

__all__ = [
    "CLOSURE_GRAPH",
    "Closure",
    "OntologyInconsistentError",
    "ShippedOntology",
    "classify",
    "closure_from_graph",
    "closure_to_ntriples",
    "inputs_hash",
    "java_available",
    "load_closure",
    "read_closure",
    "write_closure",
]
