"""Discovery through GraphQL on the seeded node: search, filters, facets, sort, paging, labels, quality, errors."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import strawberry

from hdsgraph.gql import build_schema
from hdsgraph.node import Node
from tests.conftest import ROOT

SEED = "https://seed.hdsgraph.org/"
BLADDER = SEED + "dataset/lih-bladder-cancer-cohort"
EU = "http://publications.europa.eu/resource/authority/"
HEAL = EU + "data-theme/HEAL"
NON_PUBLIC = EU + "access-right/NON_PUBLIC"
KOR = EU + "country/KOR"

SEEDED = len(list((ROOT / "seeds" / "datasets").glob("*.ttl")))


@pytest.fixture(scope="module")
def schema() -> strawberry.Schema:
    return build_schema()


def run(schema: strawberry.Schema, node: Node, query: str, **variables: Any) -> Any:
    result = asyncio.run(schema.execute(query, variable_values=variables, context_value={"node": node}))
    return result


def ok(schema: strawberry.Schema, node: Node, query: str, **variables: Any) -> Any:
    result = run(schema, node, query, **variables)
    assert result.errors is None, result.errors
    return result.data


SEARCH = """query($search: String, $filter: DatasetFilter, $sort: DatasetSort, $first: Int, $after: String,
    $lang: String) {
  datasets(search: $search, filter: $filter, sort: $sort, first: $first, after: $after, lang: $lang) {
    totalCount
    edges { cursor score node { id title } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
    facets { field values { value label count } }
  }
}"""


def test_search_ranks_the_bladder_cohort_first(schema: strawberry.Schema, seeded_node: Node) -> None:
    data = ok(schema, seeded_node, SEARCH, search="bladder cancer")
    assert data["datasets"]["edges"][0]["node"]["id"] == BLADDER
    scores = [e["score"] for e in data["datasets"]["edges"]]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


def test_search_in_other_languages(schema: strawberry.Schema, seeded_node: Node) -> None:
    for words in ("Blasenkrebs", "cancer de la vessie", "carcinome urothélial"):
        ids = [e["node"]["id"] for e in ok(schema, seeded_node, SEARCH, search=words)["datasets"]["edges"]]
        assert BLADDER in ids, words


def test_filters_and_facets(schema: strawberry.Schema, seeded_node: Node) -> None:
    data = ok(schema, seeded_node, SEARCH, filter={"themes": [HEAL], "accessRights": [NON_PUBLIC]}, first=100)
    connection = data["datasets"]
    assert connection["totalCount"] == len(connection["edges"]) > 0
    facets = {f["field"]: f["values"] for f in connection["facets"]}
    assert set(facets) == {"THEME", "HEALTH_CATEGORY", "PUBLISHER", "COUNTRY", "ACCESS_RIGHTS", "CODING_SYSTEM"}
    rights = {v["value"]: v["count"] for v in facets["ACCESS_RIGHTS"]}
    # Multi-select: the access-rights buckets ignore the access-rights selection, so other rights still show.
    assert rights[NON_PUBLIC] == connection["totalCount"] and len(rights) > 1
    heal = next(v for v in facets["THEME"] if v["value"] == HEAL)
    assert heal["label"] == "Health" and heal["count"] == connection["totalCount"]


def test_facet_labels_follow_the_requested_language(schema: strawberry.Schema, seeded_node: Node) -> None:
    data = ok(schema, seeded_node, SEARCH, lang="fr", first=1)
    theme = next(f for f in data["datasets"]["facets"] if f["field"] == "THEME")
    assert next(v["label"] for v in theme["values"] if v["value"] == HEAL) == "Santé"


def test_korean_datasets_by_country_and_age(schema: strawberry.Schema, seeded_node: Node) -> None:
    data = ok(schema, seeded_node, SEARCH, filter={"countries": [KOR], "ageRange": {"min": 50, "max": 70}})
    ids = [e["node"]["id"] for e in data["datasets"]["edges"]]
    assert SEED + "dataset/ncck-parkinsons-feasibility-cohort" in ids
    assert all("ncck" in i for i in ids)


def test_paging_through_everything_by_title(schema: strawberry.Schema, seeded_node: Node) -> None:
    seen, after = [], None
    while True:
        page = ok(schema, seeded_node, SEARCH, sort={"by": "TITLE"}, first=7, after=after)["datasets"]
        seen += [e["node"]["title"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == page["totalCount"] == len(set(seen)) == SEEDED
    assert seen == sorted(seen, key=str.casefold)


def test_sort_by_individuals_largest_first(schema: strawberry.Schema, seeded_node: Node) -> None:
    query = "{ datasets(sort: {by: INDIVIDUALS}, first: 100) { edges { node { numberOfUniqueIndividuals } } } }"
    counts = [e["node"]["numberOfUniqueIndividuals"] for e in ok(schema, seeded_node, query)["datasets"]["edges"]]
    known = [c for c in counts if c is not None]
    assert known == sorted(known, reverse=True) and counts[: len(known)] == known  # missing counts come last


def test_the_whole_healthdcat_read_model(schema: strawberry.Schema, seeded_node: Node) -> None:
    query = """query($id: ID!) { dataset(id: $id) {
      identifiers keywords(lang: "de") accessRights { notation label(lang: "fr") } type { id }
      healthThemes { id } codingSystems { notation } conformsTo { notation } spatial { label(lang: "ko") }
      custodians { id name } hdab { name contactPoints { email url } } contactPoints { name email }
      minTypicalAge maxTypicalAge numberOfRecords numberOfUniqueIndividuals populationCoverage(lang: "fr")
      hasStructuredData variables temporal { start end } retentionPeriod { end } provenance issued modified
      purposes { id } legalBases { id } personalData { id } policies { id } applicableLegislation languages { notation }
      accrualPeriodicity { notation } landingPages pages relations
      analytics { title downloadURL format { notation } }
      distributions { id byteSize status { notation } availability { notation } license { notation } }
      quality { score maxScore dimensions { name score maxScore missing } }
    } }"""
    ds = ok(schema, seeded_node, query, id=BLADDER)["dataset"]
    assert ds["identifiers"] == ["LIH-IHDSI-BLCA-2025"]
    assert "Blasenkrebs" in ds["keywords"]
    assert ds["accessRights"]["notation"] == "NON_PUBLIC"
    assert {c["notation"] for c in ds["codingSystems"]} >= {"ICD-10", "LOINC"}
    assert ds["custodians"][0]["name"] == "Luxembourg Institute of Health"
    assert ds["hdab"]["contactPoints"][0]["email"] == "permits@hdab.example.lu"
    assert ds["contactPoints"] == [
        {"name": "IHDSI Bladder Cancer Cohort data desk", "email": "bladder-cohort@lih.example.org"}
    ]
    assert (ds["minTypicalAge"], ds["maxTypicalAge"], ds["numberOfUniqueIndividuals"]) == (18, 90, 128)
    assert ds["populationCoverage"].startswith("Adultes")
    assert ds["hasStructuredData"] is True and ds["variables"]
    assert ds["temporal"] == [{"start": "2025-09-01", "end": "2030-12-31"}]
    assert ds["retentionPeriod"]["end"] == "2045-12-31"
    assert ds["provenance"].startswith("Participants give written consent")
    assert ds["policies"] == [{"id": SEED + "policy/lih-bladder-cancer-cohort"}]
    assert ds["analytics"][0]["format"]["notation"] == "PDF"
    assert max(d["byteSize"] for d in ds["distributions"]) == 31_600_000_000
    quality = ds["quality"]
    assert quality["score"] == sum(d["score"] for d in quality["dimensions"]) <= quality["maxScore"]
    assert any("dct:rights" in m for d in quality["dimensions"] for m in d["missing"])


def test_the_catalogue(schema: strawberry.Schema, seeded_node: Node) -> None:
    data = ok(schema, seeded_node, "{ catalog { id title publisher { name } datasetCount } }")
    assert data["catalog"]["datasetCount"] == SEEDED and data["catalog"]["title"]


@pytest.mark.parametrize(
    ("filter", "named"),
    [
        ({"themes": ["http://publications.europa.eu/resource/authority/data-theme/NOPE"]}, "data-theme"),
        ({"themes": [NON_PUBLIC]}, "access-right"),  # a concept of another vocabulary
        ({"countries": ["https://example.org/atlantis"]}, "country"),
        ({"publishers": ["https://example.org/nobody"]}, "publisher"),
        ({"ageRange": {"min": 60, "max": 20}}, "ageRange"),
    ],
)
def test_a_bad_filter_value_is_named(
    schema: strawberry.Schema, seeded_node: Node, filter: dict[str, Any], named: str
) -> None:
    result = run(schema, seeded_node, SEARCH, filter=filter)
    assert result.errors is not None and result.errors[0].extensions["code"] == "BAD_INPUT"
    message = result.errors[0].message
    assert named in message
    values = [v for vs in filter.values() if isinstance(vs, list) for v in vs]
    assert all(v in message for v in values)


def test_a_malformed_cursor_is_named(schema: strawberry.Schema, seeded_node: Node) -> None:
    result = run(schema, seeded_node, SEARCH, after="not-a-cursor")
    assert result.errors[0].extensions["code"] == "BAD_INPUT" and "'not-a-cursor'" in result.errors[0].message


def test_a_negative_page_size_is_named(schema: strawberry.Schema, seeded_node: Node) -> None:
    result = run(schema, seeded_node, SEARCH, first=-1)
    assert "first=-1" in result.errors[0].message and "0 to 100" in result.errors[0].message


def test_page_size_over_the_limit_is_named(schema: strawberry.Schema, seeded_node: Node) -> None:
    result = run(schema, seeded_node, SEARCH, first=101)
    assert "first=101" in result.errors[0].message and "100" in result.errors[0].message


def test_a_page_costs_a_fixed_number_of_store_queries(schema: strawberry.Schema, seeded_node: Node) -> None:
    query = """{ datasets(first: QUOTA) { edges { node { id title publisher { name contactPoints { email } }
      themes { label } healthCategories { label } distributions { title format { label } license { label } } } } } }"""
    original = seeded_node.store.select
    calls: list[str] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0])
        return original(*args, **kwargs)

    counts = []
    seeded_node.store.select = counting  # type: ignore[method-assign]
    try:
        for size in (2, 30):
            # Cold each time: what earlier tests left in the reader's cache would spare some batches, not others.
            seeded_node.reader.clear()
            calls.clear()
            ok(schema, seeded_node, query.replace("QUOTA", str(size)))
            counts.append(len(calls))
    finally:
        del seeded_node.store.select
    assert counts[0] == counts[1] <= 6, counts
