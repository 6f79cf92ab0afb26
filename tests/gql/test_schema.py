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
        "datasets(first: Int = 20, after: String = null): DatasetConnection!",
        "totalCount: Int!",
        "edges: [DatasetEdge!]!",
        "pageInfo: PageInfo!",
        "healthCategories: [Concept!]!",
        "distributions: [Distribution!]!",
    ):
        assert name in sdl, name
