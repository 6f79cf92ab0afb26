"""Metadata quality of a dataset, scored offline after the data.europa.eu Metadata Quality Assessment (MQA).

The input is the dataset's properties and one such map per distribution: each key a predicate, as a full IRI or a
CURIE of ``hdsgraph.core.vocab.PREFIXES`` (``"dcat:keyword"``); each value the property's values, IRIs as strings and
literals as their lexical form (one string stands for one value; blank values count as absent). ``property_maps``
builds both from an rdflib graph. Whether the dataset conforms to DCAT-AP is the caller's SHACL verdict.

>>> EU = "http://publications.europa.eu/resource/authority/"
>>> dataset = {"dcat:keyword": ["cancer"], "dcat:theme": [EU + "data-theme/HEAL"]}
>>> distribution = {"dcat:accessURL": "https://example.org/spe", "dct:format": [EU + "file-type/CSV"]}
>>> q = assess(dataset, [distribution], dcat_ap_compliant=True)
>>> q.score, q.max_score, q.rating
(210, 375, 'good')
>>> findability = q.dimensions[0]
>>> findability.name, findability.score, findability.max_score, findability.missing
('findability', 60, 100, ('add dct:spatial to the dataset', 'add dct:temporal to the dataset'))

Points, as the MQA gives them (405), except where a live URL check would be needed (375 in all):

- findability 100: dcat:keyword 30, dcat:theme 30, dct:spatial 20, dct:temporal 20 (dataset);
- accessibility 70: dcat:accessURL present 50 (for the MQA's "accessURL answers"), dcat:downloadURL 20; the MQA's
  30 points for "downloadURL answers" are not assessed;
- interoperability 110: dct:format 20, dcat:mediaType 10, either from the EU file-type table or IANA 10,
  non-proprietary format 20, machine-readable format 20 (distributions), DCAT-AP compliance 30;
- reusability 75: dct:license 20, from the EU licence table 10 (distributions), dct:accessRights 10, from the EU
  access-right table 5, dcat:contactPoint 20, dct:publisher 10 (dataset);
- contextuality 20: dct:rights 5, dcat:byteSize 5 (distributions), dct:issued 5, dct:modified 5 (the dataset, else
  the distributions).

Non-proprietary and machine-readable formats are the MQA's own lists of EU file types with a few additions (Parquet,
Arrow, HDF5 …), kept with the reasons in ``_quality_rules``. "From the vocabulary" means an IRI under the table's base.

A distribution indicator earns its points times the share of distributions that satisfy it, rounded half up (1 of 3
with dct:format: 7 of 20). The MQA instead scores the best distribution alone; the share keeps a publisher from
hiding an undescribed distribution behind a good one, and says how many still need work. No distribution, no points.
The rating scales the MQA's bands (excellent 351, good 221, sufficient 121 of 405) to ``max_score``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rdflib import Graph
from rdflib.term import BNode, Literal, Node, URIRef

from hdsgraph.catalogue._quality_rules import DIMENSIONS, INDICATORS, Indicator, Properties, Scope
from hdsgraph.core.errors import BadInputError, ParseError, SourcePosition
from hdsgraph.core.vocab import DCAT, DQV, HDS, PREFIXES, RDF, XSD

__all__ = [
    "MAX_SCORE",
    "Quality",
    "QualityDimension",
    "assess",
    "from_json",
    "property_maps",
    "quality_triples",
    "to_json",
]

MAX_SCORE = sum(indicator.points for indicator in INDICATORS)

_T = TypeVar("_T")

_MQA_MAX = 405
_BANDS = ((351, "excellent"), (221, "good"), (121, "sufficient"))
_RATINGS = frozenset({"excellent", "good", "sufficient", "bad"})

# Metrics defined in ontologies/vocabularies/hdsgraph-quality.ttl.
_METRICS = {name: HDS[f"{name}Score"] for name in DIMENSIONS}
_TOTAL_METRIC = HDS.mqaScore


@dataclass(frozen=True)
class QualityDimension:
    """One MQA dimension: points earned, points assessed, and what a publisher could add to earn the rest."""

    name: str
    score: int
    max_score: int
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Quality:
    """A dataset's metadata quality: the total, each dimension, and the MQA-style rating of the total."""

    score: int
    max_score: int
    dimensions: tuple[QualityDimension, ...]
    rating: str


def assess(
    dataset: Mapping[str, Sequence[str]],
    distributions: Sequence[Mapping[str, Sequence[str]]],
    *,
    dcat_ap_compliant: bool,
) -> Quality:
    """Score a dataset's metadata (see the module docstring for the input form and the points)."""
    props = _normalise(dataset)
    dists = [_normalise(d) for d in distributions]
    earned: dict[str, int] = dict.fromkeys(DIMENSIONS, 0)
    possible: dict[str, int] = dict.fromkeys(DIMENSIONS, 0)
    missing: dict[str, list[str]] = {name: [] for name in DIMENSIONS}
    for indicator in INDICATORS:
        points, advice = _score(indicator, props, dists, dcat_ap_compliant)
        earned[indicator.dimension] += points
        possible[indicator.dimension] += indicator.points
        if advice:
            missing[indicator.dimension].append(advice)
    dimensions = tuple(
        QualityDimension(name, earned[name], possible[name], tuple(missing[name])) for name in DIMENSIONS
    )
    score = sum(d.score for d in dimensions)
    return Quality(score, MAX_SCORE, dimensions, _rating(score, MAX_SCORE))


def property_maps(graph: Graph, dataset: str) -> tuple[dict[str, list[str]], list[dict[str, list[str]]]]:
    """The input of ``assess`` for ``dataset`` (an IRI, or a node of ``graph``) as ``graph`` describes it."""
    node = dataset if isinstance(dataset, URIRef | BNode) else URIRef(dataset)
    distributions = sorted(graph.objects(node, DCAT.distribution), key=str)
    return _describe(graph, node), [_describe(graph, d) for d in distributions]


def quality_triples(dataset_iri: str, quality: Quality) -> list[tuple[Node, Node, Node]]:
    """DQV measurements of ``quality``: one per dimension and one for the total, each an IRI derived from the
    dataset's (``<dataset>#quality-findability`` … ``#quality-total``) so that re-scoring replaces them."""
    if ":" not in dataset_iri or any(c in dataset_iri for c in ' <>"{}|\\^`'):
        raise BadInputError(f"{dataset_iri!r} is not an absolute IRI; quality measurements need the dataset's IRI")
    dataset = URIRef(dataset_iri)
    # A fragment cannot hold another '#': a dataset IRI that has one gets the suffix appended to it instead.
    base = dataset_iri + ("-quality-" if "#" in dataset_iri else "#quality-")
    measured: list[tuple[str, URIRef, int]] = []
    for dimension in quality.dimensions:
        metric = _METRICS.get(dimension.name)
        if metric is None:
            raise BadInputError(
                f"unknown quality dimension {dimension.name!r}; expected one of {', '.join(DIMENSIONS)}"
            )
        measured.append((dimension.name, metric, dimension.score))
    measured.append(("total", _TOTAL_METRIC, quality.score))
    triples: list[tuple[Node, Node, Node]] = []
    for name, metric, value in measured:
        measurement = URIRef(base + name)
        triples += [
            (dataset, DQV.hasQualityMeasurement, measurement),
            (measurement, RDF.type, DQV.QualityMeasurement),
            (measurement, DQV.computedOn, dataset),
            (measurement, DQV.isMeasurementOf, metric),
            (measurement, DQV.value, Literal(value, datatype=XSD.integer)),
        ]
    return triples


def to_json(quality: Quality) -> str:
    """``quality`` as compact JSON: ``{"s": score, "m": max, "r": rating, "d": [[name, score, max, [missing…]]…]}``."""
    data = {
        "s": quality.score,
        "m": quality.max_score,
        "r": quality.rating,
        "d": [[d.name, d.score, d.max_score, list(d.missing)] for d in quality.dimensions],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def from_json(text: str) -> Quality:
    """The ``Quality`` that ``to_json`` wrote as ``text``."""
    try:
        data = json.loads(text)
    except ValueError as e:
        raise ParseError("quality JSON", SourcePosition(), f"{e}; expected what to_json writes") from e
    root = _expect(data, dict, "$", "an object with keys s, m, r and d")
    rating = _expect(root.get("r"), str, "$.r", "one of excellent, good, sufficient, bad")
    if rating not in _RATINGS:
        raise _bad("$.r", f"rating {rating!r}", "one of excellent, good, sufficient, bad")
    dimensions = []
    for i, item in enumerate(_expect(root.get("d"), list, "$.d", "a list of dimensions")):
        where = f"$.d[{i}]"
        entry = _expect(item, list, where, "[name, score, max, [missing…]]")
        if len(entry) != 4:
            raise _bad(where, f"{len(entry)} items", "[name, score, max, [missing…]]")
        name = _expect(entry[0], str, f"{where}[0]", "a dimension name")
        missing = _expect(entry[3], list, f"{where}[3]", "a list of strings")
        dimensions.append(
            QualityDimension(
                name,
                _expect(entry[1], int, f"{where}[1]", "an integer score"),
                _expect(entry[2], int, f"{where}[2]", "an integer maximum"),
                tuple(_expect(m, str, f"{where}[3][{j}]", "a string") for j, m in enumerate(missing)),
            )
        )
    score = _expect(root.get("s"), int, "$.s", "an integer score")
    return Quality(score, _expect(root.get("m"), int, "$.m", "an integer maximum"), tuple(dimensions), rating)


def _score(
    indicator: Indicator, dataset: Properties, distributions: Sequence[Properties], compliant: bool
) -> tuple[int, str | None]:
    """The points ``indicator`` earns and, when it earns less than all, what would raise them."""
    if indicator.scope is Scope.VALIDATION:
        return (indicator.points, None) if compliant else (0, indicator.advice)
    if indicator.scope is not Scope.DISTRIBUTIONS and indicator.holds(dataset):
        return indicator.points, None
    if indicator.scope is Scope.DATASET:
        return 0, indicator.advice
    total = len(distributions)
    satisfied = sum(1 for d in distributions if indicator.holds(d))
    # points times share, rounded half up, in integers so that the result does not depend on float rounding
    points = (2 * indicator.points * satisfied + total) // (2 * total) if total else 0
    if total and satisfied == total:
        return points, None
    if indicator.scope is Scope.DATASET_OR_DISTRIBUTIONS:
        return points, indicator.advice
    if not total:
        return 0, f"add a distribution (dcat:distribution) with {indicator.need}"
    if total == 1:
        return points, f"the distribution has {indicator.lack}"
    short = total - satisfied
    return points, f"{short} of {total} distributions {'has' if short == 1 else 'have'} {indicator.lack}"


def _rating(score: int, max_score: int) -> str:
    for threshold, rating in _BANDS:
        # score / max_score >= threshold / 405, in integers
        if score * _MQA_MAX >= threshold * max_score:
            return rating
    return "bad"


def _normalise(properties: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    normalised: dict[str, tuple[str, ...]] = {}
    for key, values in properties.items():
        iri = _expand(key)
        listed = (values,) if isinstance(values, str) else tuple(values)
        kept = tuple(v for v in map(str, listed) if v.strip())
        if kept:
            normalised[iri] = normalised.get(iri, ()) + kept
    return normalised


def _expand(key: str) -> str:
    prefix, colon, local = key.partition(":")
    if not colon:
        raise BadInputError(f"property {key!r} is neither a full IRI nor a CURIE such as 'dcat:keyword'")
    if prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return key


def _describe(graph: Graph, node: Node) -> dict[str, list[str]]:
    described: dict[str, list[str]] = {}
    for predicate, value in graph.predicate_objects(node):
        described.setdefault(str(predicate), []).append(str(value))
    return described


def _expect(value: object, kind: type[_T], where: str, expected: str) -> _T:
    # bool is an int in Python; a score of true is still not a score
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _bad(where, json.dumps(value), expected)
    return value


def _bad(where: str, found: str, expected: str) -> ParseError:
    return ParseError("quality JSON", SourcePosition(json_path=where), f"found {found}; expected {expected}")
