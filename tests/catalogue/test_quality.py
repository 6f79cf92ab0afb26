from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from hdsgraph.catalogue._quality_rules import MACHINE_READABLE, NON_PROPRIETARY
from hdsgraph.catalogue.quality import (
    MAX_SCORE,
    Quality,
    _rating,
    assess,
    from_json,
    property_maps,
    quality_triples,
    to_json,
)
from hdsgraph.core.errors import BadInputError, ParseError
from hdsgraph.core.vocab import DCAT, DQV, HDS, RDF, SKOS, XSD

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds" / "datasets").glob("*.ttl"))
QUALITY_TTL = ROOT / "ontologies" / "vocabularies" / "hdsgraph-quality.ttl"

EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
DATASET_IRI = "https://example.org/dataset/cohort"

Props = dict[str, list[str]]


def complete_dataset() -> Props:
    return {
        "dcat:keyword": ["cohort", "diabetes"],
        "dcat:theme": [EU + "data-theme/HEAL"],
        "dct:spatial": [EU + "country/LUX"],
        "dct:temporal": ["_:period"],
        "dct:accessRights": [EU + "access-right/PUBLIC"],
        "dcat:contactPoint": ["https://example.org/contact"],
        "dct:publisher": ["https://example.org/publisher"],
        "dct:issued": ["2025-01-01"],
        "dct:modified": ["2026-01-01"],
    }


def complete_distribution(n: int = 0) -> Props:
    return {
        "dcat:accessURL": [f"https://example.org/access/{n}"],
        "dcat:downloadURL": [f"https://example.org/download/{n}.csv"],
        "dct:format": [EU + "file-type/CSV"],
        "dcat:mediaType": [IANA + "text/csv"],
        "dct:license": [EU + "licence/CC_BY_4_0"],
        "dct:rights": ["https://example.org/rights"],
        "dcat:byteSize": ["2048"],
    }


def dimension_scores(quality: Quality) -> dict[str, int]:
    return {d.name: d.score for d in quality.dimensions}


def all_missing(quality: Quality) -> list[str]:
    return [m for d in quality.dimensions for m in d.missing]


FULL = {"findability": 100, "accessibility": 70, "interoperability": 110, "reusability": 75, "contextuality": 20}


def test_a_complete_dataset_scores_the_maximum() -> None:
    quality = assess(complete_dataset(), [complete_distribution(0), complete_distribution(1)], dcat_ap_compliant=True)
    assert quality.score == quality.max_score == MAX_SCORE == 375
    assert {d.name: d.max_score for d in quality.dimensions} == FULL
    assert dimension_scores(quality) == FULL
    assert all_missing(quality) == []
    assert quality.rating == "excellent"


ACCESS_RIGHTS_VOCABULARY = (
    "take dct:accessRights from the EU access-right vocabulary (PUBLIC, RESTRICTED or NON_PUBLIC)"
)


@pytest.mark.parametrize(
    ("curie", "dimension", "points", "missing"),
    [
        ("dcat:keyword", "findability", 30, ["add dcat:keyword to the dataset"]),
        ("dcat:theme", "findability", 30, ["add dcat:theme to the dataset"]),
        ("dct:spatial", "findability", 20, ["add dct:spatial to the dataset"]),
        ("dct:temporal", "findability", 20, ["add dct:temporal to the dataset"]),
        ("dct:accessRights", "reusability", 15, ["add dct:accessRights to the dataset", ACCESS_RIGHTS_VOCABULARY]),
        ("dcat:contactPoint", "reusability", 20, ["add dcat:contactPoint to the dataset"]),
        ("dct:publisher", "reusability", 10, ["add dct:publisher to the dataset"]),
        ("dct:issued", "contextuality", 5, ["add dct:issued to the dataset"]),
        ("dct:modified", "contextuality", 5, ["add dct:modified to the dataset"]),
    ],
)
def test_each_dataset_property_costs_its_points(curie: str, dimension: str, points: int, missing: list[str]) -> None:
    dataset = complete_dataset()
    del dataset[curie]
    quality = assess(dataset, [complete_distribution()], dcat_ap_compliant=True)
    assert dimension_scores(quality) == {**FULL, dimension: FULL[dimension] - points}
    assert all_missing(quality) == missing


def _without(key: str) -> Callable[[Props], None]:
    return lambda props: props.pop(key)


def _set(key: str, value: str) -> Callable[[Props], None]:
    return lambda props: props.__setitem__(key, [value])


LICENCE_VOCABULARY = "no dct:license from the EU licence vocabulary"
NON_PROPRIETARY_FORMAT = "no non-proprietary dct:format (such as CSV, JSON, XML, RDF or Parquet)"
MACHINE_READABLE_FORMAT = "no machine-readable dct:format (such as CSV, JSON, XML, RDF or Parquet)"
NO_VOCABULARY = "neither a dct:format from the EU file-type vocabulary nor a dcat:mediaType from the IANA registry"


@pytest.mark.parametrize(
    ("change", "lost", "lacks"),
    [
        (_without("dcat:accessURL"), {"accessibility": 50}, ["no dcat:accessURL"]),
        (_without("dcat:downloadURL"), {"accessibility": 20}, ["no dcat:downloadURL"]),
        (_without("dcat:mediaType"), {"interoperability": 10}, ["no dcat:mediaType"]),
        # XLSX is machine-readable but proprietary; ZIP the other way round
        (_set("dct:format", EU + "file-type/XLSX"), {"interoperability": 20}, [NON_PROPRIETARY_FORMAT]),
        (_set("dct:format", EU + "file-type/ZIP"), {"interoperability": 20}, [MACHINE_READABLE_FORMAT]),
        (
            _set("dct:format", EU + "file-type/PDF"),
            {"interoperability": 40},
            [NON_PROPRIETARY_FORMAT, MACHINE_READABLE_FORMAT],
        ),
        (
            _without("dct:format"),
            {"interoperability": 60},
            ["no dct:format", NON_PROPRIETARY_FORMAT, MACHINE_READABLE_FORMAT],
        ),
        (
            _set("dct:license", "https://creativecommons.org/licenses/by/4.0/"),
            {"reusability": 10},
            [LICENCE_VOCABULARY],
        ),
        (_without("dct:license"), {"reusability": 30}, ["no dct:license", LICENCE_VOCABULARY]),
        (_without("dct:rights"), {"contextuality": 5}, ["no dct:rights"]),
        (_without("dcat:byteSize"), {"contextuality": 5}, ["no dcat:byteSize"]),
    ],
)
def test_each_distribution_property_costs_its_points(
    change: Callable[[Props], None], lost: dict[str, int], lacks: list[str]
) -> None:
    distributions = [complete_distribution(0), complete_distribution(1)]
    for distribution in distributions:
        change(distribution)
    quality = assess(complete_dataset(), distributions, dcat_ap_compliant=True)
    assert dimension_scores(quality) == {name: FULL[name] - lost.get(name, 0) for name in FULL}
    assert all_missing(quality) == [f"2 of 2 distributions have {lack}" for lack in lacks]


def test_the_format_vocabulary_point_needs_an_eu_file_type_or_an_iana_media_type() -> None:
    distribution = complete_distribution()
    distribution["dct:format"] = ["https://example.org/formats/custom"]
    distribution["dcat:mediaType"] = ["https://example.org/media-types/custom"]
    quality = assess(complete_dataset(), [distribution], dcat_ap_compliant=True)
    assert dimension_scores(quality)["interoperability"] == 110 - 10 - 20 - 20
    assert all_missing(quality) == [
        f"the distribution has {NO_VOCABULARY}",
        f"the distribution has {NON_PROPRIETARY_FORMAT}",
        f"the distribution has {MACHINE_READABLE_FORMAT}",
    ]
    # either one from its vocabulary is enough
    distribution["dcat:mediaType"] = [IANA + "application/x-custom"]
    quality = assess(complete_dataset(), [distribution], dcat_ap_compliant=True)
    assert dimension_scores(quality)["interoperability"] == 110 - 20 - 20


def test_access_rights_outside_the_eu_vocabulary_cost_five() -> None:
    dataset = complete_dataset()
    dataset["dct:accessRights"] = ["https://example.org/access/open"]
    quality = assess(dataset, [complete_distribution()], dcat_ap_compliant=True)
    assert dimension_scores(quality) == {**FULL, "reusability": 70}
    assert all_missing(quality) == [ACCESS_RIGHTS_VOCABULARY]


def test_not_conforming_to_dcat_ap_costs_thirty() -> None:
    quality = assess(complete_dataset(), [complete_distribution()], dcat_ap_compliant=False)
    assert dimension_scores(quality) == {**FULL, "interoperability": 80}
    assert all_missing(quality) == ["make the dataset conform to DCAT-AP (its SHACL validation reports violations)"]


@pytest.mark.parametrize(
    ("with_format", "total", "points", "message"),
    [
        (3, 3, 20, None),
        (2, 3, 13, "1 of 3 distributions has no dct:format"),
        (1, 3, 7, "2 of 3 distributions have no dct:format"),
        (0, 3, 0, "3 of 3 distributions have no dct:format"),
        (1, 2, 10, "1 of 2 distributions has no dct:format"),
        (0, 1, 0, "the distribution has no dct:format"),
        (0, 0, 0, "add a distribution (dcat:distribution) with dct:format"),
    ],
)
def test_distribution_points_follow_the_share_of_distributions(
    with_format: int, total: int, points: int, message: str | None
) -> None:
    distributions = [complete_distribution(n) for n in range(total)]
    for distribution in distributions[with_format:]:
        # a media type alone keeps the vocabulary point: only dct:format's own 20 points are at stake here
        distribution["dct:format"] = []
    quality = assess(complete_dataset(), distributions, dcat_ap_compliant=True)
    interoperability = next(d for d in quality.dimensions if d.name == "interoperability")
    if total == 0:
        assert interoperability.score == 30  # DCAT-AP compliance only
        return
    # the same share of the 20 points of dct:format, non-proprietary (CSV) and machine-readable (CSV)
    assert interoperability.score == 3 * points + 10 + 10 + 30
    assert (message in interoperability.missing) if message else not interoperability.missing


def test_dates_count_from_the_dataset_or_else_from_the_distributions() -> None:
    dataset = complete_dataset()
    del dataset["dct:issued"]
    dated, undated = complete_distribution(0), complete_distribution(1)
    dated["dct:issued"] = ["2025-03-01"]
    half = assess(dataset, [dated, undated], dcat_ap_compliant=True)
    assert dimension_scores(half)["contextuality"] == 20 - 2  # 5 x 1/2 = 2.5, rounded half up to 3
    assert all_missing(half) == ["add dct:issued to the dataset"]
    undated["dct:issued"] = ["2025-03-01"]
    assert assess(dataset, [dated, undated], dcat_ap_compliant=True).score == MAX_SCORE


def test_an_empty_description_scores_nothing_and_names_everything() -> None:
    quality = assess({}, [], dcat_ap_compliant=False)
    assert quality.score == 0 and quality.rating == "bad"
    assert len(all_missing(quality)) == 22  # every MQA indicator assessed offline


@pytest.mark.parametrize(
    ("score", "max_score", "rating"),
    [
        (325, 375, "excellent"),
        (324, 375, "good"),
        (205, 375, "good"),
        (204, 375, "sufficient"),
        (113, 375, "sufficient"),
        (112, 375, "bad"),
        (351, 405, "excellent"),
        (350, 405, "good"),
        (221, 405, "good"),
        (121, 405, "sufficient"),
        (120, 405, "bad"),
    ],
)
def test_ratings_scale_the_mqa_bands(score: int, max_score: int, rating: str) -> None:
    assert _rating(score, max_score) == rating


def test_full_iris_curies_and_single_strings_are_the_same_input() -> None:
    curies = assess(complete_dataset(), [complete_distribution()], dcat_ap_compliant=True)
    expanded = {str(DCAT.keyword) if k == "dcat:keyword" else k: v for k, v in complete_dataset().items()}
    single = {**complete_dataset(), "dcat:keyword": "cohort"}
    assert assess(expanded, [complete_distribution()], dcat_ap_compliant=True) == curies
    assert assess(single, [complete_distribution()], dcat_ap_compliant=True) == curies


def test_blank_values_count_as_absent() -> None:
    dataset = {**complete_dataset(), "dcat:keyword": ["", "  "]}
    quality = assess(dataset, [complete_distribution()], dcat_ap_compliant=True)
    assert "add dcat:keyword to the dataset" in all_missing(quality)


def test_a_property_that_is_not_an_iri_is_refused() -> None:
    with pytest.raises(BadInputError, match="'keyword' is neither a full IRI nor a CURIE"):
        assess({"keyword": ["cohort"]}, [], dcat_ap_compliant=True)


def test_dqv_measurements_parse_with_the_scores() -> None:
    dataset = complete_dataset()
    del dataset["dcat:keyword"]
    quality = assess(dataset, [complete_distribution()], dcat_ap_compliant=True)
    graph = Graph()
    for triple in quality_triples(DATASET_IRI, quality):
        graph.add(triple)
    graph = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")

    node = URIRef(DATASET_IRI)
    measurements = set(graph.objects(node, DQV.hasQualityMeasurement))
    assert len(measurements) == 6
    values = {}
    for m in measurements:
        assert (m, RDF.type, DQV.QualityMeasurement) in graph
        assert graph.value(m, DQV.computedOn) == node
        value = graph.value(m, DQV.value)
        assert isinstance(value, Literal) and value.datatype == XSD.integer
        values[graph.value(m, DQV.isMeasurementOf)] = value.toPython()
    assert values == {
        HDS.findabilityScore: 70,
        HDS.accessibilityScore: 70,
        HDS.interoperabilityScore: 110,
        HDS.reusabilityScore: 75,
        HDS.contextualityScore: 20,
        HDS.mqaScore: 345,
    }
    assert URIRef(DATASET_IRI + "#quality-findability") in measurements
    assert URIRef(DATASET_IRI + "#quality-total") in measurements


def test_measurement_iris_are_stable_and_stay_valid_after_a_fragment() -> None:
    quality = assess(complete_dataset(), [complete_distribution()], dcat_ap_compliant=True)
    assert quality_triples(DATASET_IRI, quality) == quality_triples(DATASET_IRI, quality)
    subjects = {str(s) for s, _p, _o in quality_triples("https://example.org/ds#it", quality)}
    assert "https://example.org/ds#it-quality-total" in subjects


def test_measurements_need_an_iri() -> None:
    quality = assess({}, [], dcat_ap_compliant=False)
    with pytest.raises(BadInputError, match="not an absolute IRI"):
        quality_triples("cohort dataset", quality)


def test_every_metric_is_defined_in_the_quality_vocabulary() -> None:
    vocabulary = Graph().parse(QUALITY_TTL, format="turtle")
    quality = assess({}, [], dcat_ap_compliant=False)
    metrics = {o for _s, p, o in quality_triples(DATASET_IRI, quality) if p == DQV.isMeasurementOf}
    assert len(metrics) == 6
    for metric in metrics:
        assert (metric, RDF.type, DQV.Metric) in vocabulary, metric
        assert vocabulary.value(metric, DQV.expectedDataType) == XSD.integer, metric
        dimension = vocabulary.value(metric, DQV.inDimension)
        assert (dimension, RDF.type, DQV.Dimension) in vocabulary, metric
        assert vocabulary.value(metric, SKOS.definition) is not None, metric


def test_json_round_trip_is_compact_and_exact() -> None:
    distribution = complete_distribution()
    del distribution["dct:format"]
    quality = assess({"dcat:keyword": "cohort"}, [distribution, {}], dcat_ap_compliant=False)
    text = to_json(quality)
    assert from_json(text) == quality
    assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    assert json.loads(text)["s"] == quality.score


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("not json", None),
        ("[]", "$"),
        ('{"s":1,"m":375,"r":"great","d":[]}', "$.r"),
        ('{"s":1,"m":375,"r":"bad","d":[["findability",1,100]]}', "$.d[0]"),
        ('{"s":1,"m":375,"r":"bad","d":[["findability",true,100,[]]]}', "$.d[0][1]"),
        ('{"s":"1","m":375,"r":"bad","d":[]}', "$.s"),
    ],
)
def test_json_that_to_json_did_not_write_is_refused(text: str, where: str | None) -> None:
    with pytest.raises(ParseError) as caught:
        from_json(text)
    assert caught.value.position.json_path == where


def test_the_format_lists_name_eu_file_types_and_exclude_documents() -> None:
    assert all(code.startswith(EU + "file-type/") for code in NON_PROPRIETARY | MACHINE_READABLE)
    for document in ("PDF", "DOCX", "JPEG"):
        assert EU + "file-type/" + document not in MACHINE_READABLE
    for open_data in ("CSV", "JSON", "XML", "RDF_TURTLE", "PARQUET", "HDF", "NETCDF", "TSV"):
        assert EU + "file-type/" + open_data in NON_PROPRIETARY & MACHINE_READABLE


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_seed_dataset_is_at_least_sufficient(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 1
    dataset, distributions = property_maps(graph, str(datasets[0]))
    assert distributions, "a seed dataset without distributions"
    # scored as if its SHACL validation had failed, so that the metadata alone must reach the band
    quality = assess(dataset, distributions, dcat_ap_compliant=False)
    assert quality.rating in {"sufficient", "good", "excellent"}, all_missing(quality)
    assert quality.score == sum(d.score for d in quality.dimensions)
    assert quality.max_score == sum(d.max_score for d in quality.dimensions) == MAX_SCORE
