from __future__ import annotations

import pytest

from hdsgraph.core.errors import BadInputError
from hdsgraph.core.formats import RdfFormat


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.ttl", RdfFormat.TURTLE),
        ("b.JSONLD", RdfFormat.JSON_LD),
        ("c.rdf", RdfFormat.RDF_XML),
        ("d.nt", RdfFormat.N_TRIPLES),
    ],
)
def test_format_from_extension(name: str, expected: RdfFormat) -> None:
    assert RdfFormat.from_path(name) is expected


def test_unknown_extension_names_the_file_and_the_accepted_ones() -> None:
    with pytest.raises(BadInputError, match=r"x\.csv: cannot tell the RDF format from the extension '\.csv'; accepted"):
        RdfFormat.from_path("x.csv")


def test_format_names_and_aliases() -> None:
    assert RdfFormat.from_name("json-ld") is RdfFormat.JSON_LD
    assert RdfFormat.from_name("ttl") is RdfFormat.TURTLE
    with pytest.raises(BadInputError, match="unknown RDF format 'yaml'; accepted: TURTLE, JSON_LD"):
        RdfFormat.from_name("yaml")
