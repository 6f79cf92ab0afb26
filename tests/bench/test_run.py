"""The benchmark's command line: a bulk load alone on request, and its CPU-seconds in the report."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.report import _cpu, _design_load_row
from bench.run import arguments, design_datasets


def test_bulk_load_takes_a_data_directory_and_a_file() -> None:
    options = arguments(["--bulk-load", "data", "catalogue.nq"])
    assert options.bulk_load == [Path("data"), Path("catalogue.nq")]


def test_no_option_means_the_whole_benchmark() -> None:
    assert arguments([]).bulk_load is None


def test_help_describes_the_options_instead_of_running(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        arguments(["--help"])
    assert stopped.value.code == 0
    assert "--bulk-load DATA_DIR FILE" in capsys.readouterr().out


def test_an_unknown_option_is_refused() -> None:
    with pytest.raises(SystemExit) as stopped:
        arguments(["--bulk"])
    assert stopped.value.code == 2


def test_the_report_shows_cpu_seconds_when_the_run_recorded_them() -> None:
    load = {"cpu_s": 151.4, "close_s": 2.31, "close_cpu_s": 3.6}
    assert _cpu(load) == "; 151 CPU-s, closing 2.3 s and 4 CPU-s more"
    assert _cpu({"close_s": 2.0}) == ""


def test_the_design_size_is_the_first_datasets_holding_about_two_and_a_half_million_quads() -> None:
    assert design_datasets(100_000, 5_808_147) == 43_000
    assert design_datasets(100_000, 2_500_000) is None  # the catalogue is the stated size already
    assert design_datasets(5_000, 290_000) is None  # a quick run: smaller than the stated size


def test_the_design_size_row_is_judged_against_the_same_target() -> None:
    load = {"seconds": 61.0, "store_s": 50.0, "entries_s": 55.0, "index_write_s": 2.0}
    ((what, measured, target, passed),) = _design_load_row(load | {"file_datasets": 43_000, "file_quads": 2_498_011})
    assert "43,000 datasets, 2,498,011 quads" in what and measured.startswith("61.0 s")
    assert (target, passed) == ("≤ 60 s", False)
    assert _design_load_row(None) == []
