"""Checks against the standards' official files, where they exist beside the checkout (``../shared/reference``).

- The official HealthDCAT-AP release 8 example conforms to the project's shapes (it is a NON_PUBLIC dataset).
- For every mutation of ``_datasets.MUTATIONS`` applied to that example, the official NON_PUBLIC shapes (as pyshacl
  runs them: the HealthDCAT-AP validator's NON_PUBLIC file set over DCAT-AP 3.0.1, minus the one rule without
  sh:path that pyshacl refuses) and the project's shapes agree on conforming or not — except the documented
  deviations of ``KNOWN_DEVIATIONS``, where the expected disagreement is asserted instead.
"""

from __future__ import annotations

import functools

import pytest
from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from pyshacl.monkey import apply_patches
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import assign_baked_in
from rdflib import Graph
from rdflib.namespace import SH

from tests.shapes._datasets import KNOWN_DEVIATIONS, MUTATIONS, Mutation
from tests.shapes._shapes import (
    EU,
    HDEU,
    PREFIXES,
    REFERENCE_DIR,
    Result,
    describe,
    fallback_vocabulary,
    reachable_vocabulary,
    report_results,
    run_pyshacl,
    validate,
    vocabulary_graph,
)

pytestmark = [
    pytest.mark.reference,
    pytest.mark.skipif(not REFERENCE_DIR.is_dir(), reason=f"official reference files not found at {REFERENCE_DIR}"),
]

HEALTHDCAT = REFERENCE_DIR / "healthdcat-ap-r8"
EXAMPLE = HEALTHDCAT / "examples" / "example-healthdcat-dataset.ttl"
# The NON_PUBLIC file list of the HealthDCAT-AP validator (validator/config.properties), with the DCAT-AP files its
# owl:imports name taken from DCAT-AP 3.0.1 (the 3.0.0 ones expect dcat:byteSize as xsd:decimal).
OFFICIAL_NON_PUBLIC_FILES = (
    "healthdcat-ap-r8/validator/shapes/graph-guard.ttl",
    "healthdcat-ap-r8/validator/ranges/range.ttl",
    "healthdcat-ap-r8/validator/shapes/non-public-shapes.ttl",
    "healthdcat-ap-r8/validator/controlled-vocabularies/mdr-vocabularies.shape.ttl",
    "healthdcat-ap-r8/validator/recommended/non-public-shapes_recommended.ttl",
    "dcat-ap-3.0.1/html-shacl/shapes.ttl",
    "dcat-ap-3.0.1/html-shacl/range.ttl",
    "dcat-ap-3.0.1/html-shacl/shapes_recommended.ttl",
    "dcat-ap-3.0.1/html-shacl/deprecateduris.ttl",
)

# The vocabulary concepts the official example names (its own file types the ranges: dct:Standard, ...).
EXAMPLE_CONCEPTS = (
    (EU, "access-right", "NON_PUBLIC"),
    (EU, "data-theme", "HEAL"),
    (EU, "data-theme", "EDUC"),
    (EU, "dataset-type", "STATISTICAL"),
    (EU, "language", "ENG"),
    (EU, "frequency", "ANNUAL"),
    (EU, "frequency", "DAILY"),
    (EU, "frequency", "WEEKLY"),
    (EU, "country", "BEL"),
    (EU, "file-type", "CSV"),
    (EU, "file-type", "JSON"),
    (EU, "distribution-status", "COMPLETED"),
    (EU, "planned-availability", "STABLE"),
    (EU, "planned-availability", "AVAILABLE"),
    (HDEU, "healthcategories", "EHRS"),
    (HDEU, "health-theme", "HEALTH_SYSTEMS"),
    (HDEU, "coding-system", "SNOMED-CT"),
    (HDEU, "standard", "DICOM"),
    (HDEU, "standard", "FHIR"),
    (HDEU, "publisher-type", "public-health-registry"),
    (HDEU, "publisher-type", "non-gov-org"),
    (HDEU, "health-activity", "ROUTINE_RECORDS"),
)


def example_vocabulary() -> Graph:
    """The example's concepts, as the EU and HealthDCAT-AP vocabularies publish them (schemes with a title)."""
    lines = [PREFIXES]
    for base, scheme, code in EXAMPLE_CONCEPTS:
        lines.append(
            f"<{base}{scheme}/{code}> a skos:Concept, owl:NamedIndividual ; skos:inScheme <{base}{scheme}> ; "
            f'skos:prefLabel "{code}"@en .'
        )
        lines.append(f'<{base}{scheme}> a skos:ConceptScheme, owl:NamedIndividual ; dct:title "{scheme}"@en .')
    return Graph().parse(data="\n".join(lines), format="turtle")


@functools.cache
def example() -> Graph:
    return Graph().parse(EXAMPLE, format="turtle")


@functools.cache
def official_shapes() -> tuple[Graph, int]:
    """The official NON_PUBLIC shapes, and how many pathless property shapes were dropped from them."""
    graph = Graph()
    for name in OFFICIAL_NON_PUBLIC_FILES:
        graph.parse(REFERENCE_DIR / name, format="turtle")
    pathless = [(s, o) for s, o in graph.subject_objects(SH.property) if graph.value(o, SH.path) is None]
    for s, o in pathless:
        graph.remove((s, SH.property, o))
    return graph, len(pathless)


@functools.cache
def agreement_vocabulary() -> Graph:
    """Self-contained: the same concepts for both shape sets, independent of the state of ``ontologies/``."""
    return example_vocabulary() + fallback_vocabulary()


@functools.cache
def official_shapes_parsed() -> ShapesGraph:
    # The official shapes are parsed into pyshacl's shape objects once and reused (as hdsgraph.validation does
    # with the project's shapes); the project's own shapes always go through the conventions' validate() call.
    apply_patches()  # type: ignore[no-untyped-call]
    assign_baked_in()  # type: ignore[no-untyped-call]
    shapes = ShapesGraph(official_shapes()[0])
    shapes.shapes  # noqa: B018 - build every shape now
    return shapes


def official_violations(data: Graph) -> list[Result]:
    validator = Validator(
        DataGraph.from_rdflib(data),
        shacl_graph=Graph(),
        ont_graph=reachable_vocabulary(data, agreement_vocabulary()),
        options={"advanced": True, "inference": "none", "allow_warnings": True},
    )
    validator.shacl_graph = official_shapes_parsed()
    _conforms, report, _text = validator.run()  # type: ignore[no-untyped-call]
    return [r for r in report_results(report) if r.severity == SH.Violation]


def test_official_shapes_have_exactly_one_pathless_rule() -> None:
    _, dropped = official_shapes()
    assert dropped == 1


def test_official_example_conforms_to_the_official_shapes() -> None:
    # Without this baseline the agreement below would be meaningless.
    found = official_violations(example())
    assert found == [], describe(found)


def test_reused_official_shapes_report_what_a_fresh_validation_reports() -> None:
    mutated = next(m for m in MUTATIONS if m.name == "missing hdab").apply(example())
    report = run_pyshacl(mutated, official_shapes()[0], reachable_vocabulary(mutated, agreement_vocabulary()))
    fresh = [r for r in report_results(report) if r.severity == SH.Violation]
    assert official_violations(mutated) == fresh != []


def test_official_example_conforms_to_our_shapes() -> None:
    # With the project's vocabularies (ontologies/), plus the example's concepts where those lack them.
    found = validate(example(), vocabulary=vocabulary_graph() + example_vocabulary())
    assert found == [], describe(found)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_official_and_our_shapes_agree_on_the_mutated_example(mutation: Mutation) -> None:
    mutated = mutation.apply(example())
    official = official_violations(mutated)
    ours = validate(mutated, vocabulary=agreement_vocabulary())
    if mutation.name in KNOWN_DEVIATIONS:
        assert official == [] and ours, f"documented deviation no longer holds: {KNOWN_DEVIATIONS[mutation.name]}"
    else:
        assert bool(official) == bool(ours), f"official:\n{describe(official)}\nours:\n{describe(ours)}"
