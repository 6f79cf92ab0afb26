"""DataLoaders, one set per request: every resource a response references is read in one batch (no N+1).

Vocabulary concepts need none: the node holds every vocabulary in memory (``catalogue.vocabulary``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from strawberry.dataloader import DataLoader
from strawberry.types import Info

from hdsgraph.core import model
from hdsgraph.gql.context import node_of
from hdsgraph.policy import CompiledPolicy

__all__ = ["Loaders", "add_described", "loaders_of", "request_lang"]

_KEY = "loaders"
_DESCRIBED = "described"


@dataclass
class Loaders:
    resources: DataLoader[str, model.Resource | None]
    # The policies governing each dataset, by dataset IRI: compiled and in memory, read in one call per batch.
    policies: DataLoader[str, tuple[CompiledPolicy, ...]]


def loaders_of(info: Info[Any, Any]) -> Loaders:
    """The request's loaders, made on first use and kept in its context."""
    context = info.context
    loaders: Loaders | None = context.get(_KEY)
    if loaders is None:
        node = node_of(info)

        async def resources(iris: Sequence[str]) -> list[model.Resource | None]:
            described: list[Mapping[str, model.Resource]] = context.get(_DESCRIBED, [])
            given = _from_described(described, iris) if described else {}
            found, missing = node.reader.cached([i for i in iris if i not in given])
            found.update(given)
            if missing:
                found.update(await asyncio.to_thread(node.reader.describe, missing))
            return [found.get(i) for i in iris]

        async def policies(datasets: Sequence[str]) -> list[tuple[CompiledPolicy, ...]]:
            return node.policies.of_datasets(datasets)

        loaders = Loaders(DataLoader(load_fn=resources), DataLoader(load_fn=policies))
        context[_KEY] = loaders
    return loaders


def add_described(info: Info[Any, Any], resources: Mapping[str, model.Resource]) -> None:
    """Resources a peer described, read instead of this node's own for the rest of the request: a peer's dataset
    shows what its own node says of it and of what it links to."""
    info.context.setdefault(_DESCRIBED, []).append(resources)


def _from_described(described: list[Mapping[str, model.Resource]], iris: Sequence[str]) -> dict[str, model.Resource]:
    # The first description that names an IRI gives it, as the first answer in a federated page comes first.
    given: dict[str, model.Resource] = {}
    for iri in iris:
        source = next((d for d in described if iri in d), None)
        if source is not None:
            given[iri] = source[iri]
    return given


def request_lang(info: Info[Any, Any], lang: str | None) -> str | None:
    """A field's own ``lang``, else the one the request gave ``datasets(lang:)``, else none (English)."""
    return lang if lang else info.context.get("lang")
