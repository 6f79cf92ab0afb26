"""Rejected JSON-LD: each error names where the problem is (line and column, or a JSON path) and what is accepted."""

from __future__ import annotations

import json

import pytest

from hdsgraph.core.errors import ParseError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.rdfio import ContextSet, parse_document, parse_jsonld
from hdsgraph.rdfio._resolve import MAX_CONTEXT_DEPTH
from tests.rdfio._jsonld import fixture_text, parse

V2 = "https://www.w3.org/ns/credentials/v2"
LOIRE = "https://w3id.org/gaia-x/development#"
UNKNOWN = "https://contexts.example.org/unknown.jsonld"


def error_of(document: bytes | str | dict[str, object], **options: object) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse(document, **options)  # type: ignore[arg-type]
    return caught.value


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ({"@context": UNKNOWN, "@id": "https://example.org/s"}, "$.@context"),
        ({"@context": [V2, UNKNOWN], "id": "https://example.org/s"}, "$.@context[1]"),
        (
            {"@context": V2, "credentialSubject": {"@context": UNKNOWN, "id": "https://example.org/s"}},
            "$.credentialSubject.@context",
        ),
        (
            {"@context": {"p": {"@id": "https://example.org/p", "@context": [UNKNOWN]}}, "p": {}},
            "$.@context.p.@context[0]",
        ),
        ({"@context": {"@version": 1.1, "@import": UNKNOWN}, "@id": "https://example.org/s"}, "$.@context.@import"),
    ],
    ids=["top", "in an array", "on a nested node", "scoped to a property", "imported"],
)
def test_an_unknown_context_is_an_error_naming_its_url_and_place(document: dict[str, object], path: str) -> None:
    error = error_of(document)
    assert error.position.json_path == path
    assert UNKNOWN in error.message
    assert "never fetched" in error.message
    assert "12 context URLs listed in hdsgraph/rdfio/contexts/README.md" in error.message


def test_a_relative_context_reference_resolves_against_the_base_and_is_refused() -> None:
    error = error_of({"@context": "context.jsonld", "@id": "s"}, base_iri="https://fixtures.example.org/doc")
    assert "context.jsonld" in error.message and "never fetched" in error.message


def test_a_short_list_of_accepted_contexts_is_spelled_out() -> None:
    contexts = ContextSet({"https://contexts.example.org/a": {"@context": {}}}, documented_in="the test")
    with pytest.raises(ParseError, match=r"accepted are https://contexts\.example\.org/a, or put the context inline"):
        parse_jsonld(json.dumps({"@context": UNKNOWN}).encode(), source="t.jsonld", contexts=contexts)


def chain(*links: tuple[str, object]) -> ContextSet:
    return ContextSet({url: {"@context": value} for url, value in links}, documented_in="the test")


@pytest.mark.parametrize(
    "contexts",
    [
        chain(("https://c.example.org/a", "https://c.example.org/a")),
        chain(
            ("https://c.example.org/a", ["https://c.example.org/b"]),
            ("https://c.example.org/b", "https://c.example.org/a#"),
        ),
        chain(
            (
                "https://c.example.org/a",
                {"p": {"@id": "https://e.example.org/p", "@context": "https://c.example.org/b"}},
            ),
            ("https://c.example.org/b", {"@import": "https://c.example.org/a"}),
        ),
    ],
    ids=["names itself", "two name each other", "through a scoped context and an import"],
)
def test_contexts_that_name_each_other_in_a_cycle_are_an_error(contexts: ContextSet) -> None:
    document = json.dumps({"@context": "https://c.example.org/a", "@id": "https://example.org/s"}).encode()
    with pytest.raises(ParseError, match="cycle") as caught:
        parse_jsonld(document, source="t.jsonld", contexts=contexts)
    assert caught.value.position.json_path == "$.@context"


def test_a_chain_of_contexts_deeper_than_the_limit_is_an_error() -> None:
    links = [(f"https://c.example.org/{i}", f"https://c.example.org/{i + 1}") for i in range(MAX_CONTEXT_DEPTH + 2)]
    contexts = chain(*links, (f"https://c.example.org/{MAX_CONTEXT_DEPTH + 2}", {}))
    document = json.dumps({"@context": "https://c.example.org/0"}).encode()
    with pytest.raises(ParseError, match=f"at most {MAX_CONTEXT_DEPTH} levels"):
        parse_jsonld(document, source="t.jsonld", contexts=contexts)


def test_a_chain_within_the_limit_resolves() -> None:
    links = [(f"https://c.example.org/{i}", [f"https://c.example.org/{i + 1}"]) for i in range(MAX_CONTEXT_DEPTH - 1)]
    contexts = chain(*links, (f"https://c.example.org/{MAX_CONTEXT_DEPTH - 1}", {"p": "https://e.example.org/p"}))
    document = json.dumps({"@context": "https://c.example.org/0", "@id": "https://example.org/s", "p": "v"}).encode()
    assert len(parse_jsonld(document, source="t.jsonld", contexts=contexts)) == 1


def test_a_json_syntax_error_names_line_and_column() -> None:
    document = b'{\n  "@id": "https://example.org/s",\n  "https://example.org/p": tru\n}'
    with pytest.raises(ParseError) as caught:
        parse_document(document, RdfFormat.JSON_LD, source="broken.jsonld")
    error = caught.value
    assert (error.position.line, error.position.column) == (3, 28)
    assert error.message.startswith("broken.jsonld: line 3, column 28: Expecting value")


def test_bytes_that_are_not_utf8_name_line_and_column() -> None:
    error = error_of(b'{\n "@id": "\xff"}')
    assert (error.position.line, error.position.column) == (2, 10)
    assert "not UTF-8" in error.message


@pytest.mark.parametrize(
    ("document", "path", "problem"),
    [
        (b'{"x": {"b": [1, {"a": 1, "a": 2}]}}', "$.x.b[1]", 'the key "a" appears twice'),
        (b'{"x": [1, NaN]}', "$.x[1]", "NaN is not a JSON value"),
    ],
)
def test_json_that_python_would_accept_silently_is_refused(document: bytes, path: str, problem: str) -> None:
    error = error_of(document)
    assert error.position.json_path == path
    assert problem in error.message


@pytest.mark.parametrize(
    ("member", "path"),
    [
        ({"gx:legalAddress": {"@value": "x", "@type": "not an IRI"}}, "$.credentialSubject.gx:legalAddress"),
        (
            {"schema:name": [{"@value": "x"}, {"@value": "y", "@language": 5}]},
            "$.credentialSubject.schema:name[1].@language",
        ),
        ({"gx:registrationNumber": {"id": 5}}, "$.credentialSubject.gx:registrationNumber.id"),
    ],
)
def test_oxigraph_errors_name_the_json_path(member: dict[str, object], path: str) -> None:
    document = {
        "@context": [V2, LOIRE, {"schema": "https://schema.org/"}],
        "id": "https://example.org/credential",
        "type": "VerifiableCredential",
        "credentialSubject": {"id": "https://example.org/subject", **member},
    }
    error = error_of(document)
    assert error.position.json_path == path
    assert f"at {path}: " in error.message


def test_redefining_a_protected_term_points_at_the_contexts() -> None:
    error = error_of({"@context": [V2, {"id": "https://example.org/id"}], "id": "https://example.org/credential"})
    assert error.position.json_path == "$.@context"
    assert "Overriding the protected term id" in error.message


def test_a_credential_with_a_proof_is_not_one_graph() -> None:
    # parse_document keeps a document to one graph; the proof of a credential is a named graph of its own.
    with pytest.raises(ParseError, match=r"at \$\.proof: Named graphs are not allowed"):
        parse_document(fixture_text("tagus-participant-vc").encode(), RdfFormat.JSON_LD, source="vc.jsonld")
