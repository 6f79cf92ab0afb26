"""What a write answers: ``Published`` or ``Rejected`` with every problem, a typed result rather than an error."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from hdsgraph.core.formats import RdfFormat as CoreRdfFormat
from hdsgraph.ingest import DocumentRecord as CoreRecord
from hdsgraph.ingest import Problem as CoreProblem
from hdsgraph.ingest import Published as CorePublished
from hdsgraph.ingest import Version as CoreVersion

__all__ = ["Problem", "PublishResult", "Published", "RdfFormat", "Rejected"]


@strawberry.enum(description="The RDF syntax a published document is written in.")
class RdfFormat(Enum):
    TURTLE = "TURTLE"
    JSON_LD = "JSON_LD"
    RDF_XML = "RDF_XML"
    N_TRIPLES = "N_TRIPLES"

    def core(self) -> CoreRdfFormat:
        return CoreRdfFormat[self.value]


@strawberry.type(description="One reason a write was refused, or one thing to improve (severity WARNING or INFO).")
class Problem:
    code: str = strawberry.field(description="Stable code: PARSE_ERROR, CREDENTIAL_INVALID, VALIDATION_FAILED, …")
    message: str
    focus_node: str | None = strawberry.field(description="The resource the problem is about, when known.")
    path: str | None = strawberry.field(description="The property (or JSON path) the problem is at, when known.")
    value: str | None = strawberry.field(description="The offending value, when there is one.")
    severity: str = strawberry.field(description="VIOLATION blocks a write; WARNING and INFO do not.")

    @classmethod
    def of(cls, problem: CoreProblem) -> Problem:
        return cls(
            code=problem.code,
            message=problem.message,
            focus_node=problem.focus_node,
            path=problem.path,
            value=problem.value,
            severity=problem.severity,
        )


@strawberry.type(description="The write was stored: the resource, its new version and the named graph holding it.")
class Published:
    id: strawberry.ID
    version: int
    graph: str
    state: str = strawberry.field(description="Lifecycle state of this version: active, or revoked after withdraw.")
    warnings: list[Problem] = strawberry.field(description="SHACL warnings: not blocking, worth fixing.")

    @classmethod
    def of(cls, published: CorePublished) -> Published:
        return cls(
            id=strawberry.ID(published.id),
            version=published.version,
            graph=published.graph,
            state=published.state,
            warnings=[Problem.of(w) for w in published.warnings],
        )


@strawberry.type(description="Nothing was stored; every problem the check that stopped the write found.")
class Rejected:
    errors: list[Problem]


PublishResult = Annotated[Published | Rejected, strawberry.union("PublishResult")]


@strawberry.type(description="One version of a published resource, with its provenance.")
class PublishedVersion:
    version: int
    state: str = strawberry.field(description="active (current), deprecated (replaced) or revoked (withdrawn).")
    content_hash: str = strawberry.field(description="sha256 of the document as received; the node keeps the bytes.")
    media_type: str
    published_at: datetime
    published_by: str | None = strawberry.field(description="The participant who published it; null for seeds.")
    ended_at: datetime | None = strawberry.field(description="When it was replaced or withdrawn.")
    credentials: list[PublishedCredential] = strawberry.field(
        description="The credentials of a self-description: who issued each, and its digest."
    )

    @classmethod
    def of(cls, version: CoreVersion) -> PublishedVersion:
        return cls(
            version=version.number,
            state=version.state.value,
            content_hash=version.content_hash,
            media_type=version.media_type,
            published_at=version.published_at,
            published_by=version.published_by,
            ended_at=version.ended_at,
            credentials=[PublishedCredential(issuer=i, digest=d) for i, d in version.credentials],
        )


@strawberry.type(description="A credential held by a published self-description.")
class PublishedCredential:
    issuer: str
    digest: str


@strawberry.type(description="Who owns a published resource, its lifecycle state and every version, oldest first.")
class PublicationRecord:
    id: strawberry.ID
    kind: str = strawberry.field(description="dataset, self-description or document.")
    owner: str | None
    state: str | None
    versions: list[PublishedVersion]

    @classmethod
    def of(cls, record: CoreRecord) -> PublicationRecord:
        return cls(
            id=strawberry.ID(record.resource),
            kind=record.kind,
            owner=record.owner,
            state=record.state.value if record.state else None,
            versions=[PublishedVersion.of(v) for v in record.versions],
        )
