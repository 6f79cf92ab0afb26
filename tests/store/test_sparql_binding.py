from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef

from hdsgraph.core.errors import BadInputError, QueryError
from hdsgraph.store._sparql import bind, term_to_sparql


def test_values_go_to_the_top_of_the_where_clause_not_the_construct_template() -> None:
    q = bind("CONSTRUCT { ?s <urn:p> ?o } WHERE { ?s <urn:q> ?o }", {"s": URIRef("urn:x")})
    assert q == "CONSTRUCT { ?s <urn:p> ?o } WHERE { VALUES ?s { <urn:x> }  ?s <urn:q> ?o }"


def test_braces_and_where_inside_strings_iris_and_comments_are_skipped() -> None:
    q = 'PREFIX ex: <urn:{where}> # WHERE { fake\nSELECT ?s WHERE { ?s ex:p "WHERE {" }'
    bound = bind(q, {"s": URIRef("urn:x")})
    assert bound.endswith('SELECT ?s WHERE { VALUES ?s { <urn:x> }  ?s ex:p "WHERE {" }')


def test_literals_are_escaped() -> None:
    assert term_to_sparql(Literal('a"b\nc\\')) == '"a\\"b\\nc\\\\"'
    assert term_to_sparql(Literal("7", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))) == (
        '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'
    )


@pytest.mark.parametrize("value", [URIRef("not an iri"), URIRef("relative/path"), BNode("b0")])
def test_terms_that_cannot_be_bound_are_refused(value: URIRef | BNode) -> None:
    with pytest.raises(BadInputError):
        term_to_sparql(value)  # type: ignore[arg-type]


def test_variable_names_are_checked() -> None:
    with pytest.raises(BadInputError, match="not a SPARQL variable name"):
        bind("SELECT * WHERE { ?s ?p ?o }", {"s } DROP": URIRef("urn:x")})


def test_a_query_without_where_cannot_take_bindings() -> None:
    with pytest.raises(QueryError, match="WHERE"):
        bind("ASK { ?s ?p ?o }", {"s": URIRef("urn:x")})


@pytest.mark.parametrize("name", ["?where", "$where", "ex:where", "?my_where", "?whereabouts", "nowhere"])
def test_names_containing_where_are_not_the_keyword(name: str) -> None:
    query = f"PREFIX ex: <urn:x#> SELECT ?s WHERE {{ ?s ?p {name if name[0] in '?$' or ':' in name else '?o'} }}"
    query = query.replace("SELECT ?s WHERE", f"SELECT ?s {'?where ' if name == '?where' else ''}WHERE")
    bound = bind(query, {"s": URIRef("urn:x")})
    assert "WHERE { VALUES ?s { <urn:x> }" in bound


def test_a_binding_the_query_does_not_use_is_refused() -> None:
    with pytest.raises(QueryError, match="no variable"):
        bind("SELECT ?s WHERE { ?s ?p ?o }", {"x": URIRef("urn:x")})
    with pytest.raises(QueryError, match="no variable"):
        bind("SELECT ?s WHERE { ?s ?p ?os }", {"o": URIRef("urn:x")})
