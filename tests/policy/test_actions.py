from __future__ import annotations

import pytest
import rdflib

from hdsgraph.policy import action_hierarchy
from tests.conftest import REFERENCE

ODRL = "http://www.w3.org/ns/odrl/2/"
VOCABULARY = REFERENCE / "odrl" / "ODRL22.ttl"


def test_use_includes_the_common_actions_and_transfer_its_own() -> None:
    h = action_hierarchy()
    assert ODRL + "use" in h.broader(ODRL + "read")
    assert ODRL + "use" in h.broader(ODRL + "extract")  # through reproduce
    assert ODRL + "reproduce" in h.broader(ODRL + "extract")
    assert h.broader(ODRL + "give") == {ODRL + "give", ODRL + "transfer"}
    assert ODRL + "use" not in h.broader(ODRL + "transfer")


def test_a_deprecated_action_stands_for_its_exact_match() -> None:
    h = action_hierarchy()
    assert h.canonical(ODRL + "copy") == ODRL + "reproduce"
    assert h.canonical(ODRL + "commercialize") == "http://creativecommons.org/ns#CommercialUse"
    assert ODRL + "use" in h.broader(ODRL + "commercialize")


def test_an_unknown_action_is_only_itself() -> None:
    assert action_hierarchy().broader("https://example.org/x") == {"https://example.org/x"}
    assert not action_hierarchy().is_known(ODRL + "downlaod")


@pytest.mark.reference
@pytest.mark.skipif(not VOCABULARY.is_file(), reason="ODRL22.ttl is not in ../shared/reference")
def test_the_shipped_hierarchy_restates_the_odrl_vocabulary() -> None:
    graph = rdflib.Graph().parse(VOCABULARY)
    h = action_hierarchy()
    actions = {str(a) for a in graph.subjects(rdflib.RDF.type, rdflib.URIRef(ODRL + "Action"))}
    assert actions <= h.known
    for action in actions:
        parents = {str(p) for p in graph.objects(rdflib.URIRef(action), rdflib.URIRef(ODRL + "includedIn"))}
        assert parents <= h.broader(action), action
