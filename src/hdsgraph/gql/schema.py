"""The schema: the Query type plus the limits and caches every request goes through."""

from __future__ import annotations

from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from typing import NamedTuple

import strawberry
from graphql import (
    ExecutableDefinitionNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSyntaxError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions import ParserCache, SchemaExtension, ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from hdsgraph.core.errors import HdsgraphError
from hdsgraph.gql.errors import ErrorCodes, QueryLimitError
from hdsgraph.gql.hops import PeerErrors
from hdsgraph.gql.mutation import Mutation
from hdsgraph.gql.query import Query
from hdsgraph.gql.types.scalars import SCALARS

__all__ = ["LIMITS", "QueryLimits", "build_schema", "schema_sdl"]

LIMITS = {"max_depth": 10, "max_aliases": 30, "max_tokens": 5000}


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # A client's bad input is its answer, not the node's failure: log only what was not raised on purpose.
        unexpected = [
            e for e in errors if e.original_error is not None and not isinstance(e.original_error, HdsgraphError)
        ]
        if unexpected:
            super().process_errors(unexpected, execution_context)


class QueryLimits(SchemaExtension):
    """``LIMITS``, each refused with a ``QueryLimitError`` that names the limit, its value and what was found.

    strawberry's own limiters say neither the limit's name nor, for depth, how deep the query is.
    """

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        # Counted by the parser itself, which stops at the limit: an oversized document is never fully read.
        context.parse_options["max_tokens"] = LIMITS["max_tokens"]
        context.validation_rules = (*context.validation_rules, _DepthAndAliases)
        try:
            yield
        except GraphQLSyntaxError as error:
            # A parser cache parses inside its own hook, so a syntax error arrives raised instead of in the result.
            named = _named_token_limit(error)
            if named is error:
                raise
            raise named from error
        if context.result is not None and context.result.errors:
            context.result.errors = [_named_token_limit(e) for e in context.result.errors]


def _named_token_limit(error: GraphQLError) -> GraphQLError:
    maximum = LIMITS["max_tokens"]
    if not isinstance(error, GraphQLSyntaxError) or f"more than {maximum} tokens" not in error.message:
        return error
    found = f"the query has more than {maximum} tokens"
    return GraphQLError(
        found, source=error.source, positions=error.positions, original_error=_limit(found, "max_tokens")
    )


def _limit(found: str, limit: str, actual: int | None = None) -> QueryLimitError:
    return QueryLimitError(found, limit=limit, maximum=LIMITS[limit], actual=actual)


class _Shape(NamedTuple):
    """One operation or fragment before its fragment spreads are followed."""

    depth: int
    aliases: int
    spreads: list[tuple[str, int | None]]  # fragment name, depth at the spread (None: below introspection)


def _shape(definition: ExecutableDefinitionNode) -> _Shape:
    # Depth counts fields that have sub-selections, as strawberry's QueryDepthLimiter does. Introspection fields do
    # not count, nor anything below them: tools such as GraphiQL introspect deeper than any data query needs.
    depth = aliases = 0
    spreads: list[tuple[str, int | None]] = []
    # A stack, not recursion: a document nested hundreds deep must not exhaust Python's recursion limit.
    stack: list[tuple[SelectionSetNode, int | None]] = [(definition.selection_set, 0)]
    while stack:
        selection_set, level = stack.pop()
        for selection in selection_set.selections:
            if isinstance(selection, FragmentSpreadNode):
                spreads.append((selection.name.value, level))
            elif isinstance(selection, InlineFragmentNode):
                stack.append((selection.selection_set, level))
            elif isinstance(selection, FieldNode):
                aliases += selection.alias is not None
                if selection.selection_set is not None:
                    below = None if level is None or selection.name.value.startswith("__") else level + 1
                    depth = max(depth, below or 0)
                    stack.append((selection.selection_set, below))
    return _Shape(depth, aliases, spreads)


class _DepthAndAliases(ValidationRule):
    """Each operation's depth and the document's aliases, fragments expanded, against ``LIMITS``."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        definitions = [d for d in context.document.definitions if isinstance(d, ExecutableDefinitionNode)]
        shapes = [(d, _shape(d)) for d in definitions]
        fragments = {d.name.value: s for d, s in shapes if isinstance(d, FragmentDefinitionNode)}
        try:
            order = list(TopologicalSorter({n: {f for f, _ in s.spreads} for n, s in fragments.items()}).static_order())
        except CycleError:
            return  # NoFragmentCyclesRule refuses the document already
        # Depth and aliases of each fragment with its spreads followed, every fragment after those it spreads.
        expanded: dict[str, tuple[int, int]] = {}

        def expand(shape: _Shape) -> tuple[int, int]:
            known = [(expanded[name], level) for name, level in shape.spreads if name in expanded]
            depth = max([shape.depth, *(level + inner[0] for inner, level in known if level is not None)])
            return depth, shape.aliases + sum(inner[1] for inner, _ in known)

        for name in order:
            if name in fragments:  # an unknown fragment is KnownFragmentNamesRule's to report
                expanded[name] = expand(fragments[name])
        aliases = 0
        for definition, shape in shapes:
            if not isinstance(definition, OperationDefinitionNode):
                continue
            depth, operation_aliases = expand(shape)
            aliases += operation_aliases
            if depth > LIMITS["max_depth"]:
                found = f"the query is {depth} levels deep"
                self.report_error(GraphQLError(found, definition, original_error=_limit(found, "max_depth", depth)))
        if aliases > LIMITS["max_aliases"]:
            found = f"the query has {aliases} aliases"
            self.report_error(GraphQLError(found, original_error=_limit(found, "max_aliases", aliases)))


def build_schema() -> strawberry.Schema:
    return Schema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(scalar_map=SCALARS),
        extensions=[
            # Factories, not instances: an extension holds per-request state. The caches are shared anyway.
            # ErrorCodes comes first so that it sees every error last, after QueryLimits has named its own.
            ErrorCodes,
            PeerErrors,
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            QueryLimits,
        ],
    )


def schema_sdl() -> str:
    """The schema in SDL, as published in ``api/schema.graphql``."""
    return build_schema().as_str() + "\n"
