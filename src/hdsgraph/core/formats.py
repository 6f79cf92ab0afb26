"""RDF serialisation formats the node reads and writes, and how to recognise them."""

from __future__ import annotations

from enum import Enum
from pathlib import PurePath

from hdsgraph.core.errors import BadInputError

__all__ = ["RdfFormat"]


class RdfFormat(Enum):
    TURTLE = "text/turtle"
    JSON_LD = "application/ld+json"
    RDF_XML = "application/rdf+xml"
    N_TRIPLES = "application/n-triples"
    N_QUADS = "application/n-quads"
    TRIG = "application/trig"

    @property
    def media_type(self) -> str:
        return self.value

    @property
    def has_graphs(self) -> bool:
        """Whether documents of this format may name graphs themselves (datasets rather than graphs)."""
        return self in (RdfFormat.N_QUADS, RdfFormat.TRIG)

    @classmethod
    def from_path(cls, path: str | PurePath) -> RdfFormat:
        """The format a file name says it has.

        >>> RdfFormat.from_path("seeds/datasets/x.ttl").name
        'TURTLE'
        """
        suffix = PurePath(path).suffix.lower()
        try:
            return _BY_SUFFIX[suffix]
        except KeyError:
            accepted = ", ".join(sorted(_BY_SUFFIX))
            raise BadInputError(
                f"{path}: cannot tell the RDF format from the extension {suffix or '(none)'!r}; "
                f"accepted extensions: {accepted}",
                value=str(path),
            ) from None

    @classmethod
    def from_name(cls, name: str) -> RdfFormat:
        key = name.strip().upper().replace("-", "_")
        aliases = {"TTL": "TURTLE", "JSONLD": "JSON_LD", "XML": "RDF_XML", "NT": "N_TRIPLES", "NQ": "N_QUADS"}
        key = aliases.get(key, key)
        try:
            return cls[key]
        except KeyError:
            accepted = ", ".join(f.name for f in cls)
            raise BadInputError(f"unknown RDF format {name!r}; accepted: {accepted}", value=name) from None


_BY_SUFFIX = {
    ".ttl": RdfFormat.TURTLE,
    ".turtle": RdfFormat.TURTLE,
    ".jsonld": RdfFormat.JSON_LD,
    ".json": RdfFormat.JSON_LD,
    ".rdf": RdfFormat.RDF_XML,
    ".owl": RdfFormat.RDF_XML,
    ".xml": RdfFormat.RDF_XML,
    ".nt": RdfFormat.N_TRIPLES,
    ".nq": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG,
}
