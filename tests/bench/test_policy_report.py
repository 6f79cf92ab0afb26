"""The report's policy rows: targets with their verdicts, both engines' table, the ontology line, and the
eligibleDatasets placeholder while that phase is not measured; and that both engines decide alike."""

from __future__ import annotations

import json
from typing import Any

import pytest
from bench.policy import SCENARIOS, _check_agreement, cedar_entities
from bench.report import _verdict, policy_section, policy_targets

from hdsgraph.core.config import project_root
from hdsgraph.ontology import ShippedOntology


def _summary(p50: float, p99: float, calls: int = 20_000) -> dict[str, float]:
    return {"calls": calls, "p50": p50, "p99": p99}


def _run(**overrides: Any) -> dict[str, Any]:
    results: dict[str, Any] = {
        "size": 100_000,
        "policy": {
            "decisions": 20_000,
            "batch": 100,
            "agreed": 24,
            "entities": 205,
            "cedarpy_version": "4.12.2",
            "hdsgraph": {
                "alone": _summary(30.0, 90.0),
                "node": _summary(40.0, 120.0),
                "batch": _summary(25.0, 33.0, calls=200),
            },
            "cedarpy": {
                "alone": _summary(180.0, 300.0),
                "node": _summary(200.0, 310.0),
                "batch": _summary(160.0, 190.0, calls=200),
                "batch_per_dataset": _summary(490.0, 550.0, calls=200),
            },
        },
        "ontology": {
            "closure_load_ms": 52.3,
            "classes": 71,
            "individuals": 83,
            "classify_s": 3.21,
            "reasoner": "HermiT (owlready2 0.51)",
            "matches_committed": True,
        },
    }
    results.update(overrides)
    return results


def _rows(results: dict[str, Any]) -> dict[str, tuple[str, str, bool | None]]:
    return {what: (measured, target, ok) for what, measured, target, ok in policy_targets(results)}


def test_decision_targets_pass_when_under_the_bounds_and_faster_than_cedarpy() -> None:
    rows = _rows(_run())
    p50 = rows["policy decision, compiled, five constraints + the node-wide EHDS Set, in process, p50"]
    assert p50 == ("40.0 µs (the Offer alone 30.0 µs)", "≤ 50 µs", True)
    p99 = rows["policy decision, compiled, five constraints + the node-wide EHDS Set, in process, p99"]
    assert p99 == ("120 µs (the Offer alone 90.0 µs)", "≤ 500 µs", True)
    per_call = next(v for k, v in rows.items() if "per call against cedarpy" in k)
    assert per_call == ("40.0 µs, 5.0x faster (cedarpy 200 µs)", "faster", True)
    batch = next(v for k, v in rows.items() if "in a batch" in k)
    assert batch == ("25.0 µs over 100 datasets, 6.4x faster (cedarpy 160 µs)", "as fast", True)


def test_slower_than_cedarpy_fails_and_says_by_how_much() -> None:
    results = _run()
    results["policy"]["hdsgraph"]["node"] = _summary(400.0, 900.0)
    results["policy"]["hdsgraph"]["batch"] = _summary(320.0, 400.0)
    rows = _rows(results)
    verdicts = [ok for k, (_, _, ok) in rows.items() if "policy decision" in k]
    assert verdicts == [False, False, False, False]
    per_call = next(v for k, v in rows.items() if "per call against cedarpy" in k)
    assert per_call[0] == "400 µs, 2.0x slower (cedarpy 200 µs)"


def test_eligible_datasets_is_a_placeholder_until_measured() -> None:
    rows = _rows(_run())
    assert rows["`eligibleDatasets` over 100,000 datasets"] == ("not measured", "≤ 200 ms", None)
    measured = _rows(_run(eligible={"datasets": 100_000, "calls": 50, "p50": 120.0, "p99": 180.0}))
    assert measured["`eligibleDatasets` over 100,000 datasets, p50"] == ("120 ms (p99 180 ms)", "≤ 200 ms", True)


def test_a_run_without_the_policy_phase_says_not_measured() -> None:
    results = {"size": 5000}
    rows = policy_targets(results)
    assert [ok for *_, ok in rows] == [None] * 5
    assert all(measured == "not measured" for _, measured, _, _ in rows)
    assert "Policy decisions were not measured in this run." in policy_section(results)


def test_the_section_tables_both_engines_and_reports_the_classification() -> None:
    text = "\n".join(policy_section(_run()))
    assert "| hdsgraph, the Offer + the node-wide EHDS Set (as the node decides) | 20,000 | 40.0 | 120 |" in text
    assert (
        "| cedarpy, a batch of 100 requests over a permit per dataset + forbids; per decision | 200 | 490 | 550 |"
        in (text)
    )
    assert "Both engines decided 24 permit and deny requests alike" in text
    assert "with HermiT (owlready2 0.51): 3.2 s, its closure equal to the committed one" in text
    assert "read in 52.3 ms" in text


def test_without_java_the_classification_line_gives_the_reason() -> None:
    ontology = {"closure_load_ms": 50.0, "classes": 71, "individuals": 83, "classify_s": None}
    ontology["note"] = "not measured: no Java runtime for HermiT on this machine"
    text = "\n".join(policy_section(_run(ontology=ontology)))
    assert "Ontology: classification not measured: no Java runtime for HermiT on this machine;" in text


def test_an_unmeasured_target_has_its_own_verdict() -> None:
    assert _verdict(None) == "not measured"
    assert _verdict(True) == "pass"


def test_both_engines_decide_the_scenarios_alike() -> None:
    cedarpy = pytest.importorskip("cedarpy")
    closure = ShippedOntology(project_root() / "ontologies").committed()
    assert closure is not None
    entities = cedarpy.Entities.from_json_str(json.dumps(cedar_entities(closure, SCENARIOS)))
    assert _check_agreement(cedarpy, closure, entities) == 2 * len(SCENARIOS)
