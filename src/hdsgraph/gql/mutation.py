"""The root ``Mutation`` type: participants' writes, each authenticated by its bearer token.

Expected failures (no token, not the caller's, a document that fails a check) answer ``Rejected`` with every
problem, not a GraphQL error: a publisher's client reads them like any other result.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import strawberry
from strawberry.types import Info

from hdsgraph.core.errors import HdsgraphError
from hdsgraph.gql.context import node_of
from hdsgraph.gql.types.publishing import Problem, Published, PublishResult, RdfFormat, Rejected
from hdsgraph.ingest import Problem as CoreProblem
from hdsgraph.ingest import Published as CorePublished
from hdsgraph.ingest import PublishRejected

__all__ = ["Mutation"]


def _caller(info: Info[Any, Any]) -> str:
    context = info.context
    request = context.get("request") if isinstance(context, dict) else getattr(context, "request", None)
    # Executed without an HTTP request (a script, a test), there is no Authorization header to prove anything.
    header = request.headers.get("authorization") if request is not None else None
    return node_of(info).authenticator.participant(header)


async def _write(info: Info[Any, Any], write: Callable[[str], CorePublished]) -> PublishResult:
    try:
        caller = _caller(info)
        # Checks and the store write block: keep the event loop free for other requests meanwhile.
        published = await asyncio.to_thread(write, caller)
    except PublishRejected as rejected:
        return Rejected(errors=[Problem.of(p) for p in rejected.problems])
    except HdsgraphError as error:  # UNAUTHENTICATED, and any other refusal with a code of its own
        return Rejected(errors=[Problem.of(CoreProblem.from_error(error))])
    return Published.of(published)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Publish a DCAT-AP / HealthDCAT-AP dataset description (create, or replace as a new version). "
        "The caller must be the dataset's dct:publisher."
    )
    async def publish_dataset(self, info: Info[Any, Any], document: str, format: RdfFormat) -> PublishResult:
        publisher = node_of(info).publisher
        data = document.encode("utf-8")
        return await _write(info, lambda caller: publisher.publish_dataset(data, format.core(), caller))

    @strawberry.mutation(
        description="Publish a Gaia-X self-description: a signed verifiable presentation or credential (Tagus "
        "JSON-LD with JsonWebSignature2020 proofs, or Loire VC-JWTs, enveloped or bare)."
    )
    async def publish_self_description(self, info: Info[Any, Any], document: str) -> PublishResult:
        publisher = node_of(info).publisher
        data = document.encode("utf-8")
        return await _write(info, lambda caller: publisher.publish_self_description(data, caller))

    @strawberry.mutation(
        description="Withdraw what the caller published: it leaves the catalogue; its record and history stay."
    )
    async def withdraw(self, info: Info[Any, Any], id: strawberry.ID) -> PublishResult:
        publisher = node_of(info).publisher
        return await _write(info, lambda caller: publisher.withdraw(str(id), caller))
