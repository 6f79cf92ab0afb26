"""A shape's evaluation skipped when it is certain to produce no validation result at all.

Most of what a publisher sends conforms: of the ~320 shape evaluations of a HealthDCAT-AP dataset, a handful
produce a result. pyshacl pays for its full machinery on every one of them (evaluation paths, recursion checks,
one property shape per value node, result lists merged level by level). ``conforms_quickly`` answers the one
question most evaluations need, *is there any result?*, with the same constraint components:

- components that judge value nodes directly (``sh:minCount``, ``sh:class``, ``sh:datatype``, ``sh:in``,
  ``sh:closed`` …) are asked through their own pyshacl ``evaluate``, so their semantics are pyshacl's own;
- ``sh:property``, ``sh:node``, ``sh:or`` and ``sh:and`` are followed here, into the member shapes, the way
  pyshacl follows them;
- anything else (``sh:not``, ``sh:xone``, qualified value shapes, SPARQL-based and custom components, shapes it
  meets again below themselves) makes the answer "not certain".

The answer is one-sided: ``True`` only when every component of the shape, and of every shape it reaches, finds
nothing, which is when pyshacl's evaluation conforms with an empty result list (whatever the severities). ``False``
means "not certain", and the shape is then evaluated by pyshacl as before, its nested shapes again asking here
first. So the report of a document is pyshacl's report, built only for the evaluations that have something in it.
``tests/validation/test_quick_conformance.py`` compares reports with and without this on the seeds and on broken
copies of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pyshacl.constraints.core.logical_constraints import AndConstraintComponent, OrConstraintComponent
from pyshacl.constraints.core.shape_based_constraints import NodeConstraintComponent, PropertyConstraintComponent
from pyshacl.shape import Shape

from hdsgraph.validation._work_graph import WorkDataGraph

__all__ = ["conforms_quickly", "enabled", "leaf_component"]

# Off only to compare reports with pyshacl's full evaluation (tests).
enabled = True

# Components that read value nodes (and the data graph around them) but never another shape.
_LEAF_NAMES = frozenset(
    {
        "ClassConstraintComponent",
        "DatatypeConstraintComponent",
        "NodeKindConstraintComponent",
        "MinCountConstraintComponent",
        "MaxCountConstraintComponent",
        "MinExclusiveConstraintComponent",
        "MinInclusiveConstraintComponent",
        "MaxExclusiveConstraintComponent",
        "MaxInclusiveConstraintComponent",
        "MinLengthConstraintComponent",
        "MaxLengthConstraintComponent",
        "PatternConstraintComponent",
        "LanguageInConstraintComponent",
        "UniqueLangConstraintComponent",
        "EqualsConstraintComponent",
        "DisjointConstraintComponent",
        "LessThanConstraintComponent",
        "LessThanOrEqualsConstraintComponent",
        "InConstraintComponent",
        "HasValueConstraintComponent",
        "ClosedConstraintComponent",
    }
)
_leaf_kinds: dict[type, bool] = {}

# Deeper than any chain of the project's shapes; a deeper one is left to pyshacl and its recursion checks.
_MAX_DEPTH = 24


def leaf_component(component: Any) -> bool:
    """Whether ``component`` is one of pyshacl's core components that never evaluate another shape."""
    kind = type(component)
    found = _leaf_kinds.get(kind)
    if found is None:
        # By pyshacl's own name for the component, and only for pyshacl's own classes: a subclass may do more.
        found = _leaf_kinds[kind] = (
            kind.__module__.startswith("pyshacl.constraints.core.") and kind.constraint_name() in _LEAF_NAMES
        )
    return found


def conforms_quickly(
    shape: Shape,
    executor: Any,
    target_graph: Any,
    focus: Sequence[Any],
    components_of: Callable[[Shape], tuple[list[Any], list[Any]]],
) -> bool:
    """True when evaluating ``shape`` on ``focus`` is certain to give no validation result; False when unsure."""
    return _Question(executor, target_graph, components_of).conforms(shape, focus, ())


def _answers(graph: Any) -> dict[tuple[Any, frozenset[Any]], bool]:
    """The answers given so far on this data graph: a shape that is not certain is evaluated by pyshacl, which
    asks again for each shape below it. Kept on work graphs only, which live for one validation and never change."""
    if type(graph) is not WorkDataGraph:
        return {}
    return graph.quick_answers


class _Question:
    """What one question is asked with: pyshacl's executor, the data graph, where a shape's components are."""

    __slots__ = ("answers", "components_of", "executor", "graph")

    def __init__(
        self, executor: Any, graph: Any, components_of: Callable[[Shape], tuple[list[Any], list[Any]]]
    ) -> None:
        self.executor = executor
        self.graph = graph
        self.components_of = components_of
        self.answers = _answers(graph)

    def conforms(self, shape: Shape, focus: Sequence[Any], above: tuple[Shape, ...]) -> bool:
        if shape._deactivated or not focus:
            return True
        if shape in above or len(above) >= _MAX_DEPTH:
            return False
        key = (shape.node, frozenset(focus))
        found = self.answers.get(key)
        if found is None:
            found = self.answers[key] = self._components_conform(shape, focus, above)
        return found

    def _components_conform(self, shape: Shape, focus: Sequence[Any], above: tuple[Shape, ...]) -> bool:
        components, custom = self.components_of(shape)
        if custom:
            return False
        value_nodes = shape.value_nodes(self.graph, focus)
        values: list[Any] | None = None
        path = [*above, shape]
        for component in components:
            if leaf_component(component):
                conforms, _results = component.evaluate(self.executor, self.graph, value_nodes, [*path, component])
                if not conforms:
                    return False
                continue
            if values is None:
                values = [v for nodes in value_nodes.values() for v in nodes]
            if not self._shapes_conform(component, shape, values, (*above, shape)):
                return False
        return True

    def _shapes_conform(self, component: Any, shape: Shape, values: list[Any], above: tuple[Shape, ...]) -> bool:
        """A shape-expecting component: certain to conform when its member shapes are, for every value node."""
        sg = shape.sg
        kind = type(component)
        if (kind is PropertyConstraintComponent or kind is NodeConstraintComponent) and not values:
            return True  # pyshacl's own shortcut: no value nodes, nothing evaluated
        if kind is PropertyConstraintComponent:
            for node in component.property_shapes:
                if sg.is_filtered_out_shape(node):
                    continue
                member = shape.get_other_shape(node)  # type: ignore[no-untyped-call]
                if member is None or not member.is_property_shape:
                    return False  # pyshacl raises; let it
                # pyshacl validates the property shape with each value node of this shape as a focus node.
                if not self.conforms(member, values, above):
                    return False
            return True
        if kind is NodeConstraintComponent:
            for node in component.node_shapes:
                if sg.is_filtered_out_shape(node):
                    continue
                member = shape.get_other_shape(node)  # type: ignore[no-untyped-call]
                if member is None or member.is_property_shape:
                    return False
                if not all(self.conforms(member, [value], above) for value in values):
                    return False
            return True
        if kind is OrConstraintComponent or kind is AndConstraintComponent:
            lists = component.or_list if kind is OrConstraintComponent else component.and_list
            for members_list in lists:
                items = set(sg.graph.items(members_list))
                if not items:
                    return False  # not an RDF list: pyshacl raises
                members = []
                for node in items:
                    if sg.is_filtered_out_shape(node):
                        continue
                    member = shape.get_other_shape(node)  # type: ignore[no-untyped-call]
                    if member is None:
                        return False
                    members.append(member)
                if not members:
                    continue  # every member filtered out: pyshacl evaluates nothing
                settle = any if kind is OrConstraintComponent else all
                for value in values:
                    if not settle(self.conforms(m, [value], above) for m in members):
                        return False
            return True
        return False
