"""JSON paths for error messages, and finding the part of a JSON-LD document that Oxigraph refused.

Oxigraph's JSON-LD errors carry no position. The part to blame is found by taking parts away: the first member
whose removal lets the document parse is where the problem is, and the search goes on inside it.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any

from hdsgraph.rdfio._resolve import Path, Resolved

__all__ = ["format_path", "locate"]

_PLAIN_KEY = re.compile(r"[@A-Za-z_][A-Za-z0-9_:@-]*")

# Each try parses the whole document again; a document that needs more is reported without a path rather than
# held up. Real credentials are found within a few dozen tries.
_MAX_TRIES = 200
_MAX_SECONDS = 1.0


def format_path(path: Path) -> str:
    """``$.credentialSubject.gx:legalAddress[0]``; keys that are not plain words are quoted.

    >>> format_path(("verifiableCredential", 0, "credentialSubject", "gx:legalAddress"))
    '$.verifiableCredential[0].credentialSubject.gx:legalAddress'
    >>> format_path(("a b",))
    '$["a b"]'
    """
    parts = ["$"]
    for step in path:
        if isinstance(step, int):
            parts.append(f"[{step}]")
        elif _PLAIN_KEY.fullmatch(step):
            parts.append(f".{step}")
        else:
            parts.append(f"[{json.dumps(step)}]")
    return "".join(parts)


def locate(resolved: Resolved, parses: Callable[[Any], bool], *, scalars: bool = True) -> Path | None:
    """The deepest member without which the document parses (``parses`` says whether one does), or ``None``.

    ``scalars=False`` stops at objects and arrays, for problems that belong to a node as a whole.
    """
    deadline = time.monotonic() + _MAX_SECONDS
    tries = 0

    def clears(path: Path, step: str | int) -> bool:
        nonlocal tries
        if tries >= _MAX_TRIES or time.monotonic() > deadline:
            raise _OutOfTries
        tries += 1
        return parses(_without(resolved.data, path, step))

    path: Path = ()
    node = resolved.data
    try:
        while isinstance(node, dict | list) and path not in resolved.reindexed:
            found = _blamed(node, path, clears, scalars=scalars)
            if found is None:
                break
            path = (*path, found)
            if path in resolved.foreign:
                # A bundled context: blame the place that names it, not its insides.
                return resolved.foreign[path]
            node = node[found]  # type: ignore[index]
    except _OutOfTries:
        pass
    return path or None


class _OutOfTries(Exception):
    pass


def _blamed(
    node: dict[str, Any] | list[Any], path: Path, clears: Callable[[Path, str | int], bool], *, scalars: bool
) -> str | int | None:
    """The member to search further: the first nested one whose removal clears the problem, or else the only one.

    A scalar is blamed only when it alone clears the problem: in ``{"@value": "x", "@type": "not an IRI"}`` taking
    either away helps, and the fault is the pair. Entries of a context array likewise: a term redefined against
    a protected one is cleared by dropping either context.
    """
    contexts = bool(path) and path[-1] == "@context"
    nested = [step for step in _candidates(node) if isinstance(_member(node, step), dict | list)]
    others = [step for step in _candidates(node) if step not in nested] if scalars else []
    if not contexts:
        for step in nested:
            if clears(path, step):
                return step
        nested = []
    cleared = [step for step in nested + others if clears(path, step)]
    return cleared[0] if len(cleared) == 1 else None


def _member(node: dict[str, Any] | list[Any], step: str | int) -> Any:
    return node[step]  # type: ignore[index]


def _candidates(node: dict[str, Any] | list[Any]) -> list[str | int]:
    if isinstance(node, list):
        return list(range(len(node)))

    # Data first, then keywords, and the context last: without its context a document loses the terms it defines, and
    # with them most of what could be wrong, so trying the context early would blame it for every problem.
    def rank(key: str | int) -> int:
        assert isinstance(key, str)
        nested = isinstance(node[key], dict | list)
        if key == "@context":
            return 4
        if key.startswith("@"):
            return 2 if nested else 3
        return 0 if nested else 1

    keys: list[str | int] = list(node)
    return sorted(keys, key=rank)


def _without(data: Any, path: Path, step: str | int) -> Any:
    """A copy of ``data`` without the member ``step`` of the node at ``path``; only the nodes on the path are copied."""
    if not path:
        if isinstance(data, list):
            assert isinstance(step, int)
            return data[:step] + data[step + 1 :]
        return {key: value for key, value in data.items() if key != step}
    head, *rest = path
    if isinstance(data, list):
        copy = list(data)
        copy[head] = _without(data[head], tuple(rest), step)  # type: ignore[index]
        return copy
    return {**data, head: _without(data[head], tuple(rest), step)}
