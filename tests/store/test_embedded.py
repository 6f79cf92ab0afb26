"""The embedded Oxigraph store passes the GraphStore contract, in memory and on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hdsgraph.core.errors import ParseError, StoreBusyError, StoreError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.store import EmbeddedStore, embedded
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


def _nquads(graphs: int, per_graph: int = 3) -> bytes:
    lines = [
        f'<https://example.org/s{g}> <https://example.org/p{i}> "value {g} {i}" <urn:g:{g}> .\n'
        for g in range(graphs)
        for i in range(per_graph)
    ]
    return "".join(lines).encode()


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pieces of a few lines, so that a small file takes the path of a large one.
    monkeypatch.setattr(embedded, "_PIECE_BYTES", 200)


@pytest.mark.usefixtures("small_pieces")
def test_a_bulk_load_in_pieces_puts_every_quad_in_its_graph(tmp_path: Path) -> None:
    source = tmp_path / "many.nq"
    source.write_bytes(_nquads(40))
    with EmbeddedStore(tmp_path / "store") as store:
        assert store.bulk_load(source) == 120
        assert all(store.count(f"urn:g:{g}") == 3 for g in range(40))


@pytest.mark.usefixtures("small_pieces")
def test_a_syntax_error_names_the_file_and_its_line_in_the_whole_file(tmp_path: Path) -> None:
    lines = _nquads(40).decode().splitlines(keepends=True)
    lines[87] = lines[87].replace(" .\n", "\n")  # line 88 lacks its dot: the parser notices on line 89
    source = tmp_path / "broken.nq"
    source.write_text("".join(lines), encoding="utf-8")
    with EmbeddedStore(tmp_path / "store") as store, pytest.raises(ParseError) as caught:
        store.bulk_load(source)
    assert caught.value.source == str(source)
    assert caught.value.position.line in (88, 89)
    assert "Parser error" not in caught.value.problem  # the position is the error's, not the piece's


@pytest.mark.usefixtures("small_pieces")
def test_a_blank_node_used_across_pieces_stays_one_node(tmp_path: Path) -> None:
    data = _nquads(10) + b"".join(b'_:shared <https://example.org/p> "%d" <urn:g:blank> .\n' % i for i in range(30))
    source = tmp_path / "blank.nq"
    source.write_bytes(data)
    with EmbeddedStore(tmp_path / "store") as store:
        assert store.bulk_load(source) == 60
        rows = store.select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH <urn:g:blank> { ?s ?p ?o } }")
        assert int(rows[0]["n"]) == 1


def test_a_missing_bulk_file_is_a_store_error(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as store, pytest.raises(StoreError, match="cannot bulk-load"):
        store.bulk_load(tmp_path / "missing.nq")
