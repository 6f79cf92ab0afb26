"""Every published document kept as received, by content hash: the history behind each record's versions.

Files are written before the store changes. A publish that then fails leaves a file no record names, which is
harmless (the same bytes published again find it) and invisible: history is what the records say.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from hdsgraph.core.errors import NotFoundError, StoreError

__all__ = ["DocumentArchive", "content_hash"]


def content_hash(data: bytes) -> str:
    return f"sha256:{hashlib.sha256(data).hexdigest()}"


class DocumentArchive:
    """``DocumentArchive(directory)`` on disk, ``DocumentArchive(None)`` in memory (tests, in-memory nodes)."""

    def __init__(self, directory: Path | None) -> None:
        self._directory = directory
        self._memory: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def put(self, data: bytes) -> str:
        """Keep ``data``; returns its content hash (``sha256:<hex>``)."""
        digest = content_hash(data)
        if self._directory is None:
            with self._lock:
                self._memory[digest] = data
            return digest
        path = self._path(digest)
        if path.exists():
            return digest
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
            # Written and renamed, not fsynced: as durable as the store's own transactions, which Oxigraph does not
            # sync to disk one by one either (a process that dies loses nothing; a power cut may lose the last).
            partial.write_bytes(data)
            partial.replace(path)  # atomic: a reader finds the whole file or none
        except OSError as e:
            raise StoreError(f"cannot keep the document in {self._directory}: {e}") from e
        return digest

    def get(self, digest: str) -> bytes:
        if self._directory is None:
            with self._lock:
                found = self._memory.get(digest)
        else:
            path = self._path(digest)
            found = path.read_bytes() if path.is_file() else None
        if found is None:
            raise NotFoundError(f"no document with content hash {digest!r} is kept", value=digest)
        return found

    def _path(self, digest: str) -> Path:
        algorithm, _, hexdigest = digest.partition(":")
        if algorithm != "sha256" or len(hexdigest) != 64 or not all(c in "0123456789abcdef" for c in hexdigest):
            raise NotFoundError(f"{digest!r} is not a content hash; give sha256:<64 hex digits>", value=digest)
        assert self._directory is not None
        return self._directory / hexdigest[:2] / hexdigest
