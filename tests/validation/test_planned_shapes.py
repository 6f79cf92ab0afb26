"""Planned shapes build their constraint components once and otherwise run as pyshacl's own shapes do.

Also the guard over every piece of pyshacl and rdflib that ``_planned_shapes``, ``_quick_conformance``,
``_report_graph``, ``_selection`` and ``_work_graph`` copy or rely on.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable
from typing import Any

import pytest
from pyshacl.constraints.constraint_component import ConstraintComponent
from pyshacl.constraints.core.logical_constraints import (
    AndConstraintComponent,
    NotConstraintComponent,
    OrConstraintComponent,
    XoneConstraintComponent,
)
from pyshacl.constraints.core.shape_based_constraints import (
    NodeConstraintComponent,
    PropertyConstraintComponent,
    QualifiedValueShapeConstraintComponent,
)
from pyshacl.constraints.core.value_constraints import ClassConstraintComponent
from pyshacl.graph_abstraction import RdfLibDataGraph
from pyshacl.shape import Shape
from pyshacl.validator import Validator
from rdflib import Graph
from rdflib.namespace import NamespaceManager

from hdsgraph.validation import ShaclValidator
from hdsgraph.validation._planned_shapes import PlannedShape
from hdsgraph.validation._selection import SelectedShapes
from hdsgraph.validation.shape_sets import ShapeSet
from tests.conftest import ROOT

BLADDER = ROOT / "seeds" / "datasets" / "lih-bladder-cancer-cohort.ttl"

# The pyshacl code ``_planned_shapes`` and ``_report_graph`` copy or rely on, as read for pyshacl 0.40.1. A change
# means: re-read it, bring the copy in step, then record the new digest here.
READ: list[tuple[Callable[..., Any], str]] = [
    (Shape.validate, "e7e61df1a42f5bf3"),  # copied step for step by PlannedShape.validate
    (Shape.focus_nodes, "b7259724af6b564d"),  # reads target() and advanced_target() without changing them
    (Shape.target, "523c06e96cda120e"),  # a function of the shapes graph alone: kept once
    (Shape.advanced_target, "3332a69d66b31c1c"),  # likewise
    (ConstraintComponent.make_v_result, "a7ac623db3f37221"),  # the description it asks for goes to the text only
    # copied by ReportGraphValidator (graph only); the descriptions it sorts and joins are text only
    (Validator.create_validation_report, "f910aeee22223732"),
    # one call per value node, replaced by one call for all of them when no value node repeats
    (PropertyConstraintComponent._evaluate_property_shape, "4dacb69be81b6e48"),
    (Shape.value_nodes, "bf93471d300b7366"),  # a plain predicate's value nodes: the objects, as a set per focus
    # members judged by conformance alone, their results dropped (read only to log in debug mode)
    (OrConstraintComponent._evaluate_or_constraint, "85e4a2f3f6947614"),
    (AndConstraintComponent._evaluate_and_constraint, "232df888b4541ea9"),
    (NotConstraintComponent._evaluate_not_constraint, "cd78457808530da9"),
    (XoneConstraintComponent._evaluate_xone_constraint, "3c9c3172fd2deb92"),
    (QualifiedValueShapeConstraintComponent._evaluate_value_shape, "df10d34b6da350c6"),
    (NodeConstraintComponent._evaluate_node_shape, "b74d78ad30f51223"),  # reads how many results, not what
    # followed by _quick_conformance: no value nodes, nothing evaluated; members by conformance, per value node
    (PropertyConstraintComponent.evaluate, "c8ed8db4a2ac5fef"),
    (NodeConstraintComponent.evaluate, "4ca94e6d8a7a32e6"),
    (OrConstraintComponent.evaluate, "14f1ecf10e6bcc56"),
    (AndConstraintComponent.evaluate, "ca90497e2603dbf0"),
    # answered from WorkDataGraph.classes_of: the types of a value node and their subClassOf ancestors
    (ClassConstraintComponent.evaluate, "791053fbed99ef40"),
    (ClassConstraintComponent._evaluate_class_rules_rdflib, "6e3e4fa9d653d773"),
    (Graph.transitive_objects, "0fba354ff4d45583"),
    (RdfLibDataGraph.objects, "c83cc164e2b16d1a"),  # delegates to the graph: WorkDataGraph asks it directly
    (RdfLibDataGraph.subjects, "db17b5e10238616e"),
    (Graph.items, "32d5885067bf9310"),  # a list read once per shapes graph (ListReadingGraph)
    (Graph.query, "74c0227cf006872e"),  # the graph's namespaces unless given: WorkGraph gives them ready-made
    # what a work graph's namespace manager, made when asked, does instead of binding rdflib's defaults again
    (NamespaceManager.__init__, "a15e2ba0195a1b41"),
    (NamespaceManager.reset, "3e372b541b511eb4"),
]


@pytest.mark.parametrize("function", [f for f, _ in READ], ids=[f.__qualname__ for f, _ in READ])
def test_the_pyshacl_code_the_planned_shapes_rely_on_is_as_read(function: Callable[..., Any]) -> None:
    digest = hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]
    assert digest == dict(READ)[function], (
        f"pyshacl's {function.__qualname__} changed; re-read it against hdsgraph/validation/_planned_shapes.py "
        "before updating its digest here"
    )


def _selected(validator: ShaclValidator) -> SelectedShapes:
    selector = validator._selector(ShapeSet.CATALOGUE)
    validator.validate(Graph().parse(BLADDER, format="turtle"))
    shapes = next(reversed(selector._cache.values()))  # the selection used last: the bladder cohort's
    assert isinstance(shapes, SelectedShapes)
    return shapes


def test_a_shape_builds_its_constraint_components_once(validator: ShaclValidator) -> None:
    shapes = _selected(validator)
    shape = next(iter(shapes.shapes))  # a shape with targets in the document
    assert isinstance(shape, PlannedShape)
    components, _custom = shapes.plans.of(shape)
    assert components, "a targeted shape has constraints"
    validator.validate(Graph().parse(BLADDER, format="turtle"))
    again, _custom = shapes.plans.of(shape)
    assert [id(c) for c in again] == [id(c) for c in components]


def test_every_shape_of_a_selection_is_planned(validator: ShaclValidator) -> None:
    shapes = _selected(validator)
    assert all(type(shape) is PlannedShape for shape in shapes._node_shape_cache.values())


class _Executor:
    debug = True  # an option the planned road does not take
    sparql_mode = abort_on_first = False
    focus_nodes = None


def test_options_the_planned_road_does_not_take_get_pyshacls_own_validate(
    validator: ShaclValidator, monkeypatch: pytest.MonkeyPatch
) -> None:
    shape = next(iter(_selected(validator).shapes))
    calls: list[Any] = []

    def pyshacls_own(self: Shape, *args: Any) -> tuple[bool, list[Any]]:
        calls.append(args)
        return True, []

    monkeypatch.setattr(Shape, "validate", pyshacls_own)
    assert shape.validate(_Executor(), Graph()) == (True, [])
    assert len(calls) == 1
