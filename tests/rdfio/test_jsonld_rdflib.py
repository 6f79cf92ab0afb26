"""The triples equal those of rdflib's JSON-LD parser given the same bundled contexts (it may fetch nothing either).

rdflib is an independent JSON-LD 1.1 implementation; agreeing with it shows that what reaches Oxigraph (contexts
inlined, unreachable definitions left out) expands as the documents say.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rdflib.plugins.shared.jsonld.context as rdflib_context
from rdflib import Graph
from rdflib.compare import to_isomorphic

from hdsgraph.core.formats import RdfFormat
from hdsgraph.rdfio import bundled_contexts, parse_document, to_rdflib_graph
from tests.conftest import REFERENCE
from tests.rdfio._jsonld import BASE, FIXTURES

# rdflib links a property with an @graph container (a credential's proof, a presentation's credentials) to the
# node inside instead of to the graph: those documents are compared elsewhere, against fixed expected quads.
ONE_GRAPH_FIXTURES = ["dcat-ap-dataset", "dsp-dataset", "dsp-odrl-offer", "loire-legal-person-vc"]
EXAMPLES = REFERENCE / "gaiax" / "examples"
ONE_GRAPH_EXAMPLES = [
    *sorted((EXAMPLES / "loire-25.11").glob("*.json*")),
    *sorted((EXAMPLES / "dsp-2025-1").glob("*.json")),
    *sorted((EXAMPLES / "edc-federated-catalog").glob("*.json")),
    *sorted((REFERENCE / "dcat-ap-3.0.1" / "examples-hvd").glob("*.jsonld")),
]


@pytest.fixture(autouse=True)
def rdflib_loads_from_the_bundle(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    refused: list[str] = []

    def load(source: Any, *args: object, **kwargs: object) -> tuple[Any, None]:
        document = bundled_contexts().document(str(source))
        if document is None:
            refused.append(str(source))
            raise ValueError(f"rdflib asked for {source}, which is not bundled; nothing is fetched in tests")
        return copy.deepcopy(document), None

    monkeypatch.setattr(rdflib_context, "source_to_json", load)
    yield refused
    assert refused == []


def same_as_rdflib(document: bytes) -> None:
    ours = to_rdflib_graph(parse_document(document, RdfFormat.JSON_LD, source="doc.jsonld", base_iri=BASE))
    with warnings.catch_warnings():
        # rdflib's JSON-LD parser fills a plain Graph through its own deprecated ConjunctiveGraph.
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        theirs = Graph().parse(data=document.decode(), format="json-ld", base=BASE)
    assert len(ours) == len(theirs)
    assert to_isomorphic(ours) == to_isomorphic(theirs)


@pytest.mark.parametrize("name", ONE_GRAPH_FIXTURES)
def test_fixtures_give_rdflibs_triples(name: str) -> None:
    same_as_rdflib((FIXTURES / f"{name}.jsonld").read_bytes())


@pytest.mark.reference
@pytest.mark.skipif(not REFERENCE.is_dir(), reason="the standards' reference files are not beside this checkout")
@pytest.mark.parametrize("path", ONE_GRAPH_EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_official_examples_give_rdflibs_triples(path: Path) -> None:
    same_as_rdflib(path.read_bytes())
