"""Which named graph a document goes to.

A document lives in the graph of its primary resource (the catalogue, dataset, participant, offering or policy it
describes), so publishing a new version of the same resource replaces exactly the old one. A document with no
single primary resource goes to a graph named by its content hash.
"""

from __future__ import annotations

import hashlib

from rdflib import Graph
from rdflib.term import URIRef

from hdsgraph.core.vocab import DCAT, GX, ODRL, OWL, RDF, SKOS, GraphNames

__all__ = ["PRIMARY_TYPES", "graph_name_for", "primary_resource"]

# In order of precedence: a catalogue document also describes datasets, a dataset document its agents.
PRIMARY_TYPES: tuple[URIRef, ...] = (
    DCAT.Catalog,
    DCAT.Dataset,
    DCAT.DataService,
    GX.LegalPerson,
    GX.ServiceOffering,
    GX.DataResource,
    ODRL.Offer,
    ODRL.Agreement,
    ODRL.Set,
    ODRL.Policy,
    OWL.Ontology,
    SKOS.ConceptScheme,
)


def primary_resource(graph: Graph) -> URIRef | None:
    """The one IRI-named resource of the most important type in ``graph``, if there is exactly one."""
    for kind in PRIMARY_TYPES:
        found = {s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}
        if len(found) == 1:
            return found.pop()
        if found:
            return None
    return None


def graph_name_for(graph: Graph, data: bytes) -> str:
    primary = primary_resource(graph)
    if primary is not None:
        return GraphNames.for_resource(str(primary))
    return f"{GraphNames.DOCUMENT_PREFIX}sha256:{hashlib.sha256(data).hexdigest()}"
