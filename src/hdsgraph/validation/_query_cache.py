"""Prepared SPARQL for pyshacl: each query text is parsed and translated once per process, not once per call.

pyshacl hands rdflib the text of every SPARQL-based target and constraint on every validation, and rdflib's parser
(pyparsing) spends ~25 ms on each: most of the time of validating one dataset. rdflib's own ``prepareQuery`` gives
a ``Query`` meant to be evaluated many times with different bindings; this keeps one per (text, namespaces, base)
and hands it to rdflib instead of the text, which is the same evaluation rdflib documents for prepared queries.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from rdflib.plugins.sparql import processor
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.sparql import Query

__all__ = ["RDFLIB_QUERY", "FixedNamespaces", "install", "prepared"]

# rdflib's own method, kept so that a test can compare results with and without the cache.
RDFLIB_QUERY = processor.SPARQLProcessor.query

_MAX_ENTRIES = 512
_cache: OrderedDict[tuple[str, str | None, tuple[tuple[str, str], ...]], Query] = OrderedDict()
_lock = threading.Lock()
_installed = False


def _namespaces_key(init_ns: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, str(v)) for k, v in (init_ns or {}).items()))


class FixedNamespaces(dict[str, Any]):
    """A graph's prefixes as handed to a query, with their part of the cache key worked out once.

    Never changed after it is made: a graph whose prefixes change makes a new one.
    """

    def __init__(self, pairs: Any) -> None:
        super().__init__(pairs)
        self.cache_key = _namespaces_key(self)


def prepared(text: str, init_ns: Mapping[str, Any] | None, base: str | None) -> Query:
    """The query rdflib evaluates for ``text`` with these namespaces and base, parsed once."""
    known = init_ns.cache_key if isinstance(init_ns, FixedNamespaces) else None
    key = (text, base, known if known is not None else _namespaces_key(init_ns))
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    query = translateQuery(parseQuery(text), base, init_ns)
    with _lock:
        _cache[key] = query
        if len(_cache) > _MAX_ENTRIES:
            _cache.popitem(last=False)
    return query


def install() -> None:
    """Route rdflib's SPARQL processor through the cache (idempotent)."""
    global _installed
    if _installed:
        return
    original = RDFLIB_QUERY

    def query(
        self: processor.SPARQLProcessor,
        strOrQuery: str | Query,  # rdflib's parameter names
        initBindings: Mapping[str, Any] | None = None,
        initNs: Mapping[str, Any] | None = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            strOrQuery = prepared(strOrQuery, initNs, base)
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
    _installed = True
