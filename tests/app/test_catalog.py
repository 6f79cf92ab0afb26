"""``/catalog`` and the dereferenceable IRIs over HTTP, in process, on the seeded node (read only)."""

from __future__ import annotations

import warnings
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from starlette.applications import Starlette

from hdsgraph.app import create_app
from hdsgraph.app.catalog import negotiate
from hdsgraph.catalogue.dcat_publication import HYDRA
from hdsgraph.core.config import Settings
from hdsgraph.core.errors import ConfigError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.vocab import DCAT, DCT, RDF, XSD
from hdsgraph.node import Node
from tests.app._client import call
from tests.conftest import ROOT

SEED = "https://seed.hdsgraph.org/"
BLADDER = SEED + "dataset/lih-bladder-cancer-cohort"
DATASETS = len(list((ROOT / "seeds" / "datasets").glob("*.ttl")))
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
PARSERS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
}


@pytest.fixture(scope="module")
def app(seeded_node: Node) -> Starlette:
    return create_app(seeded_node, prepare=False)


def parse(response: httpx.Response) -> Graph:
    media_type = response.headers["content-type"].split(";")[0]
    with warnings.catch_warnings():
        # rdflib's JSON-LD parser warns about its own use of ConjunctiveGraph
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=response.content, format=PARSERS[media_type])


def datasets(graph: Graph) -> set[str]:
    return {str(d) for d in graph.subjects(RDF.type, DCAT.Dataset)}


# -- content negotiation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("media_type", list(PARSERS))
def test_each_format_by_accept_holds_the_catalogue(app: Starlette, media_type: str) -> None:
    response = call(app, "GET", "/catalog", headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    graph = parse(response)
    assert len(datasets(graph)) == DATASETS
    assert len(set(graph.objects(URIRef(SEED + "catalog"), DCAT.dataset))) == DATASETS
    assert graph.value(URIRef(BLADDER), DCT.title) is not None


@pytest.mark.parametrize(("name", "media_type"), [("turtle", "text/turtle"), ("jsonld", "application/ld+json")])
def test_format_parameter_wins_over_accept(app: Starlette, name: str, media_type: str) -> None:
    response = call(app, "GET", f"/catalog?format={name}", headers={"Accept": "application/rdf+xml"})
    assert response.headers["content-type"].split(";")[0] == media_type
    assert len(datasets(parse(response))) == DATASETS


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, RdfFormat.TURTLE),
        ("*/*", RdfFormat.TURTLE),
        (BROWSER, RdfFormat.TURTLE),
        ("application/ld+json;q=0.5, application/rdf+xml", RdfFormat.RDF_XML),
        ("application/json", RdfFormat.JSON_LD),
        ("text/*", RdfFormat.TURTLE),
        ("text/turtle;q=0, */*", RdfFormat.JSON_LD),
        ("application/n-triples, */*;q=0.1", RdfFormat.N_TRIPLES),
    ],
)
def test_negotiation(accept: str | None, expected: RdfFormat) -> None:
    assert negotiate(accept) is expected


def test_a_browser_gets_turtle(app: Starlette) -> None:
    response = call(app, "GET", "/catalog", headers={"Accept": BROWSER})
    assert response.headers["content-type"].startswith("text/turtle")


@pytest.mark.parametrize("accept", ["text/html", "application/pdf", "text/turtle;q=0"])
def test_no_acceptable_format_is_406_listing_what_is(app: Starlette, accept: str) -> None:
    response = call(app, "GET", "/catalog", headers={"Accept": accept})
    assert response.status_code == 406
    body = response.json()
    assert body["code"] == "NOT_ACCEPTABLE"
    assert accept in body["message"]
    for media_type in PARSERS:
        assert media_type in body["message"]


def test_unknown_format_parameter_is_400(app: Starlette) -> None:
    response = call(app, "GET", "/catalog?format=csv")
    assert response.status_code == 400
    assert (
        "format='csv'" in response.json()["message"]
        and "turtle, jsonld, rdfxml, ntriples" in response.json()["message"]
    )


def test_headers_say_the_answer_depends_on_accept_and_where_this_representation_lives(app: Starlette) -> None:
    response = call(app, "GET", "/catalog", headers={"Accept": "application/ld+json"})
    assert response.headers["vary"] == "Accept"
    assert response.headers["content-location"] == "http://testserver/catalog?page=1&format=jsonld"


# -- paging ----------------------------------------------------------------------------------------------------


def test_hydra_links_are_absolute_urls_of_this_endpoint(app: Starlette) -> None:
    response = call(app, "GET", "/catalog?page=2&pageSize=10")
    graph = parse(response)
    page = URIRef("http://testserver/catalog?page=2&pageSize=10")
    assert (page, RDF.type, HYDRA.PagedCollection) in graph
    assert graph.value(page, HYDRA.totalItems) == Literal(str(DATASETS), datatype=XSD.nonNegativeInteger)
    assert graph.value(page, HYDRA.itemsPerPage) == Literal("10", datatype=XSD.nonNegativeInteger)
    expected = {"first": 1, "last": 4, "next": 3, "previous": 1}
    for name, n in expected.items():
        assert graph.value(page, HYDRA[name]) == URIRef(f"http://testserver/catalog?page={n}&pageSize=10")
    assert len(datasets(graph)) == 10
    assert 'rel="next"' in response.headers["link"] and 'rel="prev"' in response.headers["link"]


def test_following_next_visits_every_dataset_once(app: Starlette) -> None:
    url: str | None = "/catalog?pageSize=15&format=ntriples"
    seen: list[str] = []
    while url:
        response = call(app, "GET", url)
        assert response.headers["content-type"].startswith("application/n-triples")  # the format stays named
        graph = parse(response)
        seen += sorted(datasets(graph))
        page = next(graph.subjects(RDF.type, HYDRA.PagedCollection))
        following = graph.value(page, HYDRA.next)
        url = str(following) if following else None
    assert len(seen) == len(set(seen)) == DATASETS


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("page=0", "page='0'"),
        ("page=abc", "page='abc'"),
        ("page=1.5", "page='1.5'"),
        ("pageSize=0", "pageSize='0'"),
        ("pageSize=101", "pageSize='101'"),
        ("pageSize=ten", "pageSize='ten'"),
        ("page=%2B2", "page='+2'"),
    ],
)
def test_bad_paging_values_are_400_naming_them(app: Starlette, query: str, named: str) -> None:
    response = call(app, "GET", f"/catalog?{query}")
    assert response.status_code == 400
    message = response.json()["message"]
    assert named in message and "whole number from 1" in message


def test_a_page_past_the_last_is_404(app: Starlette) -> None:
    response = call(app, "GET", "/catalog?page=99")
    assert response.status_code == 404
    assert "page 99 is past the last page, 1" in response.json()["message"]


# -- dereferenceable IRIs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/dataset/lih-bladder-cancer-cohort", DCAT.Dataset),
        ("/distribution/lih-bladder-cancer-cohort-clinical", DCAT.Distribution),
        ("/participant/lih", URIRef("https://w3id.org/gaia-x/development#LegalPerson")),
        ("/policy/lih-bladder-cancer-cohort", URIRef("http://www.w3.org/ns/odrl/2/Offer")),
        ("/offering/cipherome-compass", URIRef("https://w3id.org/gaia-x/development#ServiceOffering")),
    ],
)
def test_minted_iris_dereference(app: Starlette, path: str, kind: URIRef) -> None:
    response = call(app, "GET", path, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert (URIRef(SEED + path.lstrip("/")), RDF.type, kind) in parse(response)
    assert response.headers["vary"] == "Accept"
    assert response.headers["content-location"] == f"http://testserver{path}?format=turtle"


def test_a_dataset_dereferences_in_json_ld(app: Starlette) -> None:
    response = call(app, "GET", "/dataset/lih-bladder-cancer-cohort", headers={"Accept": "application/ld+json"})
    graph = parse(response)
    assert graph.value(URIRef(BLADDER), DCAT.distribution) is not None


def test_a_distribution_is_described_without_the_rest_of_its_dataset(app: Starlette) -> None:
    graph = parse(call(app, "GET", "/distribution/lih-bladder-cancer-cohort-clinical"))
    assert graph.value(URIRef(BLADDER), DCT.title) is None
    assert (
        URIRef(BLADDER),
        DCAT.distribution,
        URIRef(SEED + "distribution/lih-bladder-cancer-cohort-clinical"),
    ) in graph


@pytest.mark.parametrize("path", ["/dataset/no-such-dataset", "/participant/nobody", "/distribution/%3Cx%3E"])
def test_unknown_iris_are_404_naming_them(app: Starlette, path: str) -> None:
    response = call(app, "GET", path)
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "NOT_FOUND" and SEED in body["message"] and "is described by this node" in body["message"]


def test_dereferencing_negotiates_too(app: Starlette) -> None:
    assert call(app, "GET", "/participant/lih", headers={"Accept": "application/pdf"}).status_code == 406


def test_the_iri_space_is_a_setting(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"HDSGRAPH_RESOURCES_DIR": str(ROOT), "HDSGRAPH_IRI_BASE": "https://node.example.org/"}, data_dir=tmp_path
    )
    assert settings.iri_base == "https://node.example.org/"
    node = Node.in_memory(settings)
    node.store.load(
        b"<https://node.example.org/participant/x> a <http://xmlns.com/foaf/0.1/Agent> .",
        RdfFormat.TURTLE,
        "urn:hdsgraph:document:https://node.example.org/participant/x",
    )
    response = call(create_app(node, prepare=False), "GET", "/participant/x")
    assert response.status_code == 200 and "<https://node.example.org/participant/x>" in response.text


@pytest.mark.parametrize("value", ["seed.hdsgraph.org/", "https://seed.hdsgraph.org", "https://x.org/a b/", "ftp://x/"])
def test_the_iri_base_must_be_an_absolute_http_base_ending_in_a_slash(value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"HDSGRAPH_IRI_BASE": value})
    assert f"HDSGRAPH_IRI_BASE={value!r} is not an IRI base" in caught.value.message


def test_a_page_number_of_any_size_is_only_past_the_end(app: Starlette) -> None:
    response = call(app, "GET", "/catalog?page=" + "9" * 40)
    assert response.status_code == 404
