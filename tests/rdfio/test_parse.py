"""Parsing a document into its triples: blank nodes of its own, triple terms refused."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from hdsgraph.core.errors import ParseError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.rdfio.parse import parse_document

DOCUMENT = b"""_:b0 <https://example.org/p> _:b0 .
<https://example.org/s> <https://example.org/q> _:b0 .
<https://example.org/s> <https://example.org/q> "plain" .
"""


def test_a_documents_blank_nodes_are_its_own_and_other_statements_unchanged() -> None:
    first = parse_document(DOCUMENT, RdfFormat.N_TRIPLES, source="first")
    second = parse_document(DOCUMENT, RdfFormat.N_TRIPLES, source="second")
    assert all(isinstance(t, ox.Triple) for t in first + second)
    blank = first[0].subject
    assert isinstance(blank, ox.BlankNode) and blank == first[0].object == first[1].object
    assert blank.value != "b0" and second[0].subject != blank  # fresh per document, never the label as written
    assert first[2] == ox.Triple(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/q"),
                                 ox.Literal("plain"))  # fmt: skip


def test_a_triple_term_is_refused_with_what_to_do_instead() -> None:
    nested = b"<https://example.org/s> <https://example.org/p> <<( <https://example.org/a> <https://example.org/b> "
    with pytest.raises(ParseError, match=r"triple terms .* are not accepted; describe the statement"):
        parse_document(nested + b"<https://example.org/c> )>> .", RdfFormat.N_TRIPLES, source="nested")
