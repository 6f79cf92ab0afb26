"""A document as it arrives: bytes, the format they are in, and a name to use in errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hdsgraph.core.errors import BadInputError
from hdsgraph.core.formats import RdfFormat

__all__ = ["Document"]


@dataclass(frozen=True)
class Document:
    source: str
    data: bytes
    format: RdfFormat

    @classmethod
    def from_file(cls, path: Path, format: RdfFormat | None = None) -> Document:
        if path.is_dir():
            raise BadInputError(f"{path} is a directory; give the RDF files in it (e.g. {path}/*.ttl)", value=str(path))
        if not path.is_file():
            raise BadInputError(f"{path}: no such file; give the path of an RDF document", value=str(path))
        return cls(source=str(path), data=path.read_bytes(), format=format or RdfFormat.from_path(path))
