"""Each end-to-end module gets its own ``hdsgraph serve`` on a fresh data directory, shared by its tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e._server import Server


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e2e") / "data"


@pytest.fixture(scope="module")
def server(data_dir: Path) -> Iterator[Server]:
    s = Server(data_dir)
    try:
        s.wait_ready()
        yield s
    finally:
        s.stop()
