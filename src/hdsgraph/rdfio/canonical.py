"""RDF Dataset Canonicalization (RDFC-1.0, the W3C name of URDNA2015) as a canonical N-Quads document.

Oxigraph relabels the blank nodes; the document is written here, term by term, by the canonical N-Quads rules of
RDFC-1.0 (§ "Canonical N-Quads"), so that signing input never depends on a serialiser's choices.

RDFC-1.0 is exponential in the worst case (blank nodes that only their neighbours can tell apart). Input comes from
strangers, so the work is bounded before Oxigraph starts: at most ``MAX_BLANK_NODES`` blank nodes, and no blank node
linked to more than ``MAX_TIED_NEIGHBOURS`` blank nodes that look identical (the permutations of such a group are
what blow up).

Known difference: Oxigraph stores language tags in lower case (``en-US`` becomes ``en-us``), as RDF allows; a
signer that keeps the written case produces a different signing input for such credentials.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from hdsgraph.core.errors import BadInputError

__all__ = ["MAX_BLANK_NODES", "MAX_TIED_NEIGHBOURS", "canonical_nquads", "nquad_line"]

MAX_BLANK_NODES = 2000
MAX_TIED_NEIGHBOURS = 8

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# RDFC-1.0 canonical N-Quads: these seven as ECHAR, every other C0 control and DEL as \uXXXX (upper-case hex).
_ECHAR = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_ESCAPES = {code: _ECHAR.get(chr(code), f"\\u{code:04X}") for code in [*range(0x20), 0x7F, ord('"'), ord("\\")]}


def canonical_nquads(quads: Iterable[ox.Quad]) -> str:
    """The canonical N-Quads document of ``quads``: canonical blank node labels, sorted lines each ending "\\n".

    >>> p = ox.NamedNode("https://example.org/p")
    >>> print(canonical_nquads([ox.Quad(ox.BlankNode("x"), p, ox.Literal('say "hi"'))]), end="")
    _:c14n0 <https://example.org/p> "say \\"hi\\"" .
    """
    dataset = ox.Dataset(quads)
    _check_bounds(dataset)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return "".join(sorted(nquad_line(quad) for quad in dataset))


def nquad_line(quad: ox.Quad) -> str:
    """One quad as a canonical N-Quads line, newline included."""
    parts = [_term(quad.subject), _term(quad.predicate), _term(quad.object)]
    if not isinstance(quad.graph_name, ox.DefaultGraph):
        parts.append(_term(quad.graph_name))
    return " ".join(parts) + " .\n"


def _term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        lexical = '"' + term.value.translate(_ESCAPES) + '"'
        if term.language:
            return f"{lexical}@{term.language}"
        datatype = term.datatype.value
        return lexical if datatype == _XSD_STRING else f"{lexical}^^<{datatype}>"
    raise BadInputError(
        f"{term!r} cannot be canonicalised; RDFC-1.0 covers IRIs, blank nodes and literals (no quoted triples)",
        term=repr(term),
    )


def _check_bounds(dataset: ox.Dataset) -> None:
    blank_quads: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in dataset:
        for name in {term.value for term in _positions(quad) if isinstance(term, ox.BlankNode)}:
            blank_quads[name].append(quad)
    if len(blank_quads) > MAX_BLANK_NODES:
        raise BadInputError(
            f"the document has {len(blank_quads)} blank nodes; canonicalisation accepts at most {MAX_BLANK_NODES} "
            "(give the nodes IRIs, or split the document)",
            blank_nodes=len(blank_quads),
            limit=MAX_BLANK_NODES,
        )
    first_degree = {name: _first_degree_hash(name, found) for name, found in blank_quads.items()}
    for name, found in blank_quads.items():
        neighbours = {t.value for q in found for t in _positions(q) if isinstance(t, ox.BlankNode)} - {name}
        ties = Counter(first_degree[other] for other in neighbours)
        if ties and max(ties.values()) > MAX_TIED_NEIGHBOURS:
            raise BadInputError(
                f"a blank node is linked to {max(ties.values())} blank nodes that are indistinguishable from each "
                f"other; canonicalisation accepts at most {MAX_TIED_NEIGHBOURS} (its cost grows factorially with "
                "them: give them IRIs or distinct properties)",
                tied_blank_nodes=max(ties.values()),
                limit=MAX_TIED_NEIGHBOURS,
            )


def _positions(quad: ox.Quad) -> tuple[object, object, object]:
    return quad.subject, quad.object, quad.graph_name


def _first_degree_hash(name: str, quads: list[ox.Quad]) -> str:
    # RDFC-1.0 §4.6: the node's own quads with itself as _:a and every other blank node as _:z.
    def rename(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            return ox.BlankNode("a" if term.value == name else "z")
        return term

    lines = sorted(
        nquad_line(ox.Quad(rename(q.subject), q.predicate, rename(q.object), rename(q.graph_name))) for q in quads
    )
    return hashlib.sha256("".join(lines).encode()).hexdigest()
