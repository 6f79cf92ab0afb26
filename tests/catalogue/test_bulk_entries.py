"""The entries a bulk load derives from the file's text are the entries the store gives back for the same graphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdsgraph.catalogue import indexing
from hdsgraph.catalogue.indexing import entries_from_nquads, read_entries
from hdsgraph.store import EmbeddedStore

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
DATASET = "<http://www.w3.org/ns/dcat#Dataset>"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
HEALTH = "http://healthdataportal.eu/ns/health#"
XSD = "http://www.w3.org/2001/XMLSchema#"
THEME = "<http://publications.europa.eu/resource/authority/data-theme/HEAL>"
AGENT = "<https://example.org/agent/one>"


def dataset_lines(n: int) -> list[str]:
    """One dataset graph; graphs share themes, agents, language tags and datatypes, which the reader keeps decoded."""
    ds, g = f"<https://example.org/ds/{n}>", f"<urn:hdsgraph:document:https://example.org/ds/{n}>"
    language = ("en", "EN-GB", "de", "fr")[n % 4]
    quads = [
        f"{ds} {RDF_TYPE} {DATASET}",
        f'{ds} <{DCT}title> "Cohort {n} of the study"@{language}',
        f'{ds} <{DCT}title> "Kohorte {n} Präzisionsonkologie"@de',
        f'{ds} <{DCT}description> "Patients, visits and outcomes; cohort {n}."',
        f'{ds} <{DCAT}keyword> "Santé publique"@fr',
        f'{ds} <{DCAT}keyword> "cohort {n % 3}"@{language}',
        f"{ds} <{DCAT}theme> {THEME}",
        f"{ds} <{DCAT}theme> <http://publications.europa.eu/resource/authority/data-theme/SOCI>",
        f"{ds} <{DCT}publisher> {AGENT}",
        f"{ds} <http://data.europa.eu/930/custodian> <https://example.org/agent/{n % 2}>",
        f'{ds} <{HEALTH}minTypicalAge> "{n % 40}"^^<{XSD}nonNegativeInteger>',
        f'{ds} <{HEALTH}maxTypicalAge> "{n % 40 + 30}"^^<{XSD}integer>',
        f'{ds} <{HEALTH}numberOfUniqueIndividuals> "{n * 17}"^^<{XSD}integer>',
        f'{ds} <{DCT}issued> "2020-0{n % 9 + 1}-01"^^<{XSD}date>',
        f'{ds} <{DCT}modified> "2024-05-0{n % 9 + 1}T10:00:00Z"^^<{XSD}dateTime>',
        # An IRI read before as a theme, now the type of something else: no entry reads it as a type.
        f"<https://example.org/ds/{n}#part> {RDF_TYPE} {THEME}",
        f'<https://example.org/ds/{n}#part> <{DCT}title> "A part, not a dataset"@en',
        f'{AGENT} <http://xmlns.com/foaf/0.1/name> "Agent one"@en',
        f'{AGENT} <http://xmlns.com/foaf/0.1/name> "Agent eins"@DE',
        f'<https://example.org/agent/{n % 2}> <http://xmlns.com/foaf/0.1/name> "Custodian {n % 2}"',
        f"{ds} <{DCAT}distribution> <https://example.org/ds/{n}#csv>",
    ]
    return [f"{quad} {g} ." for quad in quads]


@pytest.mark.parametrize("block", [97, 1 << 20])
def test_the_entries_read_from_the_file_are_those_read_back_from_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(indexing, "_BLOCK", block)
    source = tmp_path / "varied.nq"
    source.write_text("\n".join(line for n in range(12) for line in dataset_lines(n)) + "\n", encoding="utf-8")
    from_file, scattered = entries_from_nquads(source)
    assert scattered == set() and len(from_file) == 12
    store = EmbeddedStore()
    store.bulk_load(source)
    from_store = {graph: list(read_entries(store, [graph])) for graph in store.graphs()}
    assert from_file == from_store
    first = from_file["urn:hdsgraph:document:https://example.org/ds/1"][0]
    assert first.title == "Cohort 1 of the study" and first.names["https://example.org/agent/one"]["de"] == "Agent eins"
