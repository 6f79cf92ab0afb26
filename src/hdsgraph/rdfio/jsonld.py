"""Read JSON-LD: JSON with positions in its errors, contexts from the bundled copies only, then Oxigraph's parser.

Oxigraph has no document loader here, so a document naming a context by URL would fail in it with a generic
message. Every context reference is replaced first by the bundled document's ``@context`` (see
``contexts/README.md``); an unknown one is a ``ParseError`` naming the URL. Nothing is ever fetched.

Known limit: the walk cannot tell a JSON literal (a term typed ``@json``) from document structure without
processing the contexts, so an ``@context`` entry inside such a literal is treated like a real one; one given as
an explicit ``{"@value": …}`` is left alone.
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox

from hdsgraph.core.errors import ParseError, SourcePosition
from hdsgraph.core.formats import RdfFormat
from hdsgraph.rdfio._contexts import ContextSet, bundled_contexts
from hdsgraph.rdfio._jsonpath import format_path, locate
from hdsgraph.rdfio._resolve import ContextProblem, Path, Resolved, resolve_contexts

__all__ = ["bundled_contexts", "parse_jsonld", "read_json"]

_FORMAT = f"(while reading {RdfFormat.JSON_LD.name}, {RdfFormat.JSON_LD.media_type})"


def parse_jsonld(
    document: bytes,
    *,
    source: str,
    base_iri: str | None = None,
    without_named_graphs: bool = True,
    contexts: ContextSet | None = None,
) -> list[ox.Quad]:
    """Every quad of the JSON-LD ``document``; contexts resolve from ``contexts`` (default: the bundled ones).

    ``without_named_graphs`` refuses documents that make named graphs (a credential's ``proof`` does).
    """
    data = read_json(document, source=source)
    try:
        resolved = resolve_contexts(data, contexts or bundled_contexts(), base_iri=base_iri)
    except ContextProblem as e:
        raise ParseError(source, SourcePosition(json_path=format_path(e.at)), e.message) from e
    try:
        quads = _oxigraph(resolved.data, base_iri, without_named_graphs)
    except SyntaxError as e:
        raise ParseError(source, _position(resolved, e.msg, base_iri, without_named_graphs), _problem(e.msg)) from e
    return [_without_direction(quad) for quad in quads]


def read_json(document: bytes, *, source: str) -> Any:
    """The JSON value of ``document``; a syntax error names its line and column, a repeated key its JSON path."""
    flagged: list[bool] = []

    def members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        value = dict(pairs)
        if len(value) == len(pairs):
            return value
        # JSON-LD reads every key, and a second value for one would silently replace the first here.
        flagged.append(True)
        keys = [key for key, _ in pairs]
        return _Repeated(value, next(key for i, key in enumerate(keys) if key in keys[:i]))

    def constant(name: str) -> Any:
        flagged.append(True)
        return _Constant(name)

    try:
        data = json.loads(document, parse_constant=constant, object_pairs_hook=members)
    except json.JSONDecodeError as e:
        raise ParseError(source, SourcePosition(line=e.lineno, column=e.colno), f"{e.msg} {_FORMAT}") from e
    except UnicodeDecodeError as e:
        before = e.object[: e.start]
        line = before.count(b"\n") + 1
        column = e.start - (before.rfind(b"\n") + 1) + 1
        raise ParseError(
            source,
            SourcePosition(line=line, column=column),
            f"the byte {e.object[e.start : e.start + 1]!r} is not UTF-8; JSON-LD documents are UTF-8 text {_FORMAT}",
        ) from e
    found = _first_flag(data, ()) if flagged else None
    if found is not None:
        path, problem = found
        raise ParseError(source, SourcePosition(json_path=format_path(path)), f"{problem} {_FORMAT}")
    return data


class _Repeated(dict[str, Any]):
    def __init__(self, value: dict[str, Any], key: str) -> None:
        super().__init__(value)
        self.key = key


class _Constant:
    def __init__(self, name: str) -> None:
        self.name = name


def _first_flag(value: Any, path: Path) -> tuple[Path, str] | None:
    if isinstance(value, _Constant):
        return path, f"{value.name} is not a JSON value (JSON has no NaN or Infinity; write a string or a number)"
    if isinstance(value, _Repeated):
        return path, f'the key "{value.key}" appears twice in this object; each key may appear once'
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for step, item in items:
        found = _first_flag(item, (*path, step))
        if found is not None:
            return found
    return None


def _oxigraph(data: Any, base_iri: str | None, without_named_graphs: bool) -> list[ox.Quad]:
    # ASCII escapes keep any string JSON allows (even a lone surrogate) encodable.
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return list(
        ox.parse(text, format=ox.RdfFormat.JSON_LD, base_iri=base_iri, without_named_graphs=without_named_graphs)
    )


def _position(resolved: Resolved, message: str, base_iri: str | None, without_named_graphs: bool) -> SourcePosition:
    def parses(candidate: Any) -> bool:
        try:
            _oxigraph(candidate, base_iri, without_named_graphs)
        except SyntaxError:
            return False
        return True

    # A named graph comes from a node as a whole (a credential's proof): blaming one of its members would mislead.
    path = locate(resolved, parses, scalars=not message.startswith("Named graphs"))
    return SourcePosition(json_path=format_path(path)) if path is not None else SourcePosition()


def _problem(message: str) -> str:
    if "LoadDocumentCallback" in message:
        # Every reference is resolved before Oxigraph sees the document; this is the safety net, and still no fetch.
        message = "the document names a JSON-LD context that was not resolved from the bundled copies (never fetched)"
    return f"{message} {_FORMAT}"


def _without_direction(quad: ox.Quad) -> ox.Quad:
    # Oxigraph turns @direction into RDF 1.2 directional language strings; JSON-LD 1.1's toRdf without the
    # rdfDirection option (the default) drops the direction and keeps the language, and rdflib cannot hold one.
    literal = quad.object
    if isinstance(literal, ox.Literal) and getattr(literal, "direction", None):
        return ox.Quad(
            quad.subject, quad.predicate, ox.Literal(literal.value, language=literal.language), quad.graph_name
        )
    return quad
