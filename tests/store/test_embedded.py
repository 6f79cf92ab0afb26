"""The embedded Oxigraph store passes the GraphStore contract, in memory and on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hdsgraph.core.errors import StoreBusyError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.store import EmbeddedStore
from tests.store.contract import DOC, G1, GraphStoreContract


@pytest.fixture(params=["memory", "disk"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore() if request.param == "memory" else EmbeddedStore(tmp_path / "store")
    yield s
    s.close()


class TestEmbeddedStore(GraphStoreContract):
    pass


def test_data_on_disk_survives_a_reopen(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as first:
        first.load(DOC, RdfFormat.TURTLE, G1)
    with EmbeddedStore(tmp_path / "store") as again:
        assert again.count(G1) == 5


def test_a_store_held_by_another_writer_is_busy(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store"), pytest.raises(StoreBusyError, match="in use by another process"):
        EmbeddedStore(tmp_path / "store")


def test_a_read_only_view_reads_while_a_writer_holds_the_store(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as writer:
        writer.load(DOC, RdfFormat.TURTLE, G1)
        writer.close()
        with EmbeddedStore(tmp_path / "store") as again, EmbeddedStore(tmp_path / "store", read_only=True) as reader:
            assert again.count(G1) == 5
            assert reader.count(G1) == 5
