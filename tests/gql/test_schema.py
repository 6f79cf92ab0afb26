from __future__ import annotations

from hdsgraph.core.config import project_root
from hdsgraph.gql import schema_sdl


def test_published_schema_matches_the_code() -> None:
    published = (project_root() / "api" / "schema.graphql").read_text(encoding="utf-8")
    assert published == schema_sdl(), "api/schema.graphql is stale: run `make schema` and commit it"


def test_contract_names_are_in_the_schema() -> None:
    sdl = schema_sdl()
    for name in (
        "dataset(id: ID!): Dataset",
        "datasets(search: String = null, filter: DatasetFilter = null, sort: DatasetSort = null, first: Int = 20, "
        "after: String = null, lang: String = null, scope: Scope! = LOCAL): DatasetConnection!",
        "nodes: [NodeStatus!]!",
        "partial: Boolean!",
        "node: CatalogueNode!",
        "latencyMs: Float",
        "cachedAt: DateTime",
        "facets: [Facet!]!",
        "field: FacetField!",
        "values: [FacetValue!]!",
        "quality: Quality",
        "maxScore: Int!",
        "missing: [String!]!",
        "ageRange: AgeRange = null",
        "minIndividuals: Int = null",
        "modifiedAfter: Date = null",
        "modifiedBefore: Date = null",
        "totalCount: Int!",
        "edges: [DatasetEdge!]!",
        "pageInfo: PageInfo!",
        "healthCategories: [Concept!]!",
        "distributions: [Distribution!]!",
    ):
        assert name in sdl, name
    for field in ("themes", "healthCategories", "healthThemes", "publishers", "countries", "accessRights"):
        assert f"  {field}: [ID!] = null" in sdl, field
    for field in ("codingSystems", "standards"):
        assert f"  {field}: [ID!] = null" in sdl, field
    assert "  keywords: [String!] = null" in sdl
    for value in ("LOCAL", "FEDERATED", "CACHED", "OK", "TIMEOUT", "UNAVAILABLE", "INVALID_RESPONSE", "REFUSED"):
        assert f"  {value}\n" in sdl, value
    for value in ("THEME", "HEALTH_CATEGORY", "PUBLISHER", "COUNTRY", "ACCESS_RIGHTS", "CODING_SYSTEM"):
        assert f"\n  {value}\n" in sdl.split("enum FacetField {")[1].split("}")[0] + "\n", value
