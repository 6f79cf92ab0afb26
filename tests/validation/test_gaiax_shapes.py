"""Gaia-X self-descriptions judged by the official Tagus 22.10 and Loire 25.11 shapes shipped in ``shapes/``."""

from __future__ import annotations

import copy
import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.term import BNode, Node, URIRef

from hdsgraph.validation import ShaclValidator
from hdsgraph.validation.gaiax_pruning import (
    LOIRE_SHIPPED,
    LOIRE_SOURCE,
    TAGUS_SHIPPED,
    TAGUS_SOURCE,
    prune_loire,
    tagus_shapes,
)
from hdsgraph.validation.shape_sets import ShapeSet, shape_files
from tests.conftest import REFERENCE, ROOT
from tests.validation._gaiax import GAIAX_EXAMPLES, example, needs_reference, subject_documents, subjects_graph

SHAPES = ROOT / "shapes"
TAGUS = GAIAX_EXAMPLES / "tagus-22.10"
LOIRE = GAIAX_EXAMPLES / "loire-25.11"
OFFICIAL_LOIRE = "https://w3id.org/gaia-x/development#"


def _signature(graph: Graph) -> Counter[tuple[str, str, str]]:
    """The triples with each blank node named by a hash of what it holds (the shapes' blank nodes form trees).

    Names are given leaves first, without recursion: long ``sh:in`` lists are thousands of nodes deep.
    """
    names: dict[Node, str] = {}
    for root in {s for s in graph.subjects() if isinstance(s, BNode)}:
        stack = [root]
        while stack:
            blank = stack[-1]
            if blank in names:
                stack.pop()
                continue
            children = [o for o in graph.objects(blank) if isinstance(o, BNode) and o not in names]
            if children:
                stack.extend(children)
                continue
            inner = sorted(f"{p.n3()} {names.get(o, o.n3())}" for p, o in graph.predicate_objects(blank))
            names[blank] = "_:" + hashlib.sha256("\n".join(inner).encode()).hexdigest()
            stack.pop()
    return Counter((names.get(s, s.n3()), p.n3(), names.get(o, o.n3())) for s, p, o in graph)


def _shipped(relative: Path) -> Graph:
    return Graph().parse(SHAPES / relative, format="turtle")


@needs_reference
@pytest.mark.parametrize(
    ("derive", "source", "shipped"),
    [(prune_loire, LOIRE_SOURCE, LOIRE_SHIPPED), (tagus_shapes, TAGUS_SOURCE, TAGUS_SHIPPED)],
    ids=["loire-pruned", "tagus"],
)
def test_shipped_gaiax_shapes_are_what_the_official_files_give(derive: Any, source: Path, shipped: Path) -> None:
    assert _signature(_shipped(shipped)) == _signature(derive(REFERENCE / "gaiax" / source)), (
        f"shapes/{shipped} is stale: run python -m hdsgraph.validation.gaiax_pruning ../shared/reference/gaiax shapes"
    )


def test_gaiax_shapes_are_not_part_of_the_catalogue_set() -> None:
    catalogue = shape_files(SHAPES, ShapeSet.CATALOGUE)
    assert catalogue, "the catalogue set is empty"
    assert not [p for p in catalogue if p.parent.name.startswith("gaia-x-")]
    assert SHAPES / TAGUS_SHIPPED in shape_files(SHAPES, ShapeSet.GAIAX_TAGUS)
    # The official shapes alone: the publisher applies the project's own to the claims together (catalogue set).
    assert SHAPES / "hdsgraph" / "participants.ttl" not in shape_files(SHAPES, ShapeSet.GAIAX_LOIRE)


def test_gaiax_shapes_are_read_on_first_use_only() -> None:
    validator = ShaclValidator.from_directories(SHAPES)
    assert validator.loaded_shape_sets == {ShapeSet.CATALOGUE}
    validator.validate(Graph(), shape_set=ShapeSet.GAIAX_TAGUS)
    assert validator.loaded_shape_sets == {ShapeSet.CATALOGUE, ShapeSet.GAIAX_TAGUS}


# --- Tagus 22.10 -----------------------------------------------------------------------------------------------


def _participant_vp() -> dict[str, Any]:
    return example(TAGUS / "participant-vp.json")


def _participant_subject(documents: list[dict[str, Any]]) -> dict[str, Any]:
    return next(d for d in documents if d.get("type") == "gx:LegalParticipant")


@needs_reference
def test_a_tagus_participant_with_its_registration_and_terms_conforms(validator: ShaclValidator) -> None:
    report = validator.validate(subjects_graph(subject_documents(_participant_vp())), shape_set=ShapeSet.GAIAX_TAGUS)
    assert report.conforms, report.describe()


@needs_reference
def test_a_tagus_participant_without_legal_registration_number_is_refused(validator: ShaclValidator) -> None:
    documents = subject_documents(_participant_vp())
    del _participant_subject(documents)["gx:legalRegistrationNumber"]
    report = validator.validate(subjects_graph(documents), shape_set=ShapeSet.GAIAX_TAGUS)
    assert [v.path for v in report.violations] == ["<" + _tagus("legalRegistrationNumber") + ">"]


@needs_reference
def test_a_tagus_address_with_a_bad_subdivision_code_is_refused(validator: ShaclValidator) -> None:
    documents = copy.deepcopy(subject_documents(_participant_vp()))
    _participant_subject(documents)["gx:legalAddress"]["gx:countrySubdivisionCode"] = "LUX"
    report = validator.validate(subjects_graph(documents), shape_set=ShapeSet.GAIAX_TAGUS)
    # pyshacl reports the address (checked through sh:node) as the value; the rule names the address shape.
    (violation,) = report.violations
    assert violation.path == "<" + _tagus("legalAddress") + ">"
    assert violation.code == "NodeConstraintComponent"
    assert "does not conform to" in violation.explanation and "PostalAddressShape" in violation.explanation


@needs_reference
def test_a_tagus_participant_without_its_registration_credential_is_refused(validator: ShaclValidator) -> None:
    alone = [_participant_subject(subject_documents(_participant_vp()))]
    report = validator.validate(subjects_graph(alone), shape_set=ShapeSet.GAIAX_TAGUS)
    assert not report.conforms
    assert {v.path for v in report.violations} == {"<" + _tagus("legalRegistrationNumber") + ">"}


@needs_reference
def test_tagus_shapes_never_judge_a_catalogue_document(validator: ShaclValidator) -> None:
    documents = subject_documents(_participant_vp())
    del _participant_subject(documents)["gx:legalRegistrationNumber"]
    assert validator.validate(subjects_graph(documents)).conforms


def _tagus(local: str) -> str:
    return (
        "https://registry.lab.gaia-x.eu/development/api/trusted-shape-registry/v1/shapes/jsonld/trustframework#" + local
    )


# --- Loire 25.11 -----------------------------------------------------------------------------------------------


def _official_violations(validator: ShaclValidator, data: Graph) -> list[str]:
    """Violations raised by the official Loire shapes (the project's own participant rules left aside)."""
    report = validator.validate(data, shape_set=ShapeSet.GAIAX_LOIRE)
    return [v.describe() for v in report.violations if "w3id.org/hdsgraph/shapes/" not in (v.source_shape or "")]


@needs_reference
def test_the_official_loire_legal_person_example_meets_the_official_shapes(validator: ShaclValidator) -> None:
    data = subjects_graph([example(LOIRE / "gx_legalperson_reference.json")])
    assert _official_violations(validator, data) == []


@needs_reference
def test_a_loire_legal_person_without_registration_number_is_refused(validator: ShaclValidator) -> None:
    document = example(LOIRE / "gx_legalperson_reference.json")
    del document["gx:registrationNumber"]
    report = validator.validate(subjects_graph([document]), shape_set=ShapeSet.GAIAX_LOIRE)
    assert "gx:registrationNumber" in {v.path for v in report.violations}


@needs_reference
def test_a_loire_property_outside_the_closed_shape_is_refused(validator: ShaclValidator) -> None:
    document = example(LOIRE / "gx_legalperson_reference.json")
    document["gx:legalAddress"]["gx:countrySubdivisionCode"] = "DE-BE"  # a Tagus property, not a Loire one
    violations = _official_violations(validator, subjects_graph([document]))
    assert len(violations) == 1
    assert "gx:countrySubdivisionCode" in violations[0]


SEED_SUBJECTS = sorted((ROOT / "seeds" / "participants").glob("*.ttl")) + sorted(
    (ROOT / "seeds" / "offerings").glob("*.ttl")
)


@pytest.mark.parametrize("path", SEED_SUBJECTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_seed_self_descriptions_hold_everything_loire_requires(validator: ShaclValidator, path: Path) -> None:
    # The seeds also carry DCAT-AP / FOAF properties for the catalogue; the closed Loire shapes name those (and
    # Tagus' gx:countrySubdivisionCode) as not allowed, and nothing else may be wrong.
    data = Graph().parse(path, format="turtle")
    # An offering's provider is another credential: it is checked (sh:class gx:LegalPerson) only when present.
    context = Graph()
    for provider in data.objects(None, URIRef(OFFICIAL_LOIRE + "providedBy")):
        context.parse(ROOT / "seeds" / "participants" / f"{str(provider).rsplit('/', 1)[-1]}.ttl", format="turtle")
    report = validator.validate(data, context, shape_set=ShapeSet.GAIAX_LOIRE)
    assert {v.code for v in report.violations} <= {"ClosedConstraintComponent"}, report.describe()
    assert all(
        not (v.path or "").startswith(("gx:", "schema:", "vcard:")) or v.path == "gx:countrySubdivisionCode"
        for v in report.violations
    ), report.describe()
