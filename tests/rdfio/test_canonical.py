"""RDFC-1.0 canonical N-Quads, checked against pyld's URDNA2015 as an independent implementation."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
import pytest

from hdsgraph.core.errors import BadInputError
from hdsgraph.rdfio import parse_jsonld
from hdsgraph.rdfio.canonical import MAX_BLANK_NODES, MAX_TIED_NEIGHBOURS, canonical_nquads, nquad_line

pyld = pytest.importorskip("pyld.jsonld")

EX = "https://example.org/"
P = ox.NamedNode(EX + "p")

DOCUMENTS: dict[str, Any] = {
    "nested blank nodes": {
        "@context": {"@vocab": EX},
        "@id": EX + "s",
        "knows": [{"name": "a", "knows": {"name": "b"}}, {"name": "c"}],
    },
    "escapes": {
        "@context": {"@vocab": EX},
        "@id": EX + "s",
        "text": ['quote " backslash \\ newline \n return \r tab \t', "é ü 😀 中文"],
    },
    "language tags and datatypes": {
        "@context": {"@vocab": EX, "xsd": "http://www.w3.org/2001/XMLSchema#"},
        "@id": EX + "s",
        "label": [{"@value": "Bonjour", "@language": "fr"}, {"@value": "Hallo", "@language": "de"}],
        "count": {"@value": "007", "@type": "xsd:integer"},
        "when": {"@value": "2024-01-01T00:00:00Z", "@type": "xsd:dateTime"},
    },
    "named graphs with blank nodes": {
        "@context": {"@vocab": EX},
        "@id": EX + "s",
        "proof": {"@graph": {"created": "now", "signer": {"name": "k"}}},
    },
    "symmetric blank nodes": {
        "@context": {"@vocab": EX},
        "@graph": [
            {"@id": "_:a", "next": {"@id": "_:b"}},
            {"@id": "_:b", "next": {"@id": "_:c"}},
            {"@id": "_:c", "next": {"@id": "_:a"}},
        ],
    },
}


def ours(document: Any) -> str:
    return canonical_nquads(parse_jsonld(json.dumps(document).encode(), source="t", without_named_graphs=False))


def theirs(document: Any) -> str:
    result: str = pyld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads"})
    return result


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_matches_pyld_urdna2015(name: str) -> None:
    document = DOCUMENTS[name]
    assert ours(document) == theirs(document)


def test_isomorphic_inputs_with_different_labels_give_one_document() -> None:
    def cycle(labels: list[str]) -> list[ox.Quad]:
        nodes = [ox.BlankNode(label) for label in labels]
        return [ox.Quad(nodes[i], P, nodes[(i + 1) % 3]) for i in range(3)] + [
            ox.Quad(nodes[0], ox.NamedNode(EX + "q"), ox.Literal("start"))
        ]

    first, second = canonical_nquads(cycle(["x", "y", "z"])), canonical_nquads(cycle(["n3", "n1", "n2"]))
    assert first == second
    assert "_:x" not in first and "_:c14n0" in first


def test_lines_are_sorted_and_each_ends_with_a_newline() -> None:
    quads = [ox.Quad(ox.NamedNode(EX + name), P, ox.Literal(name)) for name in "cab"]
    document = canonical_nquads(quads)
    lines = document.splitlines(keepends=True)
    assert lines == sorted(lines) and all(line.endswith(" .\n") for line in lines) and len(lines) == 3


def test_control_characters_are_escaped_as_rdfc_requires() -> None:
    # ECHAR for BS, HT, LF, FF, CR, quote and backslash; \uXXXX (upper-case hex) for the other controls and DEL.
    line = nquad_line(ox.Quad(ox.NamedNode(EX + "s"), P, ox.Literal('\b\t\n\f\r"\\\x00\x1f\x7f\x0b')))
    assert line == f'<{EX}s> <{EX}p> "\\b\\t\\n\\f\\r\\"\\\\\\u0000\\u001F\\u007F\\u000B" .\n'


def test_typed_and_language_literals_are_written_in_full() -> None:
    subject = ox.NamedNode(EX + "s")
    integer = ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert nquad_line(ox.Quad(subject, P, integer)).endswith('"5"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
    assert nquad_line(ox.Quad(subject, P, ox.Literal("x", language="en"))).endswith('"x"@en .\n')
    assert nquad_line(ox.Quad(subject, P, ox.Literal("x"))).endswith('"x" .\n')


def test_too_many_blank_nodes_are_refused_naming_the_limit() -> None:
    quads = [ox.Quad(ox.BlankNode(f"b{i}"), P, ox.Literal(str(i))) for i in range(MAX_BLANK_NODES + 1)]
    with pytest.raises(BadInputError, match=f"at most {MAX_BLANK_NODES}"):
        canonical_nquads(quads)


def test_a_clique_of_indistinguishable_blank_nodes_is_refused_before_the_work_explodes() -> None:
    nodes = [ox.BlankNode(f"n{i}") for i in range(MAX_TIED_NEIGHBOURS + 2)]
    quads = [ox.Quad(a, P, b) for a in nodes for b in nodes if a != b]
    with pytest.raises(BadInputError, match=f"at most {MAX_TIED_NEIGHBOURS}"):
        canonical_nquads(quads)


def test_a_few_indistinguishable_blank_nodes_are_fine() -> None:
    nodes = [ox.BlankNode(f"n{i}") for i in range(3)]
    quads = [ox.Quad(ox.NamedNode(EX + "s"), P, node) for node in nodes]
    assert canonical_nquads(quads).count("_:c14n") == 3
