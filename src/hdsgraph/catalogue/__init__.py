"""Reading the catalogue: datasets, their agents, concepts and distributions, as plain model objects."""

from hdsgraph.catalogue.cursor import decode_cursor, encode_cursor
from hdsgraph.catalogue.reader import CatalogueReader

__all__ = ["CatalogueReader", "decode_cursor", "encode_cursor"]
