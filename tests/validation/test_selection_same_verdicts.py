"""Choosing shapes per document changes no verdict: every seed, and broken variants, judged as the whole set judges.

The selective validator runs only the shapes with targets in the document (and what they reference); the
reference walks every shape with plain pyshacl. Each result is compared by focus node, path, constraint
component, severity and value, counting repeats.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from hdsgraph.core.vocab import DCAT, DCT, HEALTHDCATAP, XSD
from hdsgraph.validation import ShaclValidator
from tests.conftest import ROOT
from tests.validation._full_shapes import FullShapesValidator, outcome

SEEDS = sorted((ROOT / "seeds").rglob("*.ttl"))
GX = "https://w3id.org/gaia-x/development#"
ODRL = "http://www.w3.org/ns/odrl/2/"
THEME = "http://publications.europa.eu/resource/authority/data-theme/"


@functools.cache
def reference() -> FullShapesValidator:
    return FullShapesValidator()


def _read(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def _agree(validator: ShaclValidator, data: Graph) -> None:
    ours = outcome(validator.validate(data))
    assert ours == outcome(reference().validate(data))


@pytest.mark.parametrize("path", SEEDS, ids=[str(p.relative_to(ROOT / "seeds")) for p in SEEDS])
def test_every_seed_gets_the_verdict_of_the_whole_shape_set(validator: ShaclValidator, path: Path) -> None:
    _agree(validator, _read(path))


def _dataset(graph: Graph) -> URIRef:
    return next(s for s in graph.subjects(RDF.type, DCAT.Dataset) if isinstance(s, URIRef))


def without_title(graph: Graph) -> Graph:
    graph.remove((_dataset(graph), DCT.title, None))
    return graph


def decimal_record_count(graph: Graph) -> Graph:
    graph.set((_dataset(graph), HEALTHDCATAP.numberOfRecords, Literal("12.5", datatype=XSD.decimal)))
    return graph


def unknown_theme(graph: Graph) -> Graph:
    graph.add((_dataset(graph), DCAT.theme, URIRef(THEME + "NOT_A_THEME")))
    return graph


def distribution_as_publisher(graph: Graph) -> Graph:
    dataset = _dataset(graph)
    graph.set((dataset, DCT.publisher, next(graph.objects(dataset, DCAT.distribution))))
    return graph


def themes_described_in_document(graph: Graph) -> Graph:
    """The document describes vocabulary terms itself: HEAL as the vocabulary does (and more), a theme wrongly."""
    heal, scheme = URIRef(THEME + "HEAL"), URIRef(THEME[:-1])
    graph.add((heal, SKOS.inScheme, scheme))
    graph.add((heal, SKOS.prefLabel, Literal("Santé", lang="fr")))
    dataset, unknown = _dataset(graph), URIRef(THEME + "NOT_A_THEME")
    graph.add((dataset, DCAT.theme, heal))
    graph.add((dataset, DCAT.theme, unknown))
    graph.add((unknown, SKOS.inScheme, URIRef("http://example.org/another-scheme")))
    return graph


def without_legal_address(graph: Graph) -> Graph:
    graph.remove((None, URIRef(GX + "legalAddress"), None))
    return graph


def without_provider(graph: Graph) -> Graph:
    graph.remove((None, URIRef(GX + "providedBy"), None))
    return graph


def permission_without_action(graph: Graph) -> Graph:
    graph.remove((None, URIRef(ODRL + "action"), None))
    return graph


# One dataset of each access-rights profile (NON_PUBLIC, PUBLIC, RESTRICTED), a participant, an offering, a policy.
BROKEN: list[tuple[str, Callable[[Graph], Graph]]] = [
    (name, breaker)
    for name in (
        "datasets/clinnova-inflammatory-diseases-joint-cohort.ttl",
        "datasets/esante-medicinal-product-catalogue.ttl",
        "datasets/esante-health-professionals-directory.ttl",
    )
    for breaker in (
        without_title,
        decimal_record_count,
        unknown_theme,
        distribution_as_publisher,
        themes_described_in_document,
    )
] + [
    ("participants/lih.ttl", without_legal_address),
    ("offerings/cipherome-compass.ttl", without_provider),
    ("policies/lih-bladder-cancer-cohort.ttl", permission_without_action),
]


@pytest.mark.parametrize(("name", "breaker"), BROKEN, ids=[f"{n}-{b.__name__}" for n, b in BROKEN])
def test_broken_variants_get_the_verdict_of_the_whole_shape_set(
    validator: ShaclValidator, name: str, breaker: Callable[[Graph], Graph]
) -> None:
    data = breaker(_read(ROOT / "seeds" / name))
    report = validator.validate(data)
    assert not report.conforms, "the variant must be broken, or the comparison proves nothing"
    _agree(validator, data)
