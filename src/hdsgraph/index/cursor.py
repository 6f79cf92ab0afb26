"""Opaque keyset cursors: the sort key and IRI of the last dataset of a page, bound to the search that made it.

A cursor says *where* in the order a page ended, not *how many* came before, so datasets published or withdrawn
between two pages shift nothing: the next page starts right after that place.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass

from hdsgraph.core.errors import BadInputError

__all__ = ["Cursor", "decode", "encode", "fingerprint", "peek"]

_PREFIX = "c1."


@dataclass(frozen=True)
class Cursor:
    fingerprint: str  # the search (text, filters, sort) the cursor belongs to
    key: float | str | None  # the sort key of the dataset it points after; None when that dataset had none
    iri: str


def fingerprint(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def encode(cursor: Cursor) -> str:
    raw = json.dumps([cursor.fingerprint, cursor.key, cursor.iri], separators=(",", ":"), ensure_ascii=False)
    return _PREFIX + base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(text: str, expected_fingerprint: str) -> Cursor:
    """The cursor ``text`` encodes; ``BadInputError`` when it is malformed or was made by another search."""
    try:
        if not text.startswith(_PREFIX):
            raise ValueError(text)
        body = text[len(_PREFIX) :]
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        fp, key, iri = json.loads(raw)
        if not isinstance(fp, str) or not isinstance(iri, str) or not isinstance(key, float | int | str | None):
            raise ValueError(raw)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as e:
        raise BadInputError(
            f"after={text!r} is not a cursor of this node; pass the `cursor` or `pageInfo.endCursor` of an "
            "earlier page, or leave `after` out to start at the beginning",
            value=text,
        ) from e
    if fp != expected_fingerprint:
        raise BadInputError(
            f"after={text!r} is a cursor of another search; a cursor continues only the search (search text, "
            "filter and sort) whose page it came from",
            value=text,
        )
    return Cursor(fp, float(key) if isinstance(key, int) else key, iri)


def peek(text: str) -> Cursor:
    """The cursor ``text`` encodes, whichever search made it (to merge nodes' pages by their sort keys)."""
    cursor = decode(text, _fingerprint_of(text))
    return cursor


def _fingerprint_of(text: str) -> str:
    try:
        body = text[len(_PREFIX) :] if text.startswith(_PREFIX) else ""
        found = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))[0]
    except (ValueError, TypeError, IndexError, KeyError, binascii.Error, UnicodeDecodeError):
        return ""
    return found if isinstance(found, str) else ""
