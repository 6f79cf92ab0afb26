"""pyshacl shapes that build their constraint components once per parsed shapes graph, not once per evaluation.

Each time pyshacl evaluates a shape (for a HealthDCAT-AP dataset ~470 times: every property shape for every focus
node, again inside every ``sh:or`` alternative) its ``Shape.validate`` scans the shape's triples for constraint
parameters, constructs one constraint component object per parameter (each reading its values from the shapes
graph again) and formats debug strings whether or not debugging is on. A shape's constraint components depend
on the shapes graph alone, which a ``SelectedShapes`` never changes, so ``PlannedShape`` keeps them in a
``ComponentPlans`` held by its shapes graph and otherwise does what pyshacl 0.40's ``Shape.validate`` does, step
for step: same components in the same order, the same severity filtering, the same evaluation paths (which
pyshacl's recursion checks read), the same custom (SPARQL-based) constraint components after the core ones.
A shape's target declarations (``target()``, ``advanced_target()``, which ``focus_nodes`` reads on every run)
are kept the same way.

It only takes the road pyshacl's validator takes for this project's options (no debug, no SPARQL remote mode,
no JavaScript, no focus-node filter, no abort on first failure); any other executor gets pyshacl's own method.
``tests/validation/test_planned_shapes.py`` fails when pyshacl's ``Shape.validate`` changes, so that a newer
pyshacl is re-read before this copy of its steps is trusted again.

The planned components leave the text of pyshacl's text report empty (``_no_description``): the report graph,
its messages and everything ``ValidationReport`` reads are pyshacl's own.

More shortcuts, each giving what pyshacl's own road gives:

- a shape evaluated as a member of ``sh:or``, ``sh:and``, ``sh:not``, ``sh:xone`` or ``sh:qualifiedValueShape``
  serves a verdict only: pyshacl throws its results away (it reads them only to log in debug mode). While such a
  member runs, the planned components build each result as its severity alone (``_verdict_aware``), which is all
  that the shapes and constraints above it read (conformance, the severity filter, how many results a
  ``sh:node`` found); messages, which pyshacl writes by stringifying nodes, are not built for nothing;
- a property shape is validated once for all the value nodes of its parent, not once per value node
  (``_property_shape_at_once``);
- a property shape whose path is one predicate reads its value nodes from the work graph's index
  (``value_nodes``), the same set pyshacl collects through its graph wrappers;
- a shape chosen for its SPARQL targets gets the focus nodes the selection found on the same graph
  (``focus_nodes``), instead of running its queries again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import pyshacl.shape
from pyshacl.constraints.core.logical_constraints import (
    AndConstraintComponent,
    NotConstraintComponent,
    OrConstraintComponent,
    XoneConstraintComponent,
)
from pyshacl.constraints.core.shape_based_constraints import (
    PropertyConstraintComponent,
    QualifiedValueShapeConstraintComponent,
)
from pyshacl.constraints.core.value_constraints import ClassConstraintComponent
from pyshacl.consts import SH_Info, SH_resultSeverity, SH_Warning
from pyshacl.errors import ConstraintLoadWarning, ReportableRuntimeError
from pyshacl.shape import Shape
from rdflib.term import BNode, IdentifiedNode, Literal, Node, URIRef

from hdsgraph.validation import _quick_conformance
from hdsgraph.validation._work_graph import WorkDataGraph

__all__ = ["ComponentPlans", "PlannedShape"]

# The constraint components that judge their member shapes by conformance alone and drop the members' results.
_VERDICT_READERS = (
    OrConstraintComponent,
    AndConstraintComponent,
    NotConstraintComponent,
    XoneConstraintComponent,
    QualifiedValueShapeConstraintComponent,
)


# rdflib terms and pyshacl's components are ABCs: a failing ``isinstance`` runs Python code. Per concrete type, once.
_is_verdict_reader: dict[type, bool] = {}
_is_term: dict[type, bool] = {}


def _kind(memo: dict[type, bool], value: object, classes: Any) -> bool:
    kind = type(value)
    found = memo.get(kind)
    if found is None:
        found = memo[kind] = issubclass(kind, classes)
    return found


class _Evaluation(threading.local):
    verdict_only = False  # inside a member of a _VERDICT_READERS component: results are dropped


_evaluation = _Evaluation()
# Stands for every result built for a verdict only: nothing reads which result it was.
_DROPPED_RESULT = BNode("hdsgraph-dropped-result")


class ComponentPlans:
    """Per shape node, its constraint components and applicable custom constraint components, built on first use."""

    def __init__(self) -> None:
        self._plans: dict[tuple[Node, bool], tuple[list[Any], list[Any]]] = {}
        self._targets: dict[Node, tuple[Any, ...]] = {}
        self._advanced_targets: dict[Node, Any] = {}

    def targets(self, shape: PlannedShape) -> tuple[Any, ...]:
        """``Shape.target()`` read once: the target declarations, as lists pyshacl can iterate every run."""
        found = self._targets.get(shape.node)
        if found is None:
            found = self._targets[shape.node] = tuple(list(part) for part in Shape.target(shape))  # type: ignore[no-untyped-call]
        return found

    def advanced_targets(self, shape: PlannedShape) -> Any:
        """``Shape.advanced_target()`` built once: its SPARQL target helpers only hold the shapes graph's text."""
        found = self._advanced_targets.get(shape.node)
        if found is None:
            found = self._advanced_targets[shape.node] = Shape.advanced_target(shape)  # type: ignore[no-untyped-call]
        return found

    def of(self, shape: Shape) -> tuple[list[Any], list[Any]]:
        advanced = bool(shape._advanced)
        key = (shape.node, advanced)
        found = self._plans.get(key)
        if found is None:
            found = self._plans[key] = (_components(shape, advanced), list(shape.find_custom_constraints()))  # type: ignore[no-untyped-call]
        return found


def _components(shape: Shape, advanced: bool) -> list[Any]:
    """What pyshacl's ``Shape.validate`` would construct for ``shape``, in its order (one per component class)."""
    parameters, parameter_map = getattr(pyshacl.shape.module, "CONSTRAINT_PARAMS", (None, None))
    if not parameters or not parameter_map:
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

        parameters, parameter_map = ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
    parameter_map = dict(parameter_map)
    searched = set(parameters)
    if advanced:
        from pyshacl.constraints.advanced import ExpressionConstraint, SH_expression

        searched.add(SH_expression)
        parameter_map[SH_expression] = ExpressionConstraint
    built: list[Any] = []
    done: set[type] = set()
    for predicate, _value in shape.sg.predicate_objects(shape.node):  # type: ignore[no-untyped-call]
        if predicate not in searched:
            continue
        component_class = parameter_map[predicate]
        if component_class in done:
            continue
        try:
            component = component_class(shape)
        except ConstraintLoadWarning as warning:
            shape.logger.warning(repr(warning))
            continue  # pyshacl skips it too, and does not mark it done
        # The description is a line of pyshacl's text report, which the validator never reads; writing it (every
        # node of it stringified) was a fifth of a run, mostly for results inside ``sh:or`` that are thrown away.
        component.make_v_result_description = _no_description
        component.make_v_result = _verdict_aware(component)
        if isinstance(component, PropertyConstraintComponent):
            component._evaluate_property_shape = _property_shape_at_once(component)  # type: ignore[method-assign]
        elif isinstance(component, ClassConstraintComponent):
            component._evaluate_class_rules_rdflib = _class_rule_from_known_classes(component)  # type: ignore[method-assign]
        built.append(component)
        done.add(component_class)
    return built


def _no_description(*_args: Any, **_kwargs: Any) -> str:
    return ""


def _verdict_aware(component: Any) -> Callable[..., tuple[str, Node, list[tuple[Node, Node, Any]]]]:
    """``component.make_v_result``, or, for a verdict only, a result that holds its severity alone."""
    full = component.make_v_result

    def make_v_result(*args: Any, **kwargs: Any) -> tuple[str, Node, list[tuple[Node, Node, Any]]]:
        if _evaluation.verdict_only:
            return "", _DROPPED_RESULT, [(_DROPPED_RESULT, SH_resultSeverity, component.shape.severity)]
        return full(*args, **kwargs)  # type: ignore[no-any-return]

    return make_v_result


def _class_rule_from_known_classes(component: ClassConstraintComponent) -> Callable[..., tuple[bool, list[Any]]]:
    """``component._evaluate_class_rules_rdflib``, answering from the classes the work graph worked out per node.

    pyshacl walks ``rdf:type`` and ``rdfs:subClassOf`` from each value node for each ``sh:class`` it checks; the
    work graph walks them once per node (``WorkDataGraph.classes_of``). When a value is not an instance, pyshacl's
    own method runs and builds its results.
    """
    walk: Callable[..., tuple[bool, list[Any]]] = component._evaluate_class_rules_rdflib

    def evaluate_class_rule(
        target_graph: Any, focus_value_nodes: dict[Any, Any], class_rule: Any
    ) -> tuple[bool, list[Any]]:
        if type(target_graph) is WorkDataGraph and target_graph.locked_context is None:
            classes_of = target_graph.classes_of
            if all(
                type(v) is not Literal and class_rule in classes_of(v)
                for value_nodes in focus_value_nodes.values()
                for v in value_nodes
            ):
                return False, []  # (non-conformant, results), as pyshacl's method returns them
        return walk(target_graph, focus_value_nodes, class_rule)

    return evaluate_class_rule


def _property_shape_at_once(component: PropertyConstraintComponent) -> Callable[..., tuple[bool, list[Any]]]:
    """``component._evaluate_property_shape``, validating every value node against the property shape in one call.

    pyshacl validates the value nodes one by one, a call of the property shape (and of each of its components)
    per value node; a shape validates a list of focus nodes as each of them alone, component by component. A value
    node listed twice (under two focus nodes) is validated twice by pyshacl, as are errors and recursion: those
    take pyshacl's own road.
    """
    one_by_one: Callable[..., tuple[bool, list[Any]]] = component._evaluate_property_shape

    def evaluate_property_shape(
        executor: Any,
        shape_node: Any,
        target_graph: Any,
        focus_value_nodes: dict[Any, set[Any]],
        potentially_recursive: Any,
        _evaluation_path: list[Any],
    ) -> tuple[bool, list[Any]]:
        values = [v for value_nodes in focus_value_nodes.values() for v in value_nodes]
        shape = component.shape.get_other_shape(shape_node)  # type: ignore[no-untyped-call]
        if (
            len(values) < 2
            or type(shape) is not PlannedShape
            or not shape.is_property_shape
            or (potentially_recursive and shape in potentially_recursive)
            or len(set(values)) < len(values)
        ):
            return one_by_one(
                executor, shape_node, target_graph, focus_value_nodes, potentially_recursive, _evaluation_path
            )
        is_conform, reports = shape.validate(executor, target_graph, focus=values, _evaluation_path=_evaluation_path[:])
        return not is_conform, reports

    return evaluate_property_shape


class PlannedShape(Shape):
    """A pyshacl ``Shape`` whose ``validate`` reuses the components its shapes graph planned (no extra state)."""

    __slots__ = ()

    def target(self) -> tuple[Any, ...]:
        plans: ComponentPlans | None = getattr(self.sg, "plans", None)
        return super().target() if plans is None else plans.targets(self)  # type: ignore[no-untyped-call]

    def advanced_target(self) -> Any:
        plans: ComponentPlans | None = getattr(self.sg, "plans", None)
        return super().advanced_target() if plans is None else plans.advanced_targets(self)  # type: ignore[no-untyped-call]

    def focus_nodes(self, data_graph: Any, debug: bool = False) -> Any:
        known = getattr(self.sg, "known_focus", None)
        if known is not None and getattr(data_graph, "impl", data_graph) is known[0]:
            found = known[1].get(self.node)
            if found is not None:
                return set(found)
        return super().focus_nodes(data_graph, debug)  # type: ignore[no-untyped-call]

    def validate(
        self,
        executor: Any,
        target_graph: Any,
        focus: Sequence[Any] | Any | None = None,
        _evaluation_path: list[Any] | None = None,
    ) -> tuple[bool, list[Any]]:
        plans: ComponentPlans | None = getattr(self.sg, "plans", None)
        if (
            plans is None
            or executor.debug
            or executor.sparql_mode
            or executor.abort_on_first
            or executor.focus_nodes
            or self.sg.js_enabled
        ):
            return super().validate(executor, target_graph, focus, _evaluation_path)  # type: ignore[no-any-return]
        if self._deactivated:
            return True, []
        if (
            _evaluation_path
            and _kind(_is_verdict_reader, _evaluation_path[-1], _VERDICT_READERS)
            and not _evaluation.verdict_only
        ):
            _evaluation.verdict_only = True
            try:
                return self._run(executor, target_graph, plans, focus, _evaluation_path)
            finally:
                _evaluation.verdict_only = False
        return self._run(executor, target_graph, plans, focus, _evaluation_path)

    def value_nodes(self, target_graph: Any, focus: Any, sparql_mode: bool = False, debug: bool = False) -> Any:
        path = self._path
        if (
            sparql_mode
            or debug
            or not self._p
            or type(path) is not URIRef
            or type(target_graph) is not WorkDataGraph
            or target_graph.locked_context is not None
        ):
            return super().value_nodes(target_graph, focus, sparql_mode, debug)
        if not isinstance(focus, tuple | list | set):
            focus = [focus]
        values = target_graph.values
        return {f: values(f, path) for f in focus}

    def _quickly_conforms(self, executor: Any, target_graph: Any, plans: ComponentPlans, focus: list[Any]) -> bool:
        # Results built while finding out are thrown away: build them as verdicts only.
        before = _evaluation.verdict_only
        _evaluation.verdict_only = True
        try:
            return _quick_conformance.conforms_quickly(self, executor, target_graph, focus, plans.of)
        finally:
            _evaluation.verdict_only = before

    def _run(
        self,
        executor: Any,
        target_graph: Any,
        plans: ComponentPlans,
        focus: Sequence[Any] | Any | None,
        _evaluation_path: list[Any] | None,
    ) -> tuple[bool, list[Any]]:
        if focus is not None:
            focus_list = [focus] if _kind(_is_term, focus, (IdentifiedNode, Literal)) else list(focus)
        else:
            focus_list = list(self.focus_nodes(target_graph))
        if not focus_list:
            return True, []
        if _evaluation_path is None:
            _evaluation_path = []
        elif len(_evaluation_path) // 2 >= executor.max_validation_depth:
            path_str = " -> ".join(str(e) for e in _evaluation_path)
            raise ReportableRuntimeError(f"Validation path too deep!\n{path_str}")
        if _quick_conformance.enabled and self._quickly_conforms(executor, target_graph, plans, focus_list):
            return True, []
        components, custom = plans.of(self)
        focus_value_nodes = self.value_nodes(target_graph, focus_list)

        allowed: set[Node] = set()
        if executor.allow_infos:
            allowed.add(SH_Info)
        if executor.allow_warnings:
            allowed.update((SH_Info, SH_Warning))
        allow_conform = filter_reports = False
        if allowed:
            allow_conform = self._severity in allowed
            filter_reports = not allow_conform

        non_conformant = False
        reports: list[Any] = []
        _evaluation_path.append(self)
        for component in components:
            path = [*_evaluation_path, component]
            is_conform, found = component.evaluate(executor, target_graph, focus_value_nodes, path)
            if is_conform or allow_conform:
                pass
            elif filter_reports:
                all_allowed = True
                for _text, result_node, parts in found:
                    severities = [p for p in parts if p[0] == result_node and p[1] == SH_resultSeverity]
                    if severities:
                        all_allowed = all_allowed and severities[0][2] in allowed
                non_conformant = non_conformant or not all_allowed
            else:
                non_conformant = True
            reports.extend(found)
        for custom_component in custom:
            path = _evaluation_path[:]
            validator = custom_component.make_validator_for_shape(self)
            path.append(validator)
            is_conform, found = validator.evaluate(executor, target_graph, focus_value_nodes, path)
            non_conformant = non_conformant or not is_conform
            reports.extend(found)
        return not non_conformant, reports
