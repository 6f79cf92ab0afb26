"""The record of a published resource: who owns it, its lifecycle state, and every version with its provenance.

A record is a head graph (``urn:hdsgraph:record:<resource>``: owner, kind, the current version) and one graph per
version (``…#v<n>``: content hash, media type, time, who, state, the credentials a self-description held). They
change in the same store transaction as the document's graph. A publish reads the head and the current version
only and writes the head, the version it ends and the new one, so its cost does not grow with the history. The
subjects are records and versions, never the resource itself, so reading a dataset's description never picks up
bookkeeping. The bytes of every version stay in the document archive under its content hash.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum

import pyoxigraph as ox
from rdflib.term import URIRef

from hdsgraph.core import model
from hdsgraph.core.vocab import DCT, HDS, PROV, RDF, XSD
from hdsgraph.store.base import GraphStore, ParsedGraph

__all__ = [
    "DocumentRecord",
    "LifecycleState",
    "Version",
    "read_record",
    "record_graph_name",
    "record_graphs",
    "version_graph_name",
]

RECORD_PREFIX = "urn:hdsgraph:record:"


def record_graph_name(resource: str) -> str:
    # A resource IRI may have a fragment (Gaia-X participants often do); encoded, so that a version's graph can
    # add its own fragment and still be an IRI.
    return f"{RECORD_PREFIX}{resource.replace('%', '%25').replace('#', '%23')}"


def version_graph_name(resource: str, number: int) -> str:
    return f"{record_graph_name(resource)}#v{number}"


class LifecycleState(Enum):
    """As in Gaia-X catalogues: the current version is active, a replaced one deprecated, a withdrawn one revoked."""

    ACTIVE = "active"
    DEPRECATED = "deprecated"
    REVOKED = "revoked"

    @property
    def iri(self) -> str:
        return str(HDS[self.name.capitalize()])

    @classmethod
    def from_iri(cls, iri: str) -> LifecycleState:
        for state in cls:
            if state.iri == iri:
                return state
        raise ValueError(f"not a lifecycle state: {iri}")


@dataclass(frozen=True)
class Version:
    number: int
    state: LifecycleState
    content_hash: str
    media_type: str
    published_at: datetime
    published_by: str | None
    ended_at: datetime | None = None  # when it was replaced or withdrawn
    # Credentials a self-description held: (issuer, content digest) each; what an auditor checks a copy against.
    credentials: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentRecord:
    resource: str
    kind: str  # "dataset" | "self-description" | "document"
    owner: str | None
    versions: tuple[Version, ...] = field(default=())  # oldest first; only the current one unless read with history
    count: int = 0  # how many versions there are, read or not

    @property
    def graph(self) -> str:
        return record_graph_name(self.resource)

    @property
    def current(self) -> Version | None:
        return self.versions[-1] if self.versions else None

    @property
    def state(self) -> LifecycleState | None:
        return self.current.state if self.current else None

    def with_version(self, version: Version, at: datetime) -> DocumentRecord:
        """A new current version; the one before becomes deprecated (or stays revoked)."""
        ended = tuple(_ended(v, LifecycleState.DEPRECATED, at) for v in self.versions)
        return replace(self, versions=(*ended, version), count=version.number)

    def withdrawn(self, at: datetime) -> DocumentRecord:
        versions = list(self.versions)
        versions[-1] = _ended(versions[-1], LifecycleState.REVOKED, at)
        return replace(self, versions=tuple(versions))


def _ended(version: Version, state: LifecycleState, at: datetime) -> Version:
    if version.state is not LifecycleState.ACTIVE:
        return version
    return replace(version, state=state, ended_at=at)


# -- writing ---------------------------------------------------------------------------------------------------


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _text(value: str) -> ox.Literal:
    return ox.Literal(value)


def _time(value: datetime) -> ox.Literal:
    return ox.Literal(value.isoformat(), datatype=_iri(str(XSD.dateTime)))


def record_graphs(record: DocumentRecord, document_graph: str, versions: Iterable[int]) -> dict[str, ParsedGraph]:
    """The head graph and the graphs of ``versions`` (those that changed), ready for ``replace_graphs``."""
    head = _iri(record.graph)
    triples = [
        ox.Triple(head, _iri(str(RDF.type)), _iri(str(HDS.DocumentRecord))),
        ox.Triple(head, _iri(str(HDS.resource)), _iri(record.resource)),  # as written, fragment and all
        ox.Triple(head, _iri(str(HDS.documentGraph)), _iri(document_graph)),
        ox.Triple(head, _iri(str(HDS.documentKind)), _text(record.kind)),
        ox.Triple(head, _iri(str(HDS.versionCount)), ox.Literal(str(record.count), datatype=_iri(str(XSD.integer)))),
    ]
    if record.owner:
        triples.append(ox.Triple(head, _iri(str(HDS.owner)), _iri(record.owner)))
    current = record.current
    if current is not None:
        triples.append(
            ox.Triple(head, _iri(str(HDS.currentVersion)), _iri(version_graph_name(record.resource, current.number)))
        )
    graphs = {record.graph: ParsedGraph(triples)}
    wanted = set(versions)
    for version in record.versions:
        if version.number in wanted:
            name = version_graph_name(record.resource, version.number)
            graphs[name] = ParsedGraph(_version_triples(_iri(name), head, version))
    return graphs


def _version_triples(node: ox.NamedNode, head: ox.NamedNode, version: Version) -> list[ox.Triple]:
    def add(predicate: str, value: ox.NamedNode | ox.Literal) -> None:
        triples.append(ox.Triple(node, _iri(predicate), value))

    triples: list[ox.Triple] = []
    add(str(RDF.type), _iri(str(HDS.DocumentVersion)))
    add(str(HDS.versionOf), head)
    add(str(HDS.versionNumber), ox.Literal(str(version.number), datatype=_iri(str(XSD.integer))))
    add(str(HDS.state), _iri(version.state.iri))
    add(str(HDS.contentHash), _text(version.content_hash))
    add(str(DCT.format), _text(version.media_type))
    add(str(PROV.generatedAtTime), _time(version.published_at))
    if version.published_by:
        add(str(PROV.wasAttributedTo), _iri(version.published_by))
    if version.ended_at is not None:
        add(str(PROV.invalidatedAtTime), _time(version.ended_at))
    if version.credentials:
        add(str(HDS.credentials), _text(json.dumps([list(c) for c in version.credentials])))
    if version.warnings:
        add(str(HDS.validationWarnings), _text(json.dumps(list(version.warnings))))
    return triples


# -- reading ---------------------------------------------------------------------------------------------------

_READ = "SELECT ?g ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def read_record(store: GraphStore, resource: str, *, history: bool = False) -> DocumentRecord | None:
    """The record of ``resource`` with its current version (with ``history``, every version), or ``None``."""
    name = record_graph_name(resource)
    if not store.has_graph(name):  # nothing published as ``resource`` yet: no query to run
        return None
    head = _properties(store, [name]).get(name)
    if not head or str(HDS.resource) not in head:
        return None
    count = int(_one(head, HDS.versionCount) or 0)
    numbers = range(1, count + 1) if history else range(count, count + 1) if count else range(0)
    names = [version_graph_name(resource, n) for n in numbers]
    found = _properties(store, names) if names else {}
    versions = tuple(_read_version(found[name]) for name in names if name in found)
    owner = _one(head, HDS.owner)
    return DocumentRecord(
        resource=resource,
        kind=_one(head, HDS.documentKind) or "document",
        owner=owner,
        versions=versions,
        count=count,
    )


def _properties(store: GraphStore, graphs: list[str]) -> dict[str, dict[str, list[str]]]:
    rows = store.select_plain(_READ, {"g": [URIRef(g) for g in graphs]})
    out: dict[str, dict[str, list[str]]] = {}
    for row in rows:
        graph, predicate, value = row.get("g"), row.get("p"), row.get("o")
        if graph is None or predicate is None or value is None:
            continue
        text = value.value if isinstance(value, model.Literal) else str(value)
        out.setdefault(str(graph), {}).setdefault(str(predicate), []).append(text)
    return out


def _one(properties: dict[str, list[str]], predicate: object) -> str | None:
    values = properties.get(str(predicate))
    return values[0] if values else None


def _read_version(properties: dict[str, list[str]]) -> Version:
    def time(predicate: object) -> datetime | None:
        found = _one(properties, predicate)
        return datetime.fromisoformat(found) if found is not None else None

    published_at = time(PROV.generatedAtTime)
    assert published_at is not None, "a record version without prov:generatedAtTime"
    credentials = _one(properties, HDS.credentials)
    warnings = _one(properties, HDS.validationWarnings)
    return Version(
        number=int(_one(properties, HDS.versionNumber) or 0),
        state=LifecycleState.from_iri(_one(properties, HDS.state) or ""),
        content_hash=_one(properties, HDS.contentHash) or "",
        media_type=_one(properties, DCT.format) or "",
        published_at=published_at,
        published_by=_one(properties, PROV.wasAttributedTo),
        ended_at=time(PROV.invalidatedAtTime),
        credentials=tuple((str(i), str(d)) for i, d in json.loads(credentials)) if credentials else (),
        warnings=tuple(json.loads(warnings)) if warnings else (),
    )
