"""The search side index: full text, filters, facets and sort keys of every dataset, derived from the graph."""

from hdsgraph.index.entry import IndexEntry
from hdsgraph.index.fields import FACET_FIELDS, Field
from hdsgraph.index.query import SearchQuery, SearchResult, SortKey
from hdsgraph.index.search_index import SearchIndex

__all__ = ["FACET_FIELDS", "Field", "IndexEntry", "SearchIndex", "SearchQuery", "SearchResult", "SortKey"]
