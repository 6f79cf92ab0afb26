"""The GraphStore contract: every store implementation runs these tests through a ``store`` fixture.

A remote SPARQL store subclasses ``GraphStoreContract`` with its own fixture and passes the same tests.
"""

from __future__ import annotations

import io

import pytest
from rdflib import Literal, URIRef

from hdsgraph.core import model
from hdsgraph.core.errors import BadInputError, ParseError, QueryError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.rdfio import parse_document
from hdsgraph.store.base import Blank, GraphStore, Iri, ParsedGraph

G1 = "urn:hdsgraph:document:https://example.org/g1"
G2 = "urn:hdsgraph:document:https://example.org/g2"
EX = "https://example.org/"
DOC = b"""@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:title "Bladder cancer cohort"@en, "Cohorte cancer de la vessie"@fr ;
     ex:count "42"^^xsd:integer ;
     ex:next ex:b .
ex:b ex:title "Parkinson's disease cohort"@en .
"""
DOC2 = b'<https://example.org/c> <https://example.org/title> "replaced" .\n'


def _titles(store: GraphStore, graph: str | None = None) -> set[str]:
    rows = store.select(
        "SELECT ?t WHERE { GRAPH ?g { ?s <https://example.org/title> ?t } }",
        {"g": URIRef(graph)} if graph else None,
    )
    return {str(r["t"]) for r in rows}


class GraphStoreContract:
    def test_load_adds_a_documents_triples_to_a_named_graph(self, store: GraphStore) -> None:
        assert store.load(DOC, RdfFormat.TURTLE, G1) == 5
        assert store.graphs() == [G1]
        assert store.count(G1) == 5
        assert _titles(store, G1) == {
            "Bladder cancer cohort",
            "Cohorte cancer de la vessie",
            "Parkinson's disease cohort",
        }

    def test_load_of_a_broken_document_changes_nothing(self, store: GraphStore) -> None:
        store.load(DOC, RdfFormat.TURTLE, G1)
        with pytest.raises(ParseError) as caught:
            store.load(DOC + b'ex:c ex:title "unterminated .\n', RdfFormat.TURTLE, G2)
        assert caught.value.position.line == 7
        assert store.graphs() == [G1]
        assert store.count() == 5

    def test_replace_graph_swaps_its_content_and_nothing_else(self, store: GraphStore) -> None:
        store.load(DOC, RdfFormat.TURTLE, G1)
        store.load(DOC, RdfFormat.TURTLE, G2)
        assert store.replace_graph(G1, DOC2, RdfFormat.N_TRIPLES) == 1
        assert _titles(store, G1) == {"replaced"}
        assert store.count(G2) == 5

    def test_replace_graph_with_a_broken_document_keeps_the_old_content(self, store: GraphStore) -> None:
        store.load(DOC, RdfFormat.TURTLE, G1)
        with pytest.raises(ParseError):
            store.replace_graph(G1, b"<https://example.org/x> <broken", RdfFormat.N_TRIPLES)
        assert store.count(G1) == 5
        assert store.graphs() == [G1]

    def test_replace_graph_with_an_empty_document_empties_the_graph(self, store: GraphStore) -> None:
        store.load(DOC, RdfFormat.TURTLE, G1)
        assert store.replace_graph(G1, b"", RdfFormat.TURTLE) == 0
        assert not store.has_graph(G1)

    def test_replace_graphs_changes_several_graphs_in_one_step(self, store: GraphStore) -> None:
        store.load(DOC, RdfFormat.TURTLE, G1)
        store.load(DOC, RdfFormat.TURTLE, G2)
        g3 = "urn:hdsgraph:record:https://example.org/c"
        counts = store.replace_graphs(
            {
                G1: (DOC2, RdfFormat.N_TRIPLES),
                G2: None,
                g3: (b'<https://example.org/r> <https://example.org/title> "record" .\n', RdfFormat.N_TRIPLES),
            }
        )
        assert counts == {G1: 1, g3: 1}
        assert store.graphs() == sorted([G1, g3])
        assert _titles(store) == {"replaced", "record"}

    def test_replace_graphs_with_one_broken_document_changes_no_graph(self, store: GraphStore) -> None:
        store.load(DOC, RdfFormat.TURTLE, G1)
        with pytest.raises(ParseError):
            store.replace_graphs(
                {G1: (DOC2, RdfFormat.N_TRIPLES), G2: (b"<https://example.org/x> <broken", RdfFormat.N_TRIPLES)}
            )
        assert store.graphs() == [G1]
        assert store.count(G1) == 5

    def test_replace_graphs_stores_parsed_triples_in_new_graphs_as_a_load_would(self, store: GraphStore) -> None:
        inline = DOC + b'ex:b ex:part [ ex:title "inline" ] .\n'
        counts = store.replace_graphs(
            {
                G1: ParsedGraph(parse_document(inline, RdfFormat.TURTLE, source="test")),
                G2: ParsedGraph([]),
                "urn:x:g3": None,
            }
        )
        assert counts == {G1: 7, G2: 0}
        assert store.graphs() == [G1]
        loaded = "urn:hdsgraph:document:https://example.org/loaded"
        store.load(inline, RdfFormat.TURTLE, loaded)

        def plain(graph: str) -> set[tuple[str, object]]:
            rows = store.select_plain(
                "SELECT ?p ?o WHERE { GRAPH ?g { ?s ?p ?o FILTER(!isBlank(?o)) } }", {"g": URIRef(graph)}
            )
            return {(str(r["p"]), r["o"]) for r in rows}

        assert plain(G1) == plain(loaded)
        assert (EX + "count", model.Literal("42", None, "http://www.w3.org/2001/XMLSchema#integer")) in plain(G1)
        assert _titles(store, G1) >= {"inline", "Cohorte cancer de la vessie"}

    def test_replace_graphs_with_parsed_triples_replaces_graphs_it_holds(self, store: GraphStore) -> None:
        store.load(DOC, RdfFormat.TURTLE, G1)
        counts = store.replace_graphs(
            {
                G1: ParsedGraph(parse_document(DOC2, RdfFormat.N_TRIPLES, source="test")),
                G2: ParsedGraph(parse_document(DOC, RdfFormat.TURTLE, source="test")),
            }
        )
        assert counts == {G1: 1, G2: 5}
        assert _titles(store, G1) == {"replaced"}
        assert store.count(G2) == 5

    def test_replace_graphs_of_new_graphs_with_a_bad_graph_name_changes_nothing(self, store: GraphStore) -> None:
        with pytest.raises(BadInputError) as caught:
            store.replace_graphs(
                {
                    G1: ParsedGraph(parse_document(DOC, RdfFormat.TURTLE, source="test")),
                    "not a graph name": ParsedGraph(parse_document(DOC2, RdfFormat.N_TRIPLES, source="test")),
                }
            )
        assert "not a graph name" in caught.value.message
        assert store.graphs() == []
        assert store.count() == 0

    def test_drop_graph_removes_it_and_says_whether_it_existed(self, store: GraphStore) -> None:
        store.load(DOC, RdfFormat.TURTLE, G1)
        assert store.drop_graph(G1) is True
        assert store.drop_graph(G1) is False
        assert store.graphs() == []
        assert store.count() == 0

    def test_select_plain_gives_plain_terms(self, store: GraphStore) -> None:
        store.load(DOC + b'ex:b ex:part [ ex:title "inline" ] .\n', RdfFormat.TURTLE, G1)
        rows = store.select_plain(
            "SELECT ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"s": [URIRef(EX + "a"), URIRef(EX + "b")]}
        )
        values = {(str(r["p"]), r["o"]) for r in rows}
        assert (EX + "title", model.Literal("Cohorte cancer de la vessie", "fr", None)) in values
        assert (EX + "count", model.Literal("42", None, "http://www.w3.org/2001/XMLSchema#integer")) in values
        assert (EX + "next", Iri(EX + "b")) in values
        (blank,) = [o for p, o in values if p == EX + "part"]
        assert isinstance(blank, Blank)
        (inner,) = store.select_plain("SELECT ?t WHERE { GRAPH ?g { ?x <https://example.org/part> ?b . ?b ?p ?t } }")
        assert inner["t"] == model.Literal("inline", None, None)

    def test_select_binds_values_as_terms(self, store: GraphStore) -> None:
        store.load(DOC, RdfFormat.TURTLE, G1)
        rows = store.select(
            "SELECT ?t WHERE { GRAPH ?g { ?s <https://example.org/title> ?t } } ORDER BY ?t",
            {"s": URIRef(EX + "a")},
        )
        assert [str(r["t"]) for r in rows] == ["Bladder cancer cohort", "Cohorte cancer de la vessie"]
        assert rows[0]["t"] == Literal("Bladder cancer cohort", lang="en")

    def test_select_binds_a_sequence_as_alternatives(self, store: GraphStore) -> None:
        store.load(DOC, RdfFormat.TURTLE, G1)
        rows = store.select(
            "SELECT ?s WHERE { GRAPH ?g { ?s <https://example.org/title> ?t } FILTER(lang(?t) = 'en') }",
            {"s": [URIRef(EX + "a"), URIRef(EX + "b"), URIRef(EX + "missing")]},
        )
        assert sorted(str(r["s"]) for r in rows) == [EX + "a", EX + "b"]

    def test_bound_values_count_before_aggregation(self, store: GraphStore) -> None:
        store.load(DOC, RdfFormat.TURTLE, G1)
        rows = store.select(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            {"s": URIRef(EX + "b")},
        )
        assert int(rows[0]["n"]) == 1

    def test_a_bound_literal_cannot_change_the_query(self, store: GraphStore) -> None:
        store.load(DOC, RdfFormat.TURTLE, G1)
        hostile = Literal('x" } } DROP ALL ; SELECT * WHERE { ?s ?p "')
        rows = store.select("SELECT ?s WHERE { GRAPH ?g { ?s <https://example.org/title> ?t } }", {"t": hostile})
        assert rows == []
        assert store.count() == 5

    def test_a_bound_iri_with_delimiters_is_refused(self, store: GraphStore) -> None:
        with pytest.raises(BadInputError, match="not an absolute IRI"):
            store.select("SELECT ?s WHERE { ?s ?p ?o }", {"s": URIRef("https://e.org/> } DROP ALL { <x")})

    def test_ask_and_construct(self, store: GraphStore) -> None:
        store.load(DOC, RdfFormat.TURTLE, G1)
        assert store.ask("ASK WHERE { GRAPH ?g { ?s ?p ?o } }", {"s": URIRef(EX + "b")}) is True
        assert store.ask("ASK WHERE { GRAPH ?g { ?s ?p ?o } }", {"s": URIRef(EX + "zzz")}) is False
        graph = store.construct(
            "CONSTRUCT { ?s <https://example.org/label> ?t } WHERE { GRAPH ?g { ?s <https://example.org/title> ?t } }",
            {"s": URIRef(EX + "b")},
        )
        assert set(graph) == {
            (URIRef(EX + "b"), URIRef(EX + "label"), Literal("Parkinson's disease cohort", lang="en"))
        }

    def test_a_query_that_does_not_parse_is_a_query_error(self, store: GraphStore) -> None:
        with pytest.raises(QueryError):
            store.select("SELEKT ?s WHERE { ?s ?p ?o }")

    def test_export_writes_n_quads_that_load_back(self, store: GraphStore) -> None:
        store.load(DOC, RdfFormat.TURTLE, G1)
        store.load(DOC2, RdfFormat.N_TRIPLES, G2)
        out = io.BytesIO()
        store.export(out)
        lines = [line for line in out.getvalue().decode().splitlines() if line]
        assert len(lines) == 6
        assert all(line.endswith(" .") for line in lines)
        assert sum(f"<{G2}>" in line for line in lines) == 1
        # and it loads back: the same quads, graph by graph
        again = type(store)()  # type: ignore[call-arg]
        again.load(
            b"\n".join(line.encode().rsplit(b" <urn:", 1)[0] + b" ." for line in lines if f"<{G2}>" in line),
            RdfFormat.N_TRIPLES,
            G2,
        )
        assert again.count(G2) == store.count(G2)

    def test_blank_nodes_of_two_documents_stay_apart(self, store: GraphStore) -> None:
        store.load(
            b'<https://example.org/x> <https://example.org/p> _:b0 . _:b0 <https://example.org/title> "A" .',
            RdfFormat.TURTLE,
            G1,
        )
        store.replace_graph(
            G2,
            b'<https://example.org/y> <https://example.org/p> _:b0 . _:b0 <https://example.org/title> "B" .',
            RdfFormat.TURTLE,
        )
        rows = store.select(
            "SELECT ?t WHERE { GRAPH ?g { ?s <https://example.org/p> ?b } "
            "GRAPH ?h { ?b <https://example.org/title> ?t } }",
            {"s": URIRef(EX + "x")},
        )
        assert [str(r["t"]) for r in rows] == ["A"]

    def test_a_graph_name_that_is_not_an_iri_is_refused(self, store: GraphStore) -> None:
        with pytest.raises(BadInputError, match="is not a graph name"):
            store.replace_graph("not a graph", DOC2, RdfFormat.N_TRIPLES)
        assert store.graphs() == []

    def test_export_of_one_graph(self, store: GraphStore) -> None:
        store.load(DOC, RdfFormat.TURTLE, G1)
        store.load(DOC2, RdfFormat.N_TRIPLES, G2)
        out = io.BytesIO()
        store.export(out, G2)
        assert out.getvalue().decode().count("\n") == 1
