"""Publishing: every check before one triple is stored, then the document, its record and the index in one step.

Checks run in the order participants read about them: size, syntax (with JSON-LD contexts from bundled copies only),
proofs (self-descriptions), SHACL, Gaia-X rules, ownership. The first check that fails stops the publish with all of
its problems; nothing after it runs, and nothing is written.

The write itself: derived views (the search index, caches) compute their change first, the document's bytes go to the
archive, the views note the change as pending, then the store replaces the document's graph and its record graph in
one transaction, and the views commit. A crash after the store transaction leaves the index marked pending, which
the next start repairs (``recover_pending``); a crash before it leaves the store, the index and every record as
they were.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import URIRef

from hdsgraph.core.errors import HdsgraphError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.vocab import DCAT, DCT, GX, ODRL, RDF, GraphNames
from hdsgraph.credentials.registry import TrustRegistry
from hdsgraph.ingest.archive import DocumentArchive
from hdsgraph.ingest.content import Content
from hdsgraph.ingest.documents import Document
from hdsgraph.ingest.loader import DerivedView, write_in_step
from hdsgraph.ingest.naming import graph_name_for, primary_resource
from hdsgraph.ingest.outcome import Problem, Published, PublishRejected, problems_from_report
from hdsgraph.ingest.records import DocumentRecord, LifecycleState, Version, read_record, record_graphs
from hdsgraph.ingest.self_descriptions import check_self_description, owners_named, self_description_owner_check
from hdsgraph.rdfio import parse_document
from hdsgraph.store.base import GraphStore, ParsedGraph
from hdsgraph.validation import ShaclValidator, ValidationReport

__all__ = ["Publisher", "owner_of"]

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Publisher:
    """Writes of participants (``publish_*``, ``withdraw``) and of the node itself (``seed``), one at a time."""

    def __init__(
        self,
        store: GraphStore,
        validator: ShaclValidator,
        *,
        archive: DocumentArchive,
        views: Sequence[DerivedView] = (),
        registry: Callable[[], TrustRegistry] = TrustRegistry,
        max_bytes: int = 16 * 1024 * 1024,
        clock: Clock = _utc_now,
        checks: Sequence[Callable[[Content], object]] = (),
    ) -> None:
        self.store = store
        self.validator = validator
        self.archive = archive
        self.views = tuple(views)
        # Read at each self-description, so that DID documents registered while the node runs count at once.
        self.registry = registry
        self.max_bytes = max_bytes
        self.clock = clock
        # Checks of the parsed document that other layers own (policies compile), each raising an HdsgraphError.
        self.checks = tuple(checks)
        # A publish reads the record it replaces: two at once could both build on the same version.
        self._lock = threading.Lock()

    # -- participants' writes -------------------------------------------------------------------------------

    def publish_dataset(self, data: bytes, format: RdfFormat, caller: str, *, source: str = "document") -> Published:
        """Store a DCAT-AP / HealthDCAT-AP dataset description published by ``caller`` (a participant IRI)."""
        self.check_size(data, source)
        content = self.check_dataset(data, format, source)
        with self._lock:
            record = read_record(self.store, content.resource)
            self.check_dataset_owner(content, record, caller, source)
            return self._store_version(content, record, owner=caller, by=caller)

    def publish_self_description(self, data: bytes, caller: str, *, source: str = "presentation") -> Published:
        """Store a Gaia-X self-description (a signed presentation or credential) published by ``caller``."""
        self.check_size(data, source)
        content = self._check_self_description(data, source)
        with self._lock:
            record = read_record(self.store, content.resource)
            self_description_owner_check(content, record, caller, source)
            return self._store_version(content, record, owner=caller, by=caller)

    def _check_self_description(self, data: bytes, source: str) -> Content:
        content, _ = check_self_description(
            data,
            registry=self.registry(),
            validator=self.validator,
            at=self.clock(),
            source=source,
            known_issuers=self._issuers_of,
        )
        return content

    def _issuers_of(self, participant: str) -> list[str]:
        """Who signed the self-description a participant published last: who may sign for it."""
        record = read_record(self.store, participant)
        current = record.current if record is not None else None
        if current is None or current.state is not LifecycleState.ACTIVE:
            return []
        return sorted({issuer for issuer, _ in current.credentials})

    def withdraw(self, resource: str, caller: str) -> Published:
        """Take ``resource`` out of the catalogue; its record and every version stay, the last one revoked."""
        with self._lock:
            record = read_record(self.store, resource)
            graph = GraphNames.for_resource(resource)
            if record is None or record.current is None:
                if self.store.has_graph(graph):
                    record = DocumentRecord(resource, "document", owner=None)
                else:
                    raise PublishRejected(
                        resource,
                        [
                            Problem(
                                "NOT_FOUND",
                                f"nothing is published as {resource}; give the id a publish returned",
                                value=resource,
                            )
                        ],
                    )
            owner = record.owner or self._publisher_in_store(graph)
            if owner != caller:
                raise PublishRejected(resource, [_forbidden(resource, caller, owner)])
            current = record.current
            if current is not None and current.state is LifecycleState.REVOKED:
                raise PublishRejected(
                    resource,
                    [Problem("ALREADY_WITHDRAWN", f"{resource} was withdrawn at {current.ended_at}", value=resource)],
                )
            now = self.clock()
            if current is None:  # a graph loaded without a record: its withdrawal is its first recorded version
                empty = self.archive.put(b"")
                record = record.with_version(
                    Version(1, LifecycleState.ACTIVE, empty, RdfFormat.N_TRIPLES.media_type, now, None), now
                )
            record = record.withdrawn(now)
            self._write(graph, None, [], record, [record.count])
            return Published(resource, record.versions[-1].number, graph, state=LifecycleState.REVOKED.value)

    # -- the node's own writes --------------------------------------------------------------------------------

    def seed(self, document: Document) -> Published:
        """Store a document the node ships (seeds): checked like any other, owned by whom its content names."""
        self.check_size(document.data, document.source)
        content = self.check_document(document.data, document.format, document.source)
        with self._lock:
            record = read_record(self.store, content.resource)
            owner = owner_of(content.graph, URIRef(content.resource))
            return self._store_version(content, record, owner=owner, by=None)

    def seed_self_description(self, data: bytes, *, source: str) -> Published:
        """A shipped self-description: verified and checked like any other, owned by whom it is about."""
        self.check_size(data, source)
        content = self._check_self_description(data, source)
        owners = owners_named(content.graph, URIRef(content.resource))
        with self._lock:
            record = read_record(self.store, content.resource)
            return self._store_version(content, record, owner=owners[0] if owners else None, by=None)

    def record(self, resource: str) -> DocumentRecord | None:
        """The record of ``resource`` with every version, oldest first."""
        return read_record(self.store, resource, history=True)

    # -- checks ----------------------------------------------------------------------------------------------

    def check_size(self, data: bytes, source: str) -> None:
        if len(data) > self.max_bytes:
            raise PublishRejected(
                source,
                [
                    Problem(
                        "PAYLOAD_TOO_LARGE",
                        f"the document is {len(data):,} bytes; this node accepts documents up to {self.max_bytes:,} "
                        "bytes (HDSGRAPH_MAX_DOCUMENT_MB); split it, or load prepared catalogues with "
                        "`hdsgraph load --bulk`",
                        value=str(len(data)),
                    )
                ],
            )

    def check_document(self, data: bytes, format: RdfFormat, source: str) -> Content:
        """Parse and SHACL-check any document; its resource is its primary resource (see ``naming``)."""
        triples, terms = self._parse(data, format, source)
        report = self.validator.validate(terms)
        _refuse_violations(report, source)
        content = Content("", "document", triples, terms, data, format.media_type, report)
        self._run_checks(content, source)
        graph = content.graph
        resource = primary_resource(graph)
        name = graph_name_for(graph, data)
        kind = "dataset" if resource is not None and (resource, RDF.type, DCAT.Dataset) in graph else "document"
        iri = str(resource) if resource is not None else name.removeprefix(GraphNames.DOCUMENT_PREFIX)
        return Content(iri, kind, triples, terms, data, format.media_type, report)

    def check_dataset(self, data: bytes, format: RdfFormat, source: str) -> Content:
        triples, terms = self._parse(data, format, source)
        dataset = _the_dataset(triples, source)
        report = self.validator.validate(terms)
        _refuse_violations(report, source)
        content = Content(str(dataset), "dataset", triples, terms, data, format.media_type, report)
        self._run_checks(content, source)
        return content

    def _parse(self, data: bytes, format: RdfFormat, source: str) -> tuple[list[ox.Triple], list[tuple[Any, Any, Any]]]:
        try:
            triples = parse_document(data, format, source=source)
        except HdsgraphError as e:
            raise PublishRejected(source, [Problem.from_error(e)]) from e
        return triples, self.validator.rdflib_triples(triples)

    def _run_checks(self, content: Content, source: str) -> None:
        for check in self.checks:
            try:
                check(content)
            except HdsgraphError as e:
                raise PublishRejected(source, [_problem_of(e)]) from e

    def check_dataset_owner(self, content: Content, record: DocumentRecord | None, caller: str, source: str) -> None:
        dataset = URIRef(content.resource)
        # Oxigraph's terms compare without Python code; ``value`` is what ``str`` of the rdflib term gives.
        subject, publisher = ox.NamedNode(content.resource), ox.NamedNode(str(DCT.publisher))
        publishers = sorted(
            {
                t.object.value
                for t in content.triples
                if t.subject == subject and t.predicate == publisher and not isinstance(t.object, ox.Triple)
            }
        )
        if caller not in publishers:
            raise PublishRejected(
                source,
                [
                    Problem(
                        "FORBIDDEN",
                        f"{caller} may publish only datasets it publishes; this document names "
                        f"{', '.join(publishers) or 'no one'} as dct:publisher of {dataset}",
                        focus_node=str(dataset),
                        path=str(DCT.publisher),
                        value=", ".join(publishers) or None,
                    )
                ],
            )
        owner = record.owner if record is not None else self._publisher_in_store(GraphNames.for_resource(str(dataset)))
        if owner is not None and owner != caller:
            raise PublishRejected(source, [_forbidden(str(dataset), caller, owner)])

    def _publisher_in_store(self, graph: str) -> str | None:
        if not self.store.has_graph(graph):  # a first publish: no query to run
            return None
        rows = self.store.select(
            f"SELECT ?p WHERE {{ GRAPH ?g {{ ?d <{DCT.publisher}> ?p }} }} ORDER BY ?p LIMIT 1", {"g": URIRef(graph)}
        )
        return str(rows[0]["p"]) if rows else None

    # -- the write -----------------------------------------------------------------------------------------------

    def _store_version(
        self, content: Content, record: DocumentRecord | None, *, owner: str | None, by: str | None
    ) -> Published:
        now = self.clock()
        digest = self.archive.put(content.data)
        record = record or DocumentRecord(content.resource, content.kind, owner)
        version = Version(
            number=record.count + 1,
            state=LifecycleState.ACTIVE,
            content_hash=digest,
            media_type=content.media_type,
            published_at=now,
            published_by=by,
            credentials=content.credentials,
            warnings=tuple(r.message for r in content.report.results if r.severity.name != "VIOLATION"),
        )
        record = record.with_version(version, now)
        graph = GraphNames.for_resource(content.resource)
        # The version before (now ended) and the new one change; older versions stay as they are.
        self._write(graph, ParsedGraph(content.triples), content.triples, record, [version.number - 1, version.number])
        warnings = tuple(p for p in problems_from_report(content.report) if p.severity != "VIOLATION")
        return Published(content.resource, version.number, graph, warnings=warnings, triples=len(content.triples))

    def _write(
        self,
        graph: str,
        body: ParsedGraph | None,
        triples: Sequence[Any],
        record: DocumentRecord,
        versions: list[int],
    ) -> None:
        graphs = {
            graph: body,
            **record_graphs(record, graph, versions),
        }
        write_in_step(self.views, graph, triples, lambda: self.store.replace_graphs(graphs))


def owner_of(graph: Graph, resource: URIRef) -> str | None:
    """Who a shipped document belongs to: a dataset's publisher, an offering's provider, a policy's assigner."""
    for predicate in (DCT.publisher, GX.providedBy, ODRL.assigner):
        found = sorted(str(o) for o in graph.objects(resource, predicate) if isinstance(o, URIRef))
        if found:
            return found[0]
    if (resource, RDF.type, GX.LegalPerson) in graph:
        return str(resource)
    return None


def _the_dataset(triples: list[ox.Triple], source: str) -> URIRef:
    rdf_type = ox.NamedNode(str(RDF.type))

    def typed(kind: URIRef) -> list[URIRef]:
        node = ox.NamedNode(str(kind))
        found = {
            t.subject.value
            for t in triples
            if t.predicate == rdf_type and t.object == node and isinstance(t.subject, ox.NamedNode)
        }
        return [URIRef(iri) for iri in sorted(found)]

    datasets, catalogues = typed(DCAT.Dataset), typed(DCAT.Catalog)
    if len(datasets) == 1 and not catalogues:
        return datasets[0]
    if catalogues:
        found = f"a catalogue ({catalogues[0]})"
    elif datasets:
        found = (
            f"{len(datasets)} datasets ({', '.join(str(d) for d in datasets[:3])}{' …' if len(datasets) > 3 else ''})"
        )
    else:
        found = "no dcat:Dataset named by an IRI"
    raise PublishRejected(
        source,
        [
            Problem(
                "NOT_ONE_DATASET",
                f"a dataset document describes exactly one dcat:Dataset named by an IRI; this one has {found}",
            )
        ],
    )


def _refuse_violations(report: ValidationReport, source: str) -> None:
    if not report.conforms:
        raise PublishRejected(source, [p for p in problems_from_report(report) if p.severity == "VIOLATION"])


def _problem_of(error: HdsgraphError) -> Problem:
    """A check's error as a problem: for a policy, the constraint (else rule, else policy) it names is the focus."""
    details = error.details
    focus = details.get("constraint") or details.get("rule") or details.get("policy") or details.get("focus_node")
    operand = details.get("left_operand")
    return Problem(
        error.code,
        error.message,
        focus_node=None if focus is None else str(focus),
        path=None if operand is None else str(operand),
        value=None if details.get("operator") is None else str(details["operator"]),
    )


def _forbidden(resource: str, caller: str, owner: str | None) -> Problem:
    return Problem(
        "FORBIDDEN",
        f"{resource} belongs to {owner or 'the node'}; {caller} may change only what it published",
        focus_node=resource,
        value=caller,
    )
