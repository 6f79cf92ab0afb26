"""The work graph holds the document and the concepts it refers to, and answers every lookup as rdflib's graph does."""

from __future__ import annotations

import itertools

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.paths import OneOrMore
from rdflib.term import Node

from hdsgraph.core.vocab import DCAT, DCT, PREFIXES
from hdsgraph.validation._concepts import ConceptClosures, Triple
from hdsgraph.validation._work_graph import IndexStore, work_graph
from tests.conftest import ROOT
from tests.validation._full_shapes import vocabularies

BLADDER = ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl"
THEME = "http://publications.europa.eu/resource/authority/data-theme/"
HEAL = URIRef(THEME + "HEAL")
RELEVANT = frozenset({RDF.type, SKOS.inScheme, SKOS.prefLabel})


def walked(data: Graph, relevant: frozenset[Node] | None) -> set[Triple]:
    """The document and, from each IRI it uses as an object, every vocabulary triple the walk reaches."""
    vocabulary = vocabularies()
    found: set[Triple] = set(data)
    seen: set[Node] = set()
    pending = [o for o in data.objects() if isinstance(o, URIRef)]
    while pending:
        iri = pending.pop()
        if iri in seen:
            continue
        seen.add(iri)
        for s, p, o in vocabulary.triples((iri, None, None)):
            if relevant is None or p in relevant:
                found.add((s, p, o))
            if isinstance(o, URIRef):
                pending.append(o)
    return found


def bladder() -> Graph:
    return Graph().parse(BLADDER, format="turtle")


def describing_a_concept() -> Graph:
    """The document says what the vocabulary says about HEAL (once more), and something of its own."""
    graph = bladder()
    graph.add((HEAL, SKOS.inScheme, URIRef(THEME[:-1])))
    graph.add((HEAL, SKOS.prefLabel, Literal("Santé", lang="fr-x-test")))
    return graph


def patterns(triples: set[Triple]) -> list[tuple[Node | None, Node | None, Node | None]]:
    """Every pattern of every 10th triple (document and vocabulary alike), and some that match nothing."""
    found: set[tuple[Node | None, Node | None, Node | None]] = {(None, None, None)}
    for triple in sorted(triples)[::10]:
        for keep in itertools.product((True, False), repeat=3):
            found.add(tuple(t if k else None for t, k in zip(triple, keep, strict=True)))  # type: ignore[arg-type]
    found.add((URIRef("urn:absent"), None, None))
    found.add((None, URIRef("urn:absent"), None))
    found.add((None, None, URIRef("urn:absent")))
    return sorted(found, key=str)


@pytest.mark.parametrize("relevant", [None, RELEVANT], ids=["every-predicate", "some-predicates"])
@pytest.mark.parametrize("make", [bladder, describing_a_concept], ids=["document", "document-describing-a-concept"])
def test_the_work_graph_holds_the_document_and_the_concepts_the_walk_reaches(
    make: object, relevant: frozenset[Node] | None
) -> None:
    data = make()  # type: ignore[operator]
    work = work_graph(data, (), ConceptClosures(vocabularies(), relevant), PREFIXES.items())
    expected = walked(data, relevant)
    assert len(expected) > len(data), "the document must refer to vocabulary concepts, or this proves nothing"
    assert set(work) == expected
    assert len(work) == len(expected)


@pytest.mark.parametrize("make", [bladder, describing_a_concept], ids=["document", "document-describing-a-concept"])
def test_every_lookup_answers_as_an_rdflib_graph_with_the_same_triples(make: object) -> None:
    data = make()  # type: ignore[operator]
    work = work_graph(data, (), ConceptClosures(vocabularies(), RELEVANT), PREFIXES.items())
    plain = Graph()
    for triple in work:
        plain.add(triple)
    for s, p, o in patterns(set(plain)):
        assert sorted(work.triples((s, p, o))) == sorted(plain.triples((s, p, o))), (s, p, o)
        assert sorted(work.objects(s, p)) == sorted(plain.objects(s, p))
        assert sorted(work.subjects(p, o)) == sorted(plain.subjects(p, o))
        assert sorted(work.objects(s, p, unique=True)) == sorted(plain.objects(s, p, unique=True))
    dataset = next(plain.subjects(RDF.type, DCAT.Dataset))
    assert sorted(work.predicate_objects(dataset)) == sorted(plain.predicate_objects(dataset))
    assert sorted(work.subject_objects(DCAT.theme)) == sorted(plain.subject_objects(DCAT.theme))
    assert sorted(work.subjects(SKOS.inScheme, [URIRef(THEME[:-1])])) == sorted(
        plain.subjects(SKOS.inScheme, [URIRef(THEME[:-1])])
    )
    # A property path goes through rdflib's own evaluation.
    assert sorted(work.triples((dataset, DCAT.theme / (SKOS.inScheme * OneOrMore), None))) == sorted(
        plain.triples((dataset, DCAT.theme / (SKOS.inScheme * OneOrMore), None))
    )


def test_a_write_to_one_work_graph_changes_no_other() -> None:
    closures = ConceptClosures(vocabularies(), RELEVANT)
    first = work_graph(bladder(), (), closures, PREFIXES.items())
    second = work_graph(bladder(), (), closures, PREFIXES.items())
    before = set(second)
    first.add((HEAL, SKOS.prefLabel, Literal("changed")))
    first.remove((HEAL, SKOS.inScheme, None))
    assert (HEAL, SKOS.prefLabel, Literal("changed")) in first
    assert not list(first.objects(HEAL, SKOS.inScheme))
    assert set(second) == before
    assert set(work_graph(bladder(), (), closures, PREFIXES.items())) == before


def test_context_triples_are_held_and_bring_their_concepts() -> None:
    data = Graph()
    dataset = URIRef("urn:example:dataset")
    data.add((dataset, RDF.type, DCAT.Dataset))
    work = work_graph(data, [(dataset, DCAT.theme, HEAL)], ConceptClosures(vocabularies(), None), PREFIXES.items())
    assert (dataset, DCAT.theme, HEAL) in work
    assert URIRef(THEME[:-1]) in set(work.objects(HEAL, SKOS.inScheme))


def test_the_prefixes_are_bound_and_every_triple_reports_the_graph() -> None:
    work = work_graph(bladder(), (), ConceptClosures(vocabularies(), None), PREFIXES.items())
    assert dict(work.namespaces())["dct"] == URIRef(str(DCT))
    store = work.store
    assert isinstance(store, IndexStore)
    # pyshacl looks a blank node's graph up through the contexts the store reports.
    assert all(list(contexts) == [work] for _triple, contexts in itertools.islice(store.triples((None,) * 3), 20))
