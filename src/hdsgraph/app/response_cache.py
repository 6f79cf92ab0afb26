"""Whole GraphQL answers to repeated reads, kept while the graph does not change.

A catalogue is read far more than it is written, and clients repeat themselves: the same search from many
browsers, the facets of a landing page, a harvester's paging. An answer is kept under the exact request (method,
body or query string, negotiated media type) and the node's change count when it was computed; any change to the
graph makes every kept answer a miss. Only operations whose every root field reads this node's graph alone are kept
(``CACHEABLE_ROOTS``): nothing that depends on the caller, the clock or a peer.

Nothing silent: a kept answer carries ``x-hdsgraph-cache: hit`` and the change count it was computed at.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs

from graphql import (
    DocumentNode,
    EnumValueNode,
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    parse,
)

from hdsgraph.gql.schema import LIMITS

__all__ = ["CACHEABLE_ROOTS", "CACHE_HEADER", "CachedAnswer", "ResponseCache", "is_cacheable"]

CACHE_HEADER = "x-hdsgraph-cache"
# Root fields whose answer follows from the local graph and the request alone.
CACHEABLE_ROOTS = frozenset({"datasets", "dataset", "catalog", "__typename"})
# One answer may take at most this share of the cache, so that a few huge answers do not evict everything else.
_MAX_SHARE = 8


@dataclass(frozen=True)
class CachedAnswer:
    body: bytes
    status: int
    content_type: str
    changes: int


class ResponseCache:
    """An LRU of answers bounded by their bytes; thread-safe."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._answers: OrderedDict[tuple[str, bytes, str], CachedAnswer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def __len__(self) -> int:
        return len(self._answers)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def get(self, key: tuple[str, bytes, str], changes: int) -> CachedAnswer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is None or answer.changes != changes:
                self.misses += 1
                return None
            self._answers.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: tuple[str, bytes, str], answer: CachedAnswer) -> None:
        size = _size(key, answer)
        if size * _MAX_SHARE > self.max_bytes:
            return
        with self._lock:
            old = self._answers.pop(key, None)
            if old is not None:
                self._bytes -= _size(key, old)
            # Answers of an older graph can never be hit again: drop them before evicting current ones.
            if self._answers and next(reversed(self._answers.values())).changes != answer.changes:
                self._answers.clear()
                self._bytes = 0
            self._answers[key] = answer
            self._bytes += size
            while self._bytes > self.max_bytes:
                evicted_key, evicted = self._answers.popitem(last=False)
                self._bytes -= _size(evicted_key, evicted)


def _size(key: tuple[str, bytes, str], answer: CachedAnswer) -> int:
    return len(key[1]) + len(answer.body) + 200  # the tuple, the record and the dict slot, roughly


def is_cacheable(method: str, payload: bytes, query_string: str) -> bool:
    """Whether the request is a single read whose every root field is in ``CACHEABLE_ROOTS``.

    The body (POST) or query string (GET) is read as the GraphQL-over-HTTP spec says; anything unusual (a batch,
    a parse error, several operations without a name) is simply not cached and goes its normal way.
    """
    if method == "POST":
        try:
            request = json.loads(payload)
        except ValueError:
            return False
        if not isinstance(request, dict):
            return False
        query, operation = request.get("query"), request.get("operationName")
    elif method == "GET":
        params = parse_qs(query_string)
        query = params["query"][0] if "query" in params else None
        operation = params["operationName"][0] if "operationName" in params else None
    else:
        return False
    if not isinstance(query, str) or not (operation is None or isinstance(operation, str)):
        return False
    return _reads_local_graph(query, operation)


@lru_cache(maxsize=256)
def _reads_local_graph(query: str, operation: str | None) -> bool:
    try:
        document = parse(query, max_tokens=LIMITS["max_tokens"])
    except GraphQLError:
        return False
    chosen = _operation(document, operation)
    if chosen is None or chosen.operation is not OperationType.QUERY:
        return False
    for selection in chosen.selection_set.selections:
        # A fragment at the root could select anything: not worth following for a cache.
        if not isinstance(selection, FieldNode) or selection.name.value not in CACHEABLE_ROOTS:
            return False
        for argument in selection.arguments or ():
            # A search beyond this node (scope FEDERATED or CACHED) depends on peers and time.
            if argument.name.value == "scope" and not (
                isinstance(argument.value, EnumValueNode) and argument.value.value == "LOCAL"
            ):
                return False
    return True


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name is not None and o.name.value == name), None)
