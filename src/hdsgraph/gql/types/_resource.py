"""Helpers the resource types share: resolving references through the request's loaders, reading literals."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from hdsgraph.core import model
from hdsgraph.gql.loaders import loaders_of

__all__ = ["integer", "resource_of", "resources"]


async def resources(info: Info[Any, Any], refs: list[model.Ref]) -> list[model.Resource]:
    """The resources ``refs`` point to: blank nodes as described inline, IRIs through the loader (one batch).

    An IRI that nothing describes still yields a resource (with its IRI only): the reference is kept visible.
    """
    loaded = await loaders_of(info).resources.load_many([r.iri for r in refs if r.iri is not None])
    found = iter(loaded)
    out = []
    for ref in refs:
        if ref.iri is None:
            out.append(ref.resource or model.Resource(None))
        else:
            out.append(next(found) or model.Resource(ref.iri))
    return out


async def resource_of(info: Info[Any, Any], refs: list[model.Ref]) -> model.Resource | None:
    found = await resources(info, refs[:1]) if refs else []
    return found[0] if found else None


def integer(resource: model.Resource, predicate: str) -> int | None:
    for lit in resource.literals(predicate):
        try:
            return int(lit.value)
        except ValueError:
            try:
                return int(float(lit.value))
            except ValueError:
                continue
    return None
