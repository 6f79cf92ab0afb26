"""Binding values into SPARQL as RDF terms, shared by every store implementation.

Each bound variable becomes an inline ``VALUES`` block at the top of the query's WHERE clause. Terms are written
in their canonical N-Triples form after checking them, so a value can never change the shape of the query.
Inline data at the top of the WHERE clause (not a trailing VALUES clause) keeps aggregates, LIMIT and sub-queries
meaning what they say: a trailing VALUES is joined after them.
"""

from __future__ import annotations

import re

from rdflib.term import BNode, Literal, URIRef

from hdsgraph.core.errors import BadInputError, QueryError
from hdsgraph.store.base import Bindings

__all__ = ["bind", "term_to_sparql"]

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Characters that may not appear in an IRI reference (RFC 3987 and the SPARQL IRIREF production).
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def term_to_sparql(term: URIRef | Literal) -> str:
    """The SPARQL form of one term, checked.

    >>> term_to_sparql(URIRef("https://example.org/a"))
    '<https://example.org/a>'
    >>> term_to_sparql(Literal('say "hi"', lang="en"))
    '"say \\\\"hi\\\\""@en'
    """
    if isinstance(term, URIRef):
        return f"<{_checked_iri(str(term))}>"
    if isinstance(term, Literal):
        lexical = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            if not re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", term.language):
                raise BadInputError(f"{term.language!r} is not a language tag; give one like 'en' or 'de-CH'")
            return f'"{lexical}"@{term.language}'
        if term.datatype is not None:
            return f'"{lexical}"^^<{_checked_iri(str(term.datatype))}>'
        return f'"{lexical}"'
    if isinstance(term, BNode):
        raise BadInputError("a blank node cannot be bound into a query; bind an IRI or a literal")
    raise BadInputError(f"{term!r} is not an RDF term; bind an IRI (URIRef) or a Literal")


def _checked_iri(iri: str) -> str:
    bad = _BAD_IRI_CHARS.search(iri)
    if bad or ":" not in iri:
        raise BadInputError(
            f"{iri!r} is not an absolute IRI"
            + (f" (it contains {bad.group()!r})" if bad else "")
            + "; give one like https://example.org/dataset/1"
        )
    return iri


def bind(query: str, bindings: Bindings | None) -> str:
    """``query`` with each binding inlined as ``VALUES`` at the start of its WHERE clause.

    A binding's value is one term, or a sequence of terms for a variable that takes each in turn.
    """
    if not bindings:
        return query
    blocks = []
    for name, value in bindings.items():
        if not _VARIABLE.fullmatch(name):
            raise BadInputError(f"{name!r} is not a SPARQL variable name; use letters, digits and '_'", value=name)
        if not re.search(rf"[?$]{name}(?![A-Za-z0-9_])", query):
            # A binding the query never uses would silently match everything.
            raise QueryError(f"the query has no variable ?{name} to bind; bind only variables the query uses")
        values = [value] if isinstance(value, (URIRef, Literal, BNode)) else list(value)
        blocks.append(f"VALUES ?{name} {{ {' '.join(term_to_sparql(v) for v in values)} }}")
    at = _where_brace(query)
    return f"{query[: at + 1]} {' '.join(blocks)} {query[at + 1 :]}"


def _is_keyword(query: str, at: int, length: int) -> bool:
    """Whether the word at ``at`` stands alone: not part of ``?where``, ``ex:where`` or ``somewhere``."""
    before = query[at - 1] if at > 0 else " "
    after = query[at + length] if at + length < len(query) else " "
    return not (before.isalnum() or before in "?$:_-") and not (after.isalnum() or after in ":_-")


def _where_brace(query: str) -> int:
    """Index of the ``{`` that opens the top-level WHERE clause, skipping IRIs, strings and comments."""
    i, n = 0, len(query)
    seen_where = False
    while i < n:
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            triple = query[i : i + 3] in ('"""', "'''")
            quote = query[i : i + 3] if triple else c
            i += len(quote)
            while i < n and query[i : i + len(quote)] != quote:
                i += 2 if query[i] == "\\" else 1
            i += len(quote)
            continue
        elif c == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", query[i:]):
            i = query.index(">", i)
        elif query[i : i + 5].upper() == "WHERE" and _is_keyword(query, i, 5):
            seen_where = True
            i += 5
            continue
        elif c == "{" and seen_where:
            return i
        i += 1
    raise QueryError("bound values need a query with a WHERE { … } clause; write the WHERE keyword")
