"""Bad input: requests naming unknown terms, or asserting what the graph establishes."""

from __future__ import annotations

import re

import pytest

from hdsgraph.core.errors import BadInputError
from hdsgraph.policy import KnownTerms, Request, UnknownTermError, known_terms

HDS = "https://w3id.org/hdsgraph/ontology#"
ODRL = "http://www.w3.org/ns/odrl/2/"
TERMS = KnownTerms(
    purposes=frozenset({HDS + "HealthScientificResearch", HDS + "OfficialStatistics"}),
    datasets=frozenset(f"https://example.org/ds{i}" for i in range(100)),
    environments=frozenset({HDS + "SecureProcessingEnvironment"}),
)


def _request(**changes: object) -> Request:
    fields: dict[str, object] = {
        "requester": "https://example.org/alice",
        "action": ODRL + "use",
        "targets": ("https://example.org/ds1",),
        "purpose": HDS + "HealthScientificResearch",
    }
    fields.update(changes)
    return Request(**fields)  # type: ignore[arg-type]


def test_a_known_request_passes() -> None:
    known_terms(_request(environment=HDS + "SecureProcessingEnvironment"), TERMS)


def test_an_unknown_purpose_names_it_and_lists_the_known_ones() -> None:
    with pytest.raises(UnknownTermError) as caught:
        known_terms(_request(purpose=HDS + "HealthResearch"), TERMS)
    assert caught.value.code == "UNKNOWN_TERM"
    assert caught.value.field == "purpose"
    assert f"unknown purpose '{HDS}HealthResearch'" in caught.value.message
    assert caught.value.details["known"] == sorted(TERMS.purposes or ())


def test_an_unknown_action_names_it() -> None:
    with pytest.raises(UnknownTermError, match=re.escape("unknown action 'http://www.w3.org/ns/odrl/2/downlaod'")):
        known_terms(_request(action=ODRL + "downlaod"), TERMS)


def test_an_unknown_dataset_in_a_large_catalogue_offers_the_closest_names() -> None:
    with pytest.raises(UnknownTermError) as caught:
        known_terms(_request(targets=("https://example.org/ds1000",)), TERMS)
    assert "known dataset values (100)" in caught.value.message
    assert "https://example.org/ds100" not in TERMS.datasets  # type: ignore[operator]
    assert "https://example.org/ds10" in caught.value.details["known"]


def test_unchecked_fields_pass() -> None:
    known_terms(_request(data_form=HDS + "Anything"), TERMS)


def test_a_request_may_not_assert_what_the_graph_establishes() -> None:
    with pytest.raises(BadInputError, match=r"may not assert .*requesterJurisdiction"):
        _request(operands={HDS + "requesterJurisdiction": HDS + "LU"})
    with pytest.raises(BadInputError, match="odrl/2/spatial"):
        _request(operands={ODRL + "spatial": HDS + "LU"})


def test_a_request_names_at_least_one_dataset() -> None:
    with pytest.raises(BadInputError, match="at least one dataset"):
        _request(targets=())
    with pytest.raises(BadInputError, match="not the string"):
        _request(targets="https://example.org/ds1")
