"""What ``/catalog`` serves, checked against the official shapes where they exist beside the checkout
(``../shared/reference``).

- The whole served catalogue conforms to the DCAT-AP 3.0.1 shapes (the split ``html-shacl/`` set).
- Each seed dataset, as served (its description, the catalogue's, and the link between them), conforms to the
  HealthDCAT-AP release 8 profile its access rights select, as the HealthDCAT-AP validator assembles it
  (``validator/config.properties``) over DCAT-AP 3.0.1, minus the one rule without ``sh:path`` that pyshacl refuses
  (the project enforces it with its own shapes).
- Without the datatype restoration, the official shapes would reject what the store holds: the check can fail.

The vocabulary concepts the data names come from ``ontologies/`` (``skos:inScheme`` and ``sh:class`` checks look
for them in the data graph).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from pyshacl.monkey import apply_patches
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import assign_baked_in
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH
from rdflib.term import Node as RdfNode
from starlette.applications import Starlette

from hdsgraph.app import create_app
from hdsgraph.catalogue.dcat_publication import HYDRA, DcatPublication
from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.vocab import DCAT, DCT, HEALTHDCATAP, RDF
from hdsgraph.node import Node
from tests.app._client import call
from tests.conftest import REFERENCE, ROOT
from tests.shapes._shapes import Result, describe, ontology_graph, reachable_vocabulary, report_results

pytestmark = [
    pytest.mark.reference,
    pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"official reference files not found at {REFERENCE}"),
]

SEED = "https://seed.hdsgraph.org/"
CATALOG = URIRef(SEED + "catalog")
SEED_DATASETS = sorted(SEED + "dataset/" + p.stem for p in (ROOT / "seeds" / "datasets").glob("*.ttl"))
ACCESS = "http://publications.europa.eu/resource/authority/access-right/"
PROFILES = {ACCESS + "PUBLIC": "public", ACCESS + "RESTRICTED": "restricted", ACCESS + "NON_PUBLIC": "non-public"}

DCAT_AP_FILES = tuple(
    f"dcat-ap-3.0.1/html-shacl/{name}"
    for name in (
        "shapes.ttl",
        "range.ttl",
        "shapes_recommended.ttl",
        "deprecateduris.ttl",
        "mdr-vocabularies.shape.ttl",
    )
)


def profile_files(profile: str) -> tuple[str, ...]:
    """The validator's file list for ``profile``, with DCAT-AP 3.0.1 for the DCAT-AP 3.0.0 files it imports (3.0.0
    wants dcat:byteSize as xsd:decimal)."""
    health = "healthdcat-ap-r8/validator"
    return (
        f"{health}/shapes/graph-guard.ttl",
        f"{health}/ranges/range.ttl",
        f"{health}/shapes/{profile}-shapes.ttl",
        f"{health}/controlled-vocabularies/mdr-vocabularies.shape.ttl",
        f"{health}/recommended/{profile}-shapes_recommended.ttl",
        *(f for f in DCAT_AP_FILES if not f.endswith("mdr-vocabularies.shape.ttl")),
    )


@functools.cache
def official_shapes(files: tuple[str, ...]) -> tuple[ShapesGraph, int]:
    """The shapes of ``files``, parsed once, and how many pathless property shapes were dropped from them."""
    graph = Graph()
    for name in files:
        graph.parse(REFERENCE / name, format="turtle")
    pathless = [(s, o) for s, o in graph.subject_objects(SH.property) if graph.value(o, SH.path) is None]
    for s, o in pathless:
        graph.remove((s, SH.property, o))
    apply_patches()  # type: ignore[no-untyped-call]
    assign_baked_in()  # type: ignore[no-untyped-call]
    shapes = ShapesGraph(graph)
    shapes.shapes  # noqa: B018 - build every shape now
    return shapes, len(pathless)


def violations(data: Graph, files: tuple[str, ...]) -> list[Result]:
    work = data + reachable_vocabulary(data, ontology_graph())
    validator = Validator(
        DataGraph.from_rdflib(work),
        shacl_graph=Graph(),
        options={"advanced": True, "inference": "none", "allow_warnings": True},
    )
    validator.shacl_graph = official_shapes(files)[0]
    _conforms, report, _text = validator.run()  # type: ignore[no-untyped-call]
    return [r for r in report_results(report) if r.severity == SH.Violation]


def closure(graph: Graph, root: RdfNode) -> Graph:
    """``root``'s statements and those of the nodes it reaches, not entering other datasets or catalogues."""
    found, seen, pending = Graph(), {root}, [root]
    while pending:
        node = pending.pop()
        for p, o in graph.predicate_objects(node):
            found.add((node, p, o))
            own = any((o, RDF.type, kind) in graph for kind in (DCAT.Dataset, DCAT.Catalog))
            if o not in seen and (o, None, None) in graph and not own:
                seen.add(o)
                pending.append(o)
    return found


def dataset_view(served: Graph, dataset: str) -> Graph:
    """One dataset as a harvester sees it in the catalogue: its description, the catalogue's, the link."""
    view = closure(served, URIRef(dataset))
    for s, p, o in closure(served, CATALOG):
        if not (s == CATALOG and p == DCAT.dataset):
            view.add((s, p, o))
    view.add((CATALOG, DCAT.dataset, URIRef(dataset)))
    return view


def pages(app: Starlette, accept: str) -> Iterator[Graph]:
    url: str | None = "/catalog"
    while url:
        response = call(app, "GET", url, headers={"Accept": accept})
        assert response.status_code == 200, response.text
        graph = Graph().parse(data=response.content, format="xml" if "xml" in accept else "turtle")
        yield graph
        page = next(graph.subjects(RDF.type, HYDRA.PagedCollection))
        following = graph.value(page, HYDRA.next)
        url = str(following) if following else None


@pytest.fixture(scope="module")
def app(seeded_node: Node) -> Starlette:
    return create_app(seeded_node, prepare=False)


@pytest.fixture(scope="module")
def served(app: Starlette) -> Graph:
    """The whole catalogue over HTTP, every page, in RDF/XML (what the EU platform's harvester asks for)."""
    graph = Graph()
    for page in pages(app, "application/rdf+xml"):
        graph += page
    return graph


def test_every_seed_dataset_is_served(served: Graph) -> None:
    assert sorted(str(d) for d in served.subjects(RDF.type, DCAT.Dataset)) == SEED_DATASETS


def test_turtle_and_rdf_xml_serve_the_same_graph(app: Starlette, served: Graph) -> None:
    turtle = Graph()
    for page in pages(app, "text/turtle"):
        turtle += page
    assert isomorphic(turtle, served)


def test_the_official_shape_sets_lose_only_the_pathless_rule() -> None:
    assert official_shapes(DCAT_AP_FILES)[1] == 0
    for profile in PROFILES.values():
        assert official_shapes(profile_files(profile))[1] == 1


def test_the_served_catalogue_conforms_to_dcat_ap_3_0_1(served: Graph) -> None:
    found = violations(served, DCAT_AP_FILES)
    assert found == [], describe(found)


@pytest.mark.parametrize("dataset", SEED_DATASETS, ids=lambda iri: iri.rsplit("/", 1)[-1])
def test_each_served_dataset_conforms_to_its_healthdcat_ap_profile(served: Graph, dataset: str) -> None:
    access = served.value(URIRef(dataset), DCT.accessRights)
    profile = PROFILES[str(access)]
    found = violations(dataset_view(served, dataset), profile_files(profile))
    assert found == [], f"{profile}:\n{describe(found)}"


def test_without_restored_datatypes_the_official_shapes_object(seeded_node: Node, tmp_path: Path) -> None:
    # An empty shapes directory declares no datatypes, so the store's collapsed xsd:integer values are served.
    raw = DcatPublication(seeded_node.store, seeded_node.index, iri_base=SEED, shapes_dir=tmp_path)
    page = raw.catalog_page(1, 100, lambda n: f"http://testserver/catalog?page={n}")
    served = Graph().parse(data=page.serialize(RdfFormat.TURTLE), format="turtle")
    dataset = SEED + "dataset/lih-bladder-cancer-cohort"
    found = violations(dataset_view(served, dataset), profile_files("non-public"))
    assert {r.path for r in found} >= {str(HEALTHDCATAP.numberOfRecords), str(DCAT.byteSize)}
