"""The catalogue: reading resources, searching datasets, and keeping the search index derived from the graph."""

from hdsgraph.catalogue.indexing import DatasetIndexer, recover_pending, reindex
from hdsgraph.catalogue.reader import CatalogueReader, ReaderCacheView
from hdsgraph.catalogue.search import MAX_PAGE_SIZE, CatalogueSearch, FacetBucket, SearchPage

__all__ = [
    "MAX_PAGE_SIZE",
    "CatalogueReader",
    "CatalogueSearch",
    "DatasetIndexer",
    "FacetBucket",
    "ReaderCacheView",
    "SearchPage",
    "recover_pending",
    "reindex",
]
