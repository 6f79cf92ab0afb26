"""Contexts named anywhere in a document resolve from the bundle: at the top, on nested nodes, in arrays, in scoped
contexts, through @import, and through contexts that name other contexts."""

from __future__ import annotations

import json

import pyoxigraph as ox

from hdsgraph.core.formats import RdfFormat
from hdsgraph.rdfio import ContextSet, bundled_contexts, parse_document, parse_jsonld
from hdsgraph.rdfio._resolve import resolve_contexts
from tests.rdfio._jsonld import FIXTURES, parse

V1 = "https://www.w3.org/2018/credentials/v1"
LOIRE = "https://w3id.org/gaia-x/development#"
TAGUS = "https://registry.lab.gaia-x.eu/development/api/trusted-shape-registry/v1/shapes/jsonld/trustframework#"
ODRL_PROFILE = "https://w3id.org/dspace/2025/1/odrl-profile.jsonld"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
S = "https://example.org/s"


def triples(document: dict[str, object]) -> set[tuple[str, str, str]]:
    return {(q.subject.value, q.predicate.value, q.object.value) for q in parse(document)}


def test_a_context_on_a_nested_node_applies_there() -> None:
    # Tagus presentations name the trust framework on the credential subject only.
    document = {
        "@context": V1,
        "id": "https://example.org/vc",
        "type": "VerifiableCredential",
        "credentialSubject": {"@context": TAGUS, "id": S, "type": "gx:LegalParticipant", "gx:legalName": "Example"},
    }
    assert (S, RDF_TYPE, TAGUS + "LegalParticipant") in triples(document)
    assert (S, TAGUS + "legalName", "Example") in triples(document)


def test_an_array_mixes_urls_and_inline_contexts() -> None:
    document = {
        "@context": [V1, LOIRE, {"ex": "https://example.org/ns#"}],
        "id": S,
        "type": "gx:LegalPerson",
        "ex:note": "inline prefixes still count",
    }
    assert triples(document) >= {
        (S, RDF_TYPE, LOIRE + "LegalPerson"),
        (S, "https://example.org/ns#note", "inline prefixes still count"),
    }


def test_a_property_scoped_context_may_be_a_url() -> None:
    document = {
        "@context": {"subject": {"@id": "https://example.org/subject", "@context": LOIRE}},
        "@id": S,
        "subject": {"@id": "https://example.org/o", "@type": "LegalPerson"},
    }
    assert ("https://example.org/o", RDF_TYPE, LOIRE + "LegalPerson") in triples(document)


def test_a_local_context_may_import_a_bundled_one_and_override_it() -> None:
    document = {
        "@context": {"@version": 1.1, "@import": ODRL_PROFILE, "target": "https://example.org/ns#target"},
        "@id": "https://example.org/policy",
        "@type": "Offer",
        "target": "not an IRI any more",
    }
    assert triples(document) == {
        ("https://example.org/policy", RDF_TYPE, "http://www.w3.org/ns/odrl/2/Offer"),
        ("https://example.org/policy", "https://example.org/ns#target", "not an IRI any more"),
    }


def test_a_context_that_names_other_contexts_resolves_them_too() -> None:
    # The bundled DSP context imports its ODRL profile in type-scoped contexts; here a chain of plain references.
    contexts = ContextSet(
        {
            "https://c.example.org/outer": {
                "@context": ["https://c.example.org/inner", {"q": "https://example.org/q"}]
            },
            "https://c.example.org/inner": {"@context": {"p": "https://example.org/p"}},
        },
        documented_in="the test",
    )
    document = json.dumps({"@context": ["https://c.example.org/outer"], "@id": S, "p": "1", "q": "2"}).encode()
    quads = parse_jsonld(document, source="t.jsonld", contexts=contexts)
    assert {(q.predicate.value, q.object.value) for q in quads} == {
        ("https://example.org/p", "1"),
        ("https://example.org/q", "2"),
    }


def test_relative_references_inside_a_bundled_context_resolve_against_its_url() -> None:
    contexts = ContextSet(
        {
            "https://c.example.org/dir/outer": {"@context": "inner"},
            "https://c.example.org/dir/inner": {"@context": {"p": "https://example.org/p"}},
        },
        documented_in="the test",
    )
    document = json.dumps({"@context": "https://c.example.org/dir/outer", "@id": S, "p": "1"}).encode()
    assert len(parse_jsonld(document, source="t.jsonld", contexts=contexts)) == 1


def test_a_context_inside_an_explicit_json_literal_is_data() -> None:
    document = {
        "@id": S,
        "https://example.org/payload": {"@type": "@json", "@value": {"@context": "https://contexts.example.org/x"}},
    }
    (quad,) = parse(document)
    assert quad.object.value == '{"@context":"https://contexts.example.org/x"}'


def test_a_direction_is_dropped_and_the_language_kept() -> None:
    document = {
        "@context": {"@version": 1.1},
        "@id": S,
        "https://example.org/p": {"@value": "v", "@language": "ar", "@direction": "rtl"},
    }
    (quad,) = parse(document)
    assert quad.object == ox.Literal("v", language="ar")


def test_parse_document_reads_json_ld_through_the_bundle_with_fresh_blank_nodes() -> None:
    document = json.dumps(
        {"@context": [V1, TAGUS], "@id": S, "gx:headquarterAddress": {"gx:countrySubdivisionCode": "LU-LU"}}
    )
    first = parse_document(document.encode(), RdfFormat.JSON_LD, source="a.jsonld")
    second = parse_document(document.encode(), RdfFormat.JSON_LD, source="b.jsonld")
    assert len(first) == len(second) == 2
    assert {t.object for t in first if isinstance(t.object, ox.BlankNode)}.isdisjoint(t.object for t in second)


def test_a_bundled_context_array_takes_the_place_of_its_url() -> None:
    contexts = ContextSet(
        {
            "https://c.example.org/list": {
                "@context": [{"p": "https://example.org/p"}, {"q": "https://example.org/q"}]
            },
            "https://c.example.org/r": {"@context": {"r": "https://example.org/r"}},
        },
        documented_in="the test",
    )
    document = {
        "@context": ["https://c.example.org/list", {"s": "https://example.org/s"}, "https://c.example.org/r"],
        "@id": S,
        **{key: key for key in "pqrs"},
    }
    quads = parse_jsonld(json.dumps(document).encode(), source="t.jsonld", contexts=contexts)
    assert {q.predicate.value for q in quads} == {f"https://example.org/{key}" for key in "pqrs"}


def test_only_the_reachable_definitions_of_a_large_context_reach_oxigraph() -> None:
    data = json.loads((FIXTURES / "loire-legal-person-vc.jsonld").read_bytes())
    resolved = resolve_contexts(data, bundled_contexts(), base_iri=None).data
    credentials, gaia_x, _inline = resolved["@context"]
    assert "gx" in gaia_x and "@vocab" in gaia_x
    assert len(gaia_x) < 30 < len(bundled_contexts().document(LOIRE)["@context"])
    # The credentials context protects its terms: it stays whole, so redefining one still fails.
    assert credentials == bundled_contexts().document("https://www.w3.org/ns/credentials/v2")["@context"]
