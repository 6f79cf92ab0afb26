"""Opaque page cursors: clients pass them back unchanged; a cursor names the last item of the page before."""

from __future__ import annotations

import base64
import binascii

from hdsgraph.core.errors import BadInputError

__all__ = ["decode_cursor", "encode_cursor"]

_PREFIX = "ds1:"


def encode_cursor(dataset_iri: str) -> str:
    """
    >>> decode_cursor(encode_cursor("https://seed.hdsgraph.org/dataset/x"))
    'https://seed.hdsgraph.org/dataset/x'
    """
    return base64.urlsafe_b64encode(f"{_PREFIX}{dataset_iri}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    if not raw.startswith(_PREFIX) or len(raw) == len(_PREFIX):
        raise BadInputError(
            f"{cursor!r} is not a cursor of this node; pass an endCursor or edge cursor from an earlier page unchanged",
            value=cursor,
        )
    return raw[len(_PREFIX) :]
