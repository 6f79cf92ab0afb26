"""The federated-search benchmark's pure parts: the statistics, the rotation of request kinds, and its report rows.

The servers themselves are started only by ``python -m bench.federation``."""

from __future__ import annotations

from typing import Any

from bench.federation import (
    KINDS,
    federation_section,
    federation_targets,
    figures,
    markdown,
    rotation,
    slowest_per_round,
    summary,
)

NAMES = {"lu": "Luxembourg Institute of Health", "kr": "National Cancer Center Korea", "us": "Cipherome"}


def _times(rounds: int = 5) -> dict[str, list[float]]:
    return {
        "federated": [40.0 + i for i in range(rounds)],
        "local": [20.0 + i for i in range(rounds)],
        "direct:lu": [100.0 + i for i in range(rounds)],
        "direct:kr": [25.0 + (10 if i == 2 else 0) for i in range(rounds)],
        "direct:us": [30.0 - i for i in range(rounds)],
        "parallel": [35.0 + i for i in range(rounds)],
    }


def _run(**overrides: Any) -> dict[str, Any]:
    cpu = {kind: {"lu": 0.5, "kr": 0.2, "us": 0.1, "client": 0.05} for kind in KINDS}
    f = figures(_times(), {"lu": [38.0, 39.0], "kr": [30.0, 31.0], "us": [20.0, 22.0]}, cpu)
    f |= {
        "search": "cohort",
        "first": 20,
        "names": NAMES,
        "matches": {"lu": 8, "kr": 2, "us": 1},
        "errors": 0,
        "rounds": 5,
        "warm_up": 10,
        "hung": {
            **summary([992.0, 990.0, 995.0]),
            "deadline_ms": 1000,
            "overall_ms": 1500,
            "errors": 0,
            "hung_reported_ms": 1001.5,
        },
    }
    f |= overrides
    return {"federation": f}


def test_summary_takes_nearest_rank_percentiles_and_the_maximum() -> None:
    s = summary([float(n) for n in range(1, 101)])
    assert s == {"calls": 100, "p50": 50.0, "p99": 99.0, "max": 100.0}


def test_the_slowest_is_taken_within_each_round() -> None:
    assert slowest_per_round([1.0, 9.0, 3.0], [5.0, 2.0, 4.0]) == [5.0, 9.0, 4.0]


def test_each_round_starts_one_kind_further_and_keeps_every_kind() -> None:
    assert rotation(0) == list(KINDS)
    assert rotation(1)[0] == KINDS[1] and rotation(len(KINDS)) == list(KINDS)
    assert all(sorted(rotation(n)) == sorted(KINDS) for n in range(2 * len(KINDS)))


def test_the_overhead_is_over_what_the_federated_answer_waits_for() -> None:
    f = _run()["federation"]
    # Per round: max(local, kr, us) = 30, 29, 35, 27, 26 -> p50 29; A's PeerDatasets (100+) not among them.
    assert f["slowest"]["p50"] == 29.0
    assert f["overhead_ms"] == 42.0 - 29.0
    assert f["slowest_direct"]["p50"] == 102.0 and f["overhead_direct_ms"] == 42.0 - 102.0
    assert f["overhead_parallel_ms"] == 42.0 - 37.0
    assert f["reported_latency_ms"] == {"lu": 38.0, "kr": 30.0, "us": 20.0}
    # CPU-seconds over five calls, as milliseconds per call.
    assert f["cpu_ms"]["federated"] == {"lu": 100.0, "kr": 40.0, "us": 20.0, "client": 10.0}


def test_the_target_rows_pass_within_the_budgets() -> None:
    healthy, hung = federation_targets(_run())
    assert healthy[1].startswith("+13.0 ms (federated 42.0 ms, the slowest of A's LOCAL search and the peers' answers")
    assert healthy[2:] == ("≤ 20 ms", True)
    assert hung[0] == "federated search with a hung peer (deadline 1,000 ms), p50"
    assert hung[1].startswith("992 ms: the deadline -8 ms, 0.992x it (max 995 ms, 3 searches")
    assert hung[2:] == ("≤ the deadline", True)


def test_over_the_budget_or_with_failed_answers_the_rows_fail() -> None:
    slow = _run(overhead_ms=25.0)
    assert federation_targets(slow)[0][3] is False
    partial = _run(errors=2)
    assert federation_targets(partial)[0][3] is False
    assert "(2 answers partial or with errors)" in federation_targets(partial)[0][1]
    late = _run()
    late["federation"]["hung"] |= {"p50": 1004.0}
    assert federation_targets(late)[1][3] is False


def test_a_run_without_the_phase_says_not_measured() -> None:
    rows = federation_targets({"size": 5000})
    assert [(measured, ok) for _, measured, _, ok in rows] == [("not measured", None)] * 2
    assert "Federated search was not measured in this run." in federation_section({})


def test_the_section_and_the_markdown_table_the_figures() -> None:
    text = markdown(_run())
    assert "| what | measured | target | result |" in text
    assert "| federated search on Luxembourg Institute of Health (A) | 5 | 42.0 | 44.0 | 44.0 |" in text
    assert "| `PeerDatasets` sent directly to Cipherome | 5 | 28.0 | 30.0 | 30.0 |" in text
    assert "Luxembourg Institute of Health 8 matches" in text
    assert "A reported it TIMEOUT after 1,002 ms (median)" in text
    assert "federated 160.0 ms (lu 100.0 + kr 40.0 + us 20.0; client 10.0)" in text
