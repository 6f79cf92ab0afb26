"""The namespaces hdsgraph speaks, as in STANDARDS.md. Plain strings, usable with rdflib and pyoxigraph alike."""

from __future__ import annotations

from urllib.parse import quote

from rdflib.term import URIRef

__all__ = [
    "ADMS",
    "CSVW",
    "CV",
    "DCAT",
    "DCATAP",
    "DCT",
    "DPV",
    "DPV_PD",
    "DQV",
    "EU_AUTHORITY",
    "FOAF",
    "GEODCATAP",
    "GX",
    "HDS",
    "HEALTHDCATAP",
    "HEALTH_AUTHORITY",
    "ODRL",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "VCARD",
    "XSD",
    "GraphNames",
]


class Namespace:
    """``DCT.title`` is the IRI ``…/terms/title``.

    Not a ``str`` (unlike rdflib's ``Namespace``), so that terms named like string methods (``title``,
    ``format``, ``count``) are IRIs too, not bound methods.
    """

    __slots__ = ("_base", "_terms")

    def __init__(self, base: str) -> None:
        self._base = base
        self._terms: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> URIRef:
        # Made once per term: resolvers name terms on every call, and rdflib checks each IRI it makes.
        term = self._terms.get(name)
        if term is None:
            term = self._terms[name] = URIRef(self._base + name)
        return term

    def __str__(self) -> str:
        return self._base

    def __repr__(self) -> str:
        return f"Namespace({self._base!r})"


ADMS = Namespace("http://www.w3.org/ns/adms#")
CSVW = Namespace("http://www.w3.org/ns/csvw#")
CV = Namespace("http://data.europa.eu/m8g/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
DCT = Namespace("http://purl.org/dc/terms/")
DPV = Namespace("https://w3id.org/dpv#")
DPV_PD = Namespace("https://w3id.org/dpv/dpv-pd#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
GEODCATAP = Namespace("http://data.europa.eu/930/")
# Gaia-X Loire (24.x/25.x) development namespace; Tagus 22.10 documents are mapped onto it on ingest.
GX = Namespace("https://w3id.org/gaia-x/development#")
HDS = Namespace("https://w3id.org/hdsgraph/ontology#")
# The only HealthDCAT-AP namespace the official files use (not healthdcat-ap.eu/ns#).
HEALTHDCATAP = Namespace("http://healthdataportal.eu/ns/health#")
ODRL = Namespace("http://www.w3.org/ns/odrl/2/")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
PROV = Namespace("http://www.w3.org/ns/prov#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

EU_AUTHORITY = Namespace("http://publications.europa.eu/resource/authority/")
HEALTH_AUTHORITY = Namespace("https://hdeu-dcat.data.health.europa.eu/resource/authority/")

PREFIXES: dict[str, str] = {
    "adms": str(ADMS),
    "csvw": str(CSVW),
    "cv": str(CV),
    "dcat": str(DCAT),
    "dcatap": str(DCATAP),
    "dct": str(DCT),
    "dpv": str(DPV),
    "dpv-pd": str(DPV_PD),
    "dqv": str(DQV),
    "foaf": str(FOAF),
    "geodcatap": str(GEODCATAP),
    "gx": str(GX),
    "hds": str(HDS),
    "healthdcatap": str(HEALTHDCATAP),
    "odrl": str(ODRL),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "vcard": str(VCARD),
    "xsd": str(XSD),
}


class GraphNames:
    """How the node names its named graphs.

    A published document lives in a graph of its own, named after its primary resource, so that a new version
    replaces exactly the old one. Ontologies and vocabularies live under ``urn:hdsgraph:ontology:``.
    """

    ONTOLOGY_PREFIX = "urn:hdsgraph:ontology:"
    DOCUMENT_PREFIX = "urn:hdsgraph:document:"

    @staticmethod
    def for_resource(iri: str) -> str:
        return f"{GraphNames.DOCUMENT_PREFIX}{iri}"

    @staticmethod
    def for_ontology(relative_path: str) -> str:
        # Percent-encoded, so that any file name makes a valid IRI.
        return f"{GraphNames.ONTOLOGY_PREFIX}{quote(relative_path, safe='/')}"
