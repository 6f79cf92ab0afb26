"""``/graphql`` as the GraphQL-over-HTTP spec wants it: media types, request errors, GET safety, named limits."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from hdsgraph.app import create_app
from hdsgraph.core.formats import RdfFormat
from hdsgraph.gql.schema import LIMITS
from hdsgraph.node import Node
from hdsgraph.store import EmbeddedStore
from tests.conftest import make_settings

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue.ttl"
GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Starlette:
    store = EmbeddedStore()
    store.load(FIXTURE.read_bytes(), RdfFormat.TURTLE, "urn:hdsgraph:document:test")
    node = Node(make_settings(tmp_path_factory.mktemp("graphql-http")), store)
    node.reindex()
    return create_app(node, prepare=False)


def call(app: Starlette, method: str, accept: str | None, **kwargs: Any) -> httpx.Response:
    """One request to ``/graphql``; ``accept=None`` sends no Accept header at all."""

    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
            request = client.build_request(method, "/graphql", **kwargs)
            del request.headers["accept"]
            if accept is not None:
                request.headers["accept"] = accept
            return await client.send(request)

    return asyncio.run(go())


def post(app: Starlette, query: str, accept: str | None = GRAPHQL_RESPONSE) -> httpx.Response:
    return call(app, "POST", accept, json={"query": query})


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0]


def limit_error(response: httpx.Response) -> dict[str, Any]:
    errors = [e for e in response.json()["errors"] if e["extensions"]["code"] == "QUERY_LIMIT_EXCEEDED"]
    assert len(errors) == 1, response.json()
    return errors[0]  # type: ignore[no-any-return]


def nested(levels: int) -> str:
    return "{ " + "a { " * levels + "b" + " }" * levels + " }"


# Media type negotiation


def test_graphql_response_json_when_the_client_accepts_it(app: Starlette) -> None:
    assert media_type(post(app, "{ __typename }", accept=GRAPHQL_RESPONSE)) == GRAPHQL_RESPONSE


def test_application_json_when_the_client_accepts_only_that(app: Starlette) -> None:
    assert media_type(post(app, "{ __typename }", accept=JSON)) == JSON


def test_application_json_without_an_accept_header(app: Starlette) -> None:
    assert media_type(post(app, "{ __typename }", accept=None)) == JSON


def test_application_json_for_any_media_type(app: Starlette) -> None:
    assert media_type(post(app, "{ __typename }", accept="*/*")) == JSON


def test_the_higher_quality_value_wins(app: Starlette) -> None:
    response = post(app, "{ __typename }", accept=f"{JSON};q=0.5, {GRAPHQL_RESPONSE}")
    assert media_type(response) == GRAPHQL_RESPONSE


def test_the_charset_is_stated(app: Starlette) -> None:
    assert post(app, "{ __typename }").headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"


def test_an_accept_header_without_a_graphql_media_type_is_406(app: Starlette) -> None:
    response = post(app, "{ __typename }", accept="text/plain")
    assert response.status_code == 406
    assert "accept application/graphql-response+json or application/json" in response.json()["errors"][0]["message"]


# Request errors and results


def test_a_good_query_is_200_with_data(app: Starlette) -> None:
    response = post(app, "{ datasets { totalCount } }")
    assert response.status_code == 200 and response.json() == {"data": {"datasets": {"totalCount": 3}}}


def test_a_parse_error_is_400_without_data(app: Starlette) -> None:
    response = post(app, "{")
    assert response.status_code == 400
    assert (
        "data" not in response.json() and response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    )


def test_a_validation_error_is_400_without_data(app: Starlette) -> None:
    response = post(app, "{ noSuchField }")
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body and body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_a_variable_coercion_error_is_400_without_data(app: Starlette) -> None:
    response = call(
        app,
        "POST",
        GRAPHQL_RESPONSE,
        json={"query": "query($first: Int) { datasets(first: $first) { totalCount } }", "variables": {"first": "x"}},
    )
    assert response.status_code == 400 and "data" not in response.json()


def test_a_request_error_in_application_json_is_200_without_data(app: Starlette) -> None:
    response = post(app, "{ noSuchField }", accept=JSON)
    assert response.status_code == 200 and "data" not in response.json()


def test_an_unknown_operation_name_is_a_request_error(app: Starlette) -> None:
    response = call(app, "POST", GRAPHQL_RESPONSE, json={"query": "query A { __typename }", "operationName": "B"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("the document has no operation named 'B'")


def test_a_non_string_operation_name_is_400(app: Starlette) -> None:
    response = call(app, "POST", GRAPHQL_RESPONSE, json={"query": "{ __typename }", "operationName": 0})
    assert response.status_code == 400 and response.json()["errors"][0]["message"].startswith("operationName 0")


def test_a_body_that_is_not_json_is_400_with_a_graphql_error(app: Starlette) -> None:
    response = call(app, "POST", GRAPHQL_RESPONSE, content=b"{", headers={"content-type": JSON})
    assert response.status_code == 400 and response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_a_post_without_a_json_content_type_is_415(app: Starlette) -> None:
    response = call(app, "POST", GRAPHQL_RESPONSE, content=b'{"query": "{ __typename }"}')
    assert (
        response.status_code == 415 and response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    )


# GET


def test_a_query_over_get_runs(app: Starlette) -> None:
    response = call(app, "GET", GRAPHQL_RESPONSE, params={"query": "{ __typename }"})
    assert response.status_code == 200 and response.json() == {"data": {"__typename": "Query"}}


def test_a_mutation_over_get_is_405(app: Starlette) -> None:
    response = call(app, "GET", GRAPHQL_RESPONSE, params={"query": "mutation { __typename }"})
    assert response.status_code == 405 and response.headers["allow"] == "POST"


# Limits


def test_the_depth_limit_is_named(app: Starlette) -> None:
    error = limit_error(post(app, nested(LIMITS["max_depth"] + 2)))
    assert error["message"] == "the query is 12 levels deep; the limit is 10 (max_depth)"
    assert error["extensions"] == {"code": "QUERY_LIMIT_EXCEEDED", "limit": "max_depth", "maximum": 10, "actual": 12}


def test_the_alias_limit_is_named(app: Starlette) -> None:
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(LIMITS["max_aliases"] + 1)) + " }"
    error = limit_error(post(app, query))
    assert error["message"] == "the query has 31 aliases; the limit is 30 (max_aliases)"


def test_aliases_in_fragments_count_once_per_spread(app: Starlette) -> None:
    fragment = "fragment F on Query { " + " ".join(f"a{i}: __typename" for i in range(16)) + " }"
    error = limit_error(post(app, "{ ...F ...G } fragment G on Query { ...F } " + fragment))
    assert error["extensions"]["actual"] == 32


def test_the_token_limit_is_named(app: Starlette) -> None:
    query = "{ " + " __typename" * LIMITS["max_tokens"] + " }"
    error = limit_error(post(app, query))
    assert error["message"] == "the query has more than 5000 tokens; the limit is 5000 (max_tokens)"


def test_a_query_at_the_limits_runs(app: Starlette) -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(LIMITS["max_aliases"]))
    response = post(app, "{ " + aliases + " }")
    assert response.status_code == 200 and "errors" not in response.json()


def test_a_limit_error_is_400_without_data(app: Starlette) -> None:
    response = post(app, nested(LIMITS["max_depth"] + 1))
    assert response.status_code == 400 and "data" not in response.json()
