from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from hdsgraph.catalogue import reindex
from hdsgraph.catalogue._datatypes import declared_datatypes, restore
from hdsgraph.catalogue.dcat_publication import HYDRA, MAX_PAGE_SIZE, DcatPublication, last_page
from hdsgraph.catalogue.quality import MAX_SCORE, assess, property_maps
from hdsgraph.core.errors import BadInputError, NotFoundError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.vocab import DCAT, DCT, DQV, FOAF, HEALTHDCATAP, RDF, XSD, GraphNames
from hdsgraph.index import SearchIndex
from hdsgraph.node import Node
from hdsgraph.store import EmbeddedStore
from hdsgraph.validation import ShaclValidator
from tests.conftest import ROOT

SHAPES = ROOT / "shapes"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue.ttl"
SEED = "https://seed.hdsgraph.org/"
BLADDER = SEED + "dataset/lih-bladder-cancer-cohort"
CLINICAL = SEED + "distribution/lih-bladder-cancer-cohort-clinical"
EX = "https://example.org/"
SEED_DATASETS = sorted(SEED + "dataset/" + p.stem for p in (ROOT / "seeds" / "datasets").glob("*.ttl"))
INTEGER_TYPED = (
    HEALTHDCATAP.minTypicalAge,
    HEALTHDCATAP.maxTypicalAge,
    HEALTHDCATAP.numberOfRecords,
    HEALTHDCATAP.numberOfUniqueIndividuals,
    DCAT.byteSize,
)


def url(n: int) -> str:
    return f"http://node.example/catalog?page={n}"


@pytest.fixture(scope="module")
def seeded(seeded_node: Node) -> DcatPublication:
    return DcatPublication(seeded_node.store, seeded_node.index, iri_base=SEED, shapes_dir=SHAPES)


@pytest.fixture(scope="module")
def small() -> DcatPublication:
    """The fixture catalogue: three datasets in one graph, no dcat:Catalog."""
    store = EmbeddedStore()
    store.load(FIXTURE.read_bytes(), RdfFormat.TURTLE, "urn:hdsgraph:document:test")
    index = SearchIndex()
    reindex(store, index)
    return DcatPublication(store, index, iri_base=EX, shapes_dir=SHAPES, catalog_title="Test node")


# -- datatypes -------------------------------------------------------------------------------------------------


def test_the_shapes_declare_the_integer_types_healthdcat_ap_demands() -> None:
    declared = declared_datatypes(SHAPES)
    assert {declared[str(p)] for p in INTEGER_TYPED} == {str(XSD.nonNegativeInteger)}
    assert declared[str(HEALTHDCATAP.hasStructuredData)] == str(XSD.boolean)
    # dct:issued takes a date, a dateTime, a gYear …: no single type to restore
    assert str(DCT.issued) not in declared


def test_datatypes_inside_sh_or_count_and_disagreeing_shapes_declare_nothing(tmp_path: Path) -> None:
    (tmp_path / "s.ttl").write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        [] sh:path <http://ex.org/count> ; sh:or ( [ sh:datatype xsd:positiveInteger ] ) .
        [] sh:path <http://ex.org/size> ; sh:datatype xsd:long .
        [] sh:path <http://ex.org/size> ; sh:datatype xsd:int .
        [] sh:path ( <http://ex.org/a> <http://ex.org/b> ) ; sh:datatype xsd:int .
        """,
        encoding="utf-8",
    )
    assert declared_datatypes(tmp_path) == {"http://ex.org/count": str(XSD.positiveInteger)}


def _integer(value: str) -> object:
    return ox.Literal(value, datatype=ox.NamedNode(str(XSD.integer)))


@pytest.mark.parametrize(
    ("declared", "stored", "restored"),
    [
        ("nonNegativeInteger", _integer("18"), "nonNegativeInteger"),
        ("nonNegativeInteger", _integer("-3"), "integer"),  # out of range: left as it is
        ("positiveInteger", _integer("0"), "integer"),
        ("unsignedByte", _integer("255"), "unsignedByte"),
        ("unsignedByte", _integer("256"), "integer"),
        ("decimal", _integer("3"), "integer"),  # only integer-derived types are collapsed by the store
        ("nonNegativeInteger", ox.Literal("12.5", datatype=ox.NamedNode(str(XSD.decimal))), "decimal"),
    ],
)
def test_restore_gives_back_the_declared_integer_type(declared: str, stored: object, restored: str) -> None:
    result = restore("http://ex.org/p", stored, {"http://ex.org/p": str(XSD[declared])})
    assert result.datatype.value == str(XSD[restored])


def test_restore_leaves_undeclared_properties_and_other_terms_alone() -> None:
    assert restore("http://ex.org/other", _integer("1"), {}) == _integer("1")
    iri = ox.NamedNode("http://ex.org/x")
    assert restore("http://ex.org/p", iri, {"http://ex.org/p": str(XSD.int)}) == iri


def test_the_store_collapses_the_types_and_the_page_restores_them(seeded: DcatPublication, seeded_node: Node) -> None:
    stored = seeded_node.store.select(
        "SELECT ?o WHERE { GRAPH ?g { ?d ?p ?o } }", {"g": URIRef(GraphNames.for_resource(BLADDER)), "p": DCAT.byteSize}
    )
    assert {row["o"].datatype for row in stored} == {XSD.integer}
    graph = seeded.catalog_page(1, MAX_PAGE_SIZE, url).graph()
    served = [o for p in INTEGER_TYPED for o in graph.objects(None, p)]
    assert len(served) > 100
    assert {o.datatype for o in served if isinstance(o, Literal)} == {XSD.nonNegativeInteger}


# -- paging ----------------------------------------------------------------------------------------------------


def test_last_page() -> None:
    assert [last_page(n, 10) for n in (0, 1, 10, 11, 34)] == [1, 1, 1, 2, 4]


def test_pages_list_every_dataset_once_in_iri_order(seeded: DcatPublication) -> None:
    pages = [seeded.catalog_page(n, 10, url) for n in range(1, 5)]
    assert [len(p.datasets) for p in pages] == [10, 10, 10, len(SEED_DATASETS) - 30]
    assert [d for p in pages for d in p.datasets] == SEED_DATASETS
    assert {p.total for p in pages} == {len(SEED_DATASETS)} and {p.last_page for p in pages} == {4}


def test_page_links(seeded: DcatPublication) -> None:
    assert seeded.catalog_page(1, 10, url).links == {"first": url(1), "last": url(4), "next": url(2)}
    assert seeded.catalog_page(2, 10, url).links == {
        "first": url(1),
        "last": url(4),
        "next": url(3),
        "previous": url(1),
    }
    assert seeded.catalog_page(4, 10, url).links == {"first": url(1), "last": url(4), "previous": url(3)}


def test_each_page_is_a_hydra_paged_collection(seeded: DcatPublication) -> None:
    graph = seeded.catalog_page(2, 10, url).graph()
    page = URIRef(url(2))
    assert (page, RDF.type, HYDRA.PagedCollection) in graph
    assert graph.value(page, HYDRA.totalItems) == Literal(str(len(SEED_DATASETS)), datatype=XSD.nonNegativeInteger)
    assert graph.value(page, HYDRA.itemsPerPage) == Literal("10", datatype=XSD.nonNegativeInteger)
    links = {name: graph.value(page, HYDRA[name]) for name in ("first", "last", "next", "previous")}
    assert links == {
        "first": URIRef(url(1)),
        "last": URIRef(url(4)),
        "next": URIRef(url(3)),
        "previous": URIRef(url(1)),
    }
    # the names CKAN's and udata's harvesters follow
    assert graph.value(page, HYDRA.nextPage) == URIRef(url(3))


@pytest.mark.parametrize(("page", "size"), [(0, 10), (-1, 10), (1, 0), (1, MAX_PAGE_SIZE + 1)])
def test_pages_and_sizes_out_of_range_are_bad_input(seeded: DcatPublication, page: int, size: int) -> None:
    with pytest.raises(BadInputError):
        seeded.catalog_page(page, size, url)


def test_a_page_past_the_last_is_not_found(seeded: DcatPublication) -> None:
    with pytest.raises(NotFoundError) as caught:
        seeded.catalog_page(5, 10, url)
    assert f"page 5 is past the last page, 4, of {len(SEED_DATASETS)} datasets" in caught.value.message


# -- what a page holds -----------------------------------------------------------------------------------------


def test_the_catalogue_links_the_datasets_of_its_page_only(seeded: DcatPublication) -> None:
    result = seeded.catalog_page(2, 10, url)
    graph = result.graph()
    catalog = URIRef(SEED + "catalog")
    assert result.catalog == str(catalog)
    assert {str(d) for d in graph.objects(catalog, DCAT.dataset)} == set(result.datasets)
    assert {str(d) for d in graph.subjects(RDF.type, DCAT.Dataset)} == set(result.datasets)
    # the catalogue's own description, and what it links to
    assert graph.value(catalog, DCT.publisher) == URIRef(SEED + "participant/lih")
    assert graph.value(URIRef(SEED + "participant/lih"), RDF.type) is not None
    assert len(set(graph.objects(catalog, DCT.title))) == 4


def test_a_dataset_is_served_with_its_whole_graph(seeded: DcatPublication, seeded_node: Node) -> None:
    graph = seeded.catalog_page(1, MAX_PAGE_SIZE, url).graph()
    stored = seeded_node.store.construct(
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(GraphNames.for_resource(BLADDER))}
    )
    # compared without datatypes: the store's are collapsed, the page's restored
    lexical = {(s, p, str(o)) for s, p, o in graph}
    assert {(s, p, str(o)) for s, p, o in stored} <= lexical
    distribution = URIRef(CLINICAL)
    assert graph.value(distribution, DCAT.accessURL) is not None


def test_each_dataset_carries_its_quality_measurements(seeded: DcatPublication) -> None:
    graph = seeded.catalog_page(1, MAX_PAGE_SIZE, url).graph()
    for dataset in SEED_DATASETS:
        measurements = set(graph.objects(URIRef(dataset), DQV.hasQualityMeasurement))
        values = {str(m).rsplit("-", 1)[-1]: int(graph.value(m, DQV.value)) for m in measurements}  # type: ignore[arg-type]
        assert len(values) == 6, dataset
        assert 0 < values["total"] <= MAX_SCORE
        assert values["total"] == sum(v for name, v in values.items() if name != "total")


def test_served_quality_is_what_the_quality_module_says_of_the_published_document(seeded: DcatPublication) -> None:
    document = Graph().parse(ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl", format="turtle")
    expected = assess(*property_maps(document, BLADDER), dcat_ap_compliant=True)
    graph = seeded.describe(BLADDER).graph()
    assert graph.value(URIRef(BLADDER + "#quality-total"), DQV.value) == Literal(expected.score, datatype=XSD.integer)


def test_served_datasets_conform_to_the_project_shapes(seeded: DcatPublication, validator: ShaclValidator) -> None:
    # What the datatype restoration is for: read back as stored, every one of them would fail sh:datatype.
    failing = {}
    for dataset in SEED_DATASETS:
        report = validator.validate(seeded.describe(dataset).graph())
        if not report.conforms:
            failing[dataset] = report.violations
    assert not failing


def test_a_node_without_a_catalogue_serves_a_stand_in(small: DcatPublication) -> None:
    result = small.catalog_page(1, 2, url)
    graph = result.graph()
    catalog = URIRef(EX + "catalog")
    assert result.datasets == (EX + "ds-a", EX + "ds-b") and result.total == 3
    assert (catalog, RDF.type, DCAT.Catalog) in graph and graph.value(catalog, DCT.title) == Literal("Test node")


def test_datasets_sharing_a_graph_are_served_each_with_its_own_part(small: DcatPublication) -> None:
    graph = small.catalog_page(1, 1, url).graph()
    a = URIRef(EX + "ds-a")
    assert set(graph.objects(a, DCAT.distribution)) == {URIRef(EX + "dist-a1"), URIRef(EX + "dist-a2")}
    assert graph.value(URIRef(EX + "org"), FOAF.name) is not None
    assert graph.value(URIRef(EX + "ds-b"), DCT.title) is None  # on page 2


# -- describing one resource -----------------------------------------------------------------------------------


def test_describe_a_dataset(seeded: DcatPublication) -> None:
    graph = seeded.describe(BLADDER).graph()
    assert (URIRef(BLADDER), RDF.type, DCAT.Dataset) in graph
    assert len(set(graph.objects(URIRef(BLADDER), DQV.hasQualityMeasurement))) == 6


def test_describe_a_dataset_without_its_quality_measurements(seeded: DcatPublication) -> None:
    # As peers ask for it: the asking node scores quality from the description itself.
    full, bare = seeded.describe(BLADDER).graph(), seeded.describe(BLADDER, quality=False).graph()
    assert set(bare.objects(URIRef(BLADDER), DQV.hasQualityMeasurement)) == set()
    assert set(bare.subjects(RDF.type, DQV.QualityMeasurement)) == set()
    assert bare.value(URIRef(BLADDER), DCT.title) == full.value(URIRef(BLADDER), DCT.title)
    assert len(full) > len(bare)


def test_describe_a_distribution_gives_its_part_of_the_dataset(seeded: DcatPublication) -> None:
    graph = seeded.describe(CLINICAL).graph()
    distribution, dataset = URIRef(CLINICAL), URIRef(BLADDER)
    assert graph.value(distribution, DCAT.byteSize) == Literal("12400000", datatype=XSD.nonNegativeInteger)
    assert (dataset, DCAT.distribution, distribution) in graph  # where it belongs
    assert graph.value(dataset, DCT.title) is None  # and nothing more of the dataset
    assert graph.value(URIRef(SEED + "distribution/lih-bladder-cancer-cohort-omics"), DCT.title) is None


def test_describe_a_participant_gives_its_self_description(seeded: DcatPublication) -> None:
    graph = seeded.describe(SEED + "participant/lih").graph()
    assert graph.value(URIRef(SEED + "participant/lih#legal-address"), RDF.type) is not None


@pytest.mark.parametrize("iri", [SEED + "dataset/nothing", "not an iri", "x> } DROP ALL {"])
def test_describe_what_nothing_describes_is_not_found(seeded: DcatPublication, iri: str) -> None:
    with pytest.raises(NotFoundError):
        seeded.describe(iri)


# -- output ----------------------------------------------------------------------------------------------------


# rdflib's JSON-LD parser warns about its own use of ConjunctiveGraph; the warning is rdflib's, not ours.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize(
    ("fmt", "parser"),
    [
        (RdfFormat.TURTLE, "turtle"),
        (RdfFormat.JSON_LD, "json-ld"),
        (RdfFormat.RDF_XML, "xml"),
        (RdfFormat.N_TRIPLES, "nt"),
    ],
)
def test_each_format_parses_back_to_the_same_graph(seeded: DcatPublication, fmt: RdfFormat, parser: str) -> None:
    result = seeded.catalog_page(1, 5, url)
    parsed = Graph().parse(data=result.serialize(fmt), format=parser)
    assert isomorphic(parsed, result.graph())


def test_turtle_starts_with_the_catalogue_and_names_only_the_prefixes_it_uses(seeded: DcatPublication) -> None:
    text = seeded.describe(CLINICAL).serialize(RdfFormat.TURTLE).decode()
    prefixes = [line for line in text.splitlines() if line.startswith("@prefix")]
    assert prefixes == sorted(prefixes) and "@prefix dcat:" in text and "@prefix gx:" not in text
    assert text.splitlines()[len(prefixes)].startswith(f"<{CLINICAL}> a dcat:Distribution")


def test_only_rdf_formats_are_served(seeded: DcatPublication) -> None:
    with pytest.raises(BadInputError):
        seeded.describe(BLADDER).serialize(RdfFormat.N_QUADS)
