"""Reading the table-driven policy cases (``cases/*.yaml``) into policies, requests, facts and expectations."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import rdflib
import yaml  # type: ignore[import-untyped]  # PyYAML ships no type information

from hdsgraph.core.config import project_root
from hdsgraph.policy import (
    CompiledPolicy,
    Decision,
    DictHierarchy,
    Facts,
    Request,
    RuleExplanation,
    compile_policy,
)

CASES = Path(__file__).parent / "cases"
ROOT = project_root()

PREFIXES = {
    "odrl": "http://www.w3.org/ns/odrl/2/",
    "hds": "https://w3id.org/hdsgraph/ontology#",
    "dpv": "https://w3id.org/dpv#",
    "ex": "https://example.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "cc": "http://creativecommons.org/ns#",
    "seed": "https://seed.hdsgraph.org/",
}
TURTLE_PREFIXES = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
_CURIE = re.compile(r"^([a-z][a-z0-9-]*):(\S*)$")


def expand(value: Any) -> Any:
    """CURIEs with a known prefix become IRIs, in strings, lists and mappings (keys too)."""
    if isinstance(value, str):
        match = _CURIE.match(value)
        if match and match.group(1) in PREFIXES:
            return PREFIXES[match.group(1)] + match.group(2)
        return value
    if isinstance(value, list):
        return [expand(v) for v in value]
    if isinstance(value, dict):
        return {expand(k): expand(v) for k, v in value.items()}
    return value


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def world() -> DictHierarchy:
    data = expand(load(CASES / "world.yaml"))
    return DictHierarchy(broader=data["broader"], part_of=data["part_of"], types=data["types"])


def case_files() -> list[Path]:
    return sorted(p for p in CASES.glob("*.yaml") if p.name != "world.yaml")


def cases() -> list[tuple[str, dict[str, Any]]]:
    """Every case of every file, with the file's defaults merged in, as (id, case)."""
    found = []
    for path in case_files():
        data = load(path)
        defaults = data.get("defaults", {})
        for case in data["cases"]:
            merged = {**defaults, **case}
            for key in ("request", "facts"):
                merged[key] = {**defaults.get(key, {}), **case.get(key, {})}
            found.append((f"{path.stem}: {case['name']}", merged))
    return found


def _value(raw: Any) -> Any:
    if isinstance(raw, dict) and set(raw) == {"days"}:
        return dt.timedelta(days=raw["days"])
    if isinstance(raw, list):
        return frozenset(_value(v) for v in raw)
    return raw


def policies(case: dict[str, Any]) -> list[CompiledPolicy]:
    """The case's policies: inline Turtle (``policy`` or ``policies``) or seed files (``policy_file``)."""
    profiles = set(expand(case.get("profiles_known", [])))
    compiled = []
    texts = case.get("policies") or ([case["policy"]] if "policy" in case else [])
    for index, text in enumerate(texts):
        graph = rdflib.Graph().parse(data=TURTLE_PREFIXES + text, format="turtle")
        iri = expand(case.get("policy_iri", "ex:policy")) if index == 0 else _only_policy(graph)
        compiled.append(compile_policy(graph, iri, profiles_known=profiles))
    for name in case.get("policy_files", []):
        graph = rdflib.Graph().parse(ROOT / name, format="turtle")
        compiled.append(compile_policy(graph, _only_policy(graph), profiles_known=profiles))
    return compiled


def _only_policy(graph: rdflib.Graph) -> str:
    kinds = {rdflib.URIRef(PREFIXES["odrl"] + k) for k in ("Set", "Offer", "Agreement", "Policy")}
    found = {str(s) for k in kinds for s in graph.subjects(rdflib.RDF.type, k)}
    assert len(found) == 1, f"expected one policy in the graph, found {sorted(found)}"
    return found.pop()


def request(case: dict[str, Any]) -> Request:
    raw = expand(case["request"])
    raw.setdefault("requester", PREFIXES["ex"] + "alice")
    raw.setdefault("action", PREFIXES["odrl"] + "use")
    raw["targets"] = tuple(raw.get("targets", [PREFIXES["ex"] + "ds"]))
    if "at" in raw:
        at = raw["at"]
        raw["at"] = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(str(at))
    else:
        raw["at"] = dt.datetime(2030, 1, 15, 12, tzinfo=dt.UTC)
    raw["operands"] = {k: _value(v) for k, v in raw.get("operands", {}).items()}
    return Request(**raw)


def facts(case: dict[str, Any]) -> Facts:
    raw = expand(case["facts"])
    raw["state"] = {k: _value(v) for k, v in raw.get("state", {}).items()}
    return Facts(**raw)


def find_rule(decision: Decision, rule: str, dataset: str | None = None) -> RuleExplanation:
    for d in decision.datasets:
        if dataset is not None and d.dataset != dataset:
            continue
        for r in d.rules:
            if r.rule == rule:
                return r
    shown = sorted({r.rule for d in decision.datasets for r in d.rules})
    raise AssertionError(f"no rule {rule} in the explanation; rules explained: {shown}")
