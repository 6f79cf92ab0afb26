"""Publishing datasets: every check refuses with its own code and stores nothing; what passes is owned and recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from rdflib import Graph, URIRef

from hdsgraph.catalogue import DatasetIndexer
from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.vocab import HEALTHDCATAP, GraphNames
from hdsgraph.index import SearchIndex
from hdsgraph.ingest import Document, DocumentArchive, LifecycleState, Publisher, PublishRejected
from hdsgraph.ingest.records import record_graph_name
from hdsgraph.node.policies import check_policies  # the check the node gives its publisher
from hdsgraph.store import EmbeddedStore
from hdsgraph.validation import ShaclValidator
from tests.conftest import ROOT

BLADDER = ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl"
DATASET = "https://seed.hdsgraph.org/dataset/lih-bladder-cancer-cohort"
LIH = "https://seed.hdsgraph.org/participant/lih"
NCCK = "https://seed.hdsgraph.org/participant/ncck"
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def publisher(validator: ShaclValidator) -> Publisher:
    index = SearchIndex(None)
    return Publisher(
        EmbeddedStore(), validator, archive=DocumentArchive(None), views=[DatasetIndexer(index)], clock=Clock()
    )


def index_of(publisher: Publisher) -> SearchIndex:
    view = publisher.views[0]
    assert isinstance(view, DatasetIndexer)
    return view.index


def bladder(change: str | None = None) -> bytes:
    data = BLADDER.read_bytes()
    if change == "retitled":
        return data.replace(b'dct:title "IHDSI Prospective Bladder', b'dct:title "IHDSI Prospective Urinary bladder', 1)
    graph = Graph().parse(data=data, format="turtle")
    if change == "no hdab":
        graph.remove((None, HEALTHDCATAP.hdab, None))
    elif change == "published by ncck":
        # The publisher's description moves with it, so that the document stays valid.
        return data.replace(b"participant/lih>", b"participant/ncck>").replace(
            b"participant/lih#", b"participant/ncck#"
        )
    return graph.serialize(format="turtle").encode()


def snapshot(publisher: Publisher) -> tuple[list[str], int, int]:
    store = publisher.store
    return store.graphs(), store.count(), len(index_of(publisher))


def test_a_dataset_published_by_its_publisher_is_stored_owned_recorded_and_indexed(publisher: Publisher) -> None:
    published = publisher.publish_dataset(bladder(), RdfFormat.TURTLE, LIH)
    assert (published.id, published.version, published.state) == (DATASET, 1, "active")
    assert published.graph == GraphNames.for_resource(DATASET)
    assert publisher.store.count(published.graph) == published.triples > 50
    record = publisher.record(DATASET)
    assert record is not None and record.owner == LIH and record.kind == "dataset"
    version = record.versions[0]
    assert version.state is LifecycleState.ACTIVE and version.published_by == LIH
    assert publisher.archive.get(version.content_hash) == bladder()
    assert len(index_of(publisher)) == 1


def test_a_new_version_replaces_the_graph_and_keeps_the_old_one_in_the_history(publisher: Publisher) -> None:
    first = publisher.publish_dataset(bladder(), RdfFormat.TURTLE, LIH)
    second = publisher.publish_dataset(bladder("retitled"), RdfFormat.TURTLE, LIH)
    assert second.version == 2 and second.graph == first.graph
    titles = {
        str(r["t"])
        for r in publisher.store.select(
            "SELECT ?t WHERE { GRAPH ?g { ?d <http://purl.org/dc/terms/title> ?t } }", {"g": URIRef(first.graph)}
        )
    }
    assert any("Urinary bladder" in t for t in titles)
    record = publisher.record(DATASET)
    assert record is not None
    old, new = record.versions
    assert old.state is LifecycleState.DEPRECATED and old.ended_at == new.published_at
    assert new.state is LifecycleState.ACTIVE and new.ended_at is None
    assert publisher.archive.get(old.content_hash) == bladder()
    assert publisher.archive.get(new.content_hash) == bladder("retitled")


def refused(publisher: Publisher, data: bytes, caller: str, format: RdfFormat = RdfFormat.TURTLE) -> PublishRejected:
    with pytest.raises(PublishRejected) as caught:
        publisher.publish_dataset(data, format, caller)
    return caught.value


def test_a_participant_cannot_publish_a_dataset_another_publishes(publisher: Publisher) -> None:
    before = snapshot(publisher)
    rejection = refused(publisher, bladder(), NCCK)
    assert rejection.codes == ["FORBIDDEN"]
    assert LIH in rejection.problems[0].message and NCCK in rejection.problems[0].message
    assert snapshot(publisher) == before


def test_a_participant_cannot_take_over_a_dataset_by_naming_itself_publisher(publisher: Publisher) -> None:
    publisher.publish_dataset(bladder(), RdfFormat.TURTLE, LIH)
    before = snapshot(publisher)
    rejection = refused(publisher, bladder("published by ncck"), NCCK)
    assert rejection.codes == ["FORBIDDEN"]
    assert f"belongs to {LIH}" in rejection.problems[0].message
    assert snapshot(publisher) == before
    record = publisher.record(DATASET)
    assert record is not None and len(record.versions) == 1


def test_a_shacl_violation_names_focus_node_and_property_and_stores_nothing(publisher: Publisher) -> None:
    publisher.publish_dataset(bladder(), RdfFormat.TURTLE, LIH)
    before = snapshot(publisher)
    rejection = refused(publisher, bladder("no hdab"), LIH)
    assert set(rejection.codes) == {"VALIDATION_FAILED"}
    assert any(p.path == "healthdcatap:hdab" and p.focus_node for p in rejection.problems)
    assert snapshot(publisher) == before
    record = publisher.record(DATASET)
    assert record is not None and len(record.versions) == 1


def test_a_syntax_error_names_line_and_column(publisher: Publisher) -> None:
    data = b'@prefix dct: <http://purl.org/dc/terms/> .\n<https://x.example/d> dct:title "open .\n'
    rejection = refused(publisher, data, LIH)
    assert rejection.codes == ["PARSE_ERROR"]
    assert "line 2" in rejection.problems[0].message
    assert publisher.store.count() == 0


def test_a_document_over_the_size_limit_is_refused_before_it_is_read(validator: ShaclValidator) -> None:
    small = Publisher(EmbeddedStore(), validator, archive=DocumentArchive(None), max_bytes=1000)
    rejection = refused(small, b"not even rdf " * 100, LIH)
    assert rejection.codes == ["PAYLOAD_TOO_LARGE"]
    assert "1,300 bytes" in rejection.problems[0].message and "1,000" in rejection.problems[0].message


@pytest.mark.parametrize(
    "document, found",
    [
        (b'<https://x.example/a> <http://purl.org/dc/terms/title> "a" .', "no dcat:Dataset"),
        (
            b"<https://x.example/a> a <http://www.w3.org/ns/dcat#Dataset> .\n"
            b"<https://x.example/b> a <http://www.w3.org/ns/dcat#Dataset> .",
            "2 datasets",
        ),
        (b"<https://x.example/c> a <http://www.w3.org/ns/dcat#Catalog> .", "a catalogue"),
    ],
)
def test_a_dataset_document_describes_exactly_one_dataset(publisher: Publisher, document: bytes, found: str) -> None:
    rejection = refused(publisher, document, LIH, RdfFormat.TURTLE)
    assert rejection.codes == ["NOT_ONE_DATASET"]
    assert found in rejection.problems[0].message


def test_withdraw_takes_the_dataset_out_and_keeps_its_history(publisher: Publisher) -> None:
    publisher.publish_dataset(bladder(), RdfFormat.TURTLE, LIH)
    withdrawn = publisher.withdraw(DATASET, LIH)
    assert (withdrawn.version, withdrawn.state) == (1, "revoked")
    assert not publisher.store.has_graph(GraphNames.for_resource(DATASET))
    assert publisher.store.has_graph(record_graph_name(DATASET))
    assert len(index_of(publisher)) == 0
    record = publisher.record(DATASET)
    assert record is not None and record.state is LifecycleState.REVOKED and record.versions[0].ended_at
    with pytest.raises(PublishRejected) as again:
        publisher.withdraw(DATASET, LIH)
    assert again.value.codes == ["ALREADY_WITHDRAWN"]
    # Published again: a new version, active, after the revoked one.
    back = publisher.publish_dataset(bladder(), RdfFormat.TURTLE, LIH)
    assert back.version == 2 and len(index_of(publisher)) == 1


def test_withdraw_of_another_participants_dataset_or_of_nothing_is_refused(publisher: Publisher) -> None:
    publisher.publish_dataset(bladder(), RdfFormat.TURTLE, LIH)
    before = snapshot(publisher)
    with pytest.raises(PublishRejected) as forbidden:
        publisher.withdraw(DATASET, NCCK)
    assert forbidden.value.codes == ["FORBIDDEN"]
    with pytest.raises(PublishRejected) as missing:
        publisher.withdraw("https://seed.hdsgraph.org/dataset/none", LIH)
    assert missing.value.codes == ["NOT_FOUND"]
    assert snapshot(publisher) == before


def test_a_failing_store_write_leaves_store_index_and_record_as_they_were(
    publisher: Publisher, monkeypatch: pytest.MonkeyPatch
) -> None:
    publisher.publish_dataset(bladder(), RdfFormat.TURTLE, LIH)
    before = snapshot(publisher)

    def broken(graphs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(publisher.store, "replace_graphs", broken)
    with pytest.raises(OSError):
        publisher.publish_dataset(bladder("retitled"), RdfFormat.TURTLE, LIH)
    monkeypatch.undo()
    assert snapshot(publisher) == before
    assert index_of(publisher).pending() == []
    record = publisher.record(DATASET)
    assert record is not None and len(record.versions) == 1


def test_seeds_are_owned_by_the_publisher_they_name(publisher: Publisher) -> None:
    from hdsgraph.ingest import Document

    published = publisher.seed(Document.from_file(BLADDER))
    record = publisher.record(published.id)
    assert record is not None and record.owner == LIH and record.versions[0].published_by is None
    # ... so that the publisher's own token may replace it, and no one else's.
    assert publisher.publish_dataset(bladder("retitled"), RdfFormat.TURTLE, LIH).version == 2
    assert refused(publisher, bladder("published by ncck"), NCCK).codes == ["FORBIDDEN"]


POLICY_DOCUMENT = b"""@prefix odrl: <http://www.w3.org/ns/odrl/2/> .
<https://example.org/policy/p> a odrl:Set ;
  odrl:permission [ odrl:target <https://example.org/ds> ; odrl:action odrl:use ;
    odrl:constraint <https://example.org/policy/p#c1> ] .
<https://example.org/policy/p#c1> odrl:leftOperand odrl:spatial ; odrl:operator odrl:gt ;
  odrl:rightOperand <https://w3id.org/hdsgraph/ontology#LU> .
"""


def test_a_policy_that_does_not_compile_is_refused_naming_the_constraint(validator: ShaclValidator) -> None:
    store = EmbeddedStore()
    publisher = Publisher(store, validator, archive=DocumentArchive(None), checks=[check_policies], clock=Clock())
    with pytest.raises(PublishRejected) as caught:
        publisher.seed(Document("policy.ttl", POLICY_DOCUMENT, RdfFormat.TURTLE))
    [problem] = caught.value.problems
    assert problem.code == "POLICY_INVALID"
    assert problem.focus_node == "https://example.org/policy/p#c1"
    assert "odrl:spatial odrl:gt hds:LU" in problem.message
    assert store.graphs() == []
    fixed = POLICY_DOCUMENT.replace(b"odrl:gt", b"odrl:eq")
    assert publisher.seed(Document("policy.ttl", fixed, RdfFormat.TURTLE)).triples > 0


def test_a_document_without_a_policy_passes_the_policy_check(publisher: Publisher) -> None:
    publisher.checks = (check_policies,)
    assert publisher.publish_dataset(BLADDER.read_bytes(), RdfFormat.TURTLE, LIH).version == 1
