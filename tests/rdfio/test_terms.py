"""Oxigraph terms as rdflib terms: plain literals made directly are rdflib's own, attribute for attribute."""

from __future__ import annotations

import hashlib
import inspect
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.term import Literal, URIRef, _castLexicalToPython

from hdsgraph.core.formats import RdfFormat
from hdsgraph.rdfio import parse_document
from hdsgraph.rdfio.terms import from_ox, plain_literal
from tests.conftest import ROOT

TEXTS = ["Bladder cancer cohort", "", " spaces  around ", "Präzisionsonkologie", "코호트", "line\nbreak", "😀", "42"]
TAGS = [None, "", "en", "fr", "de-ch-1996", "ko", "x-private", "zh-hant-tw", "i-klingon"]


def _attributes(literal: Literal) -> tuple[object, ...]:
    return (
        type(literal),
        str(literal),
        literal.language,
        literal.datatype,
        literal.value,
        literal.ill_typed,
        hash(literal),
        literal.n3(),
        literal.toPython(),
    )


@pytest.mark.parametrize("tag", TAGS)
def test_a_plain_literal_is_the_one_rdflibs_constructor_makes(tag: str | None) -> None:
    for text in TEXTS:
        made, expected = plain_literal(text, tag), Literal(text, lang=tag)
        assert _attributes(made) == _attributes(expected)
        assert made == expected and made.eq(expected)


def test_a_language_tag_rdflib_refuses_is_refused_as_rdflib_does() -> None:
    with pytest.raises(ValueError, match="not a valid language tag"):
        plain_literal("x", "not a tag")


def test_every_literal_of_the_seeds_converts_as_rdflibs_constructor_would() -> None:
    def slow(term: ox.Literal) -> Literal:
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))

    seen = 0
    for path in sorted((ROOT / "seeds").rglob("*.ttl")):
        for triple in parse_document(Path(path).read_bytes(), RdfFormat.TURTLE, source=str(path)):
            if isinstance(triple.object, ox.Literal):
                converted = from_ox(triple.object)
                assert isinstance(converted, Literal)
                assert _attributes(converted) == _attributes(slow(triple.object))
                seen += 1
    assert seen > 1000


# The rdflib code ``plain_literal`` follows, as read for rdflib 7.6.0: for a literal without datatype its value is
# its text and it is never ill-typed. A change means: re-read it, then record the new digest here.
@pytest.mark.parametrize(
    ("function", "digest"), [(Literal.__new__, "3ea79091813c0e46"), (_castLexicalToPython, "76864f122cef283c")]
)
def test_the_rdflib_code_plain_literals_follow_is_as_read(function: object, digest: str) -> None:
    assert hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16] == digest  # type: ignore[arg-type]
