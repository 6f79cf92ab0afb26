"""A SHACL validation report as plain data: what is wrong, where, and what the shape expects."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from rdflib import Graph
from rdflib.namespace import SH
from rdflib.term import BNode, Literal, Node, URIRef

from hdsgraph.validation.constraint_text import ConstraintFacts, explain

__all__ = ["Severity", "ValidationReport", "ValidationResult"]


class Severity(Enum):
    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @classmethod
    def from_iri(cls, iri: Node | None) -> Severity:
        if iri == SH.Warning:
            return cls.WARNING
        if iri == SH.Info:
            return cls.INFO
        return cls.VIOLATION


@dataclass(frozen=True)
class ValidationResult:
    severity: Severity
    focus_node: str
    path: str | None
    value: str | None
    message: str
    source_shape: str | None = None
    constraint: str | None = None
    # Stable per kind of rule: the SHACL constraint component's local name, e.g. "MinCountConstraintComponent".
    code: str | None = None
    # The rule in plain words, e.g. "dct:title: at least 1 value(s) required, found 0".
    explanation: str = ""

    def describe(self) -> str:
        """Readable lines: severity, focus node, property, value; the shape's message; the rule in plain words."""
        parts = [f"{self.severity.value}: {self.focus_node}"]
        if self.path:
            parts.append(f"property {self.path}")
        if self.value is not None:
            parts.append(f"value {self.value}")
        text = " | ".join(parts) + f"\n    {self.message}"
        if self.explanation and self.explanation not in self.message:
            text += f"\n    rule: {self.explanation}"
        return text


@dataclass(frozen=True)
class ValidationReport:
    results: tuple[ValidationResult, ...]

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity is Severity.VIOLATION)

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity is Severity.WARNING)

    @property
    def conforms(self) -> bool:
        # Warnings and infos are advice: they never make a document fail.
        return not self.violations

    @classmethod
    def from_graph(
        cls, report: Graph, data: Graph, prefixes: dict[str, str], shapes: Graph | None = None
    ) -> ValidationReport:
        """The results of pyshacl's ``report`` graph; ``shapes`` (the shapes graph run) gives the plain-words rule."""
        # Only top-level results: nested sh:detail results repeat what their parent says.
        nested = set(report.objects(None, SH.detail))
        results = []
        for node in report.subjects(SH.resultSeverity, None):
            if node in nested:
                continue
            component = report.value(node, SH.sourceConstraintComponent)
            code = str(component).rsplit("#", 1)[-1] if isinstance(component, URIRef) else None
            path_node, value, focus = (report.value(node, p) for p in (SH.resultPath, SH.value, SH.focusNode))
            path = _show(path_node, report, prefixes)
            message = _message(report, node)
            facts = ConstraintFacts(
                shapes if shapes is not None else Graph(),
                report.value(node, SH.sourceShape),
                path,
                value,
                _count(data, focus, path_node),
                lambda term: _show(term, shapes if shapes is not None else report, prefixes),
            )
            results.append(
                ValidationResult(
                    severity=Severity.from_iri(report.value(node, SH.resultSeverity)),
                    focus_node=_show(focus, data, prefixes) or "(unknown)",
                    path=path,
                    value=_show(value, data, prefixes),
                    message=message,
                    source_shape=_show(report.value(node, SH.sourceShape), report, prefixes),
                    constraint=_show(component, report, prefixes),
                    code=code,
                    explanation=explain(code, facts, message),
                )
            )
        order = {Severity.VIOLATION: 0, Severity.WARNING: 1, Severity.INFO: 2}
        results.sort(key=lambda r: (order[r.severity], r.focus_node, r.path or "", r.message))
        return cls(tuple(results))

    def describe(self) -> str:
        if not self.results:
            return "Conforms: no violations, no warnings."
        head = f"{len(self.violations)} violation(s), {len(self.warnings)} warning(s)"
        return head + "\n" + "\n".join(r.describe() for r in self.results)


def _count(data: Graph, focus: Node | None, path: Node | None) -> int | None:
    """How many values the focus node has on a plain predicate path (``None`` for complex paths)."""
    if focus is None or not isinstance(path, URIRef):
        return None
    return sum(1 for _ in data.objects(focus, path))


def _message(report: Graph, node: Node) -> str:
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    english = [str(m) for m in report.objects(node, SH.resultMessage) if isinstance(m, Literal) and m.language == "en"]
    return english[0] if english else (messages[0] if messages else "does not conform to its shape")


def _show(term: Node | None, graph: Graph, prefixes: dict[str, str]) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        iri = str(term)
        for prefix, ns in prefixes.items():
            if iri.startswith(ns) and len(iri) > len(ns) and "/" not in iri[len(ns) :]:
                return f"{prefix}:{iri[len(ns) :]}"
        return f"<{iri}>"
    if isinstance(term, Literal):
        return term.n3()
    if isinstance(term, BNode):
        return _show_blank(term, graph, prefixes)
    return str(term)


_PATH_OPERATORS = {SH.inversePath: "^{}", SH.zeroOrMorePath: "{}*", SH.oneOrMorePath: "{}+", SH.zeroOrOnePath: "{}?"}
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _show_blank(term: BNode, graph: Graph, prefixes: dict[str, str]) -> str:
    """A SHACL property path written as in SPARQL (``^p``, ``a|b``, ``a/b``), else what the node is."""
    for operator, form in _PATH_OPERATORS.items():
        inner = graph.value(term, operator)
        if inner is not None:
            return form.format(_show(inner, graph, prefixes))
    alternatives = graph.value(term, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(str(_show(t, graph, prefixes)) for t in _members(alternatives, graph)) + ")"
    if graph.value(term, URIRef(_RDF + "first")) is not None:
        return "/".join(str(_show(t, graph, prefixes)) for t in _members(term, graph))
    kind = graph.value(term, URIRef(_RDF + "type"))
    return f"[a blank node{' of type ' + str(_show(kind, graph, prefixes)) if kind else ''}]"


def _members(head: Node, graph: Graph) -> list[Node]:
    items: list[Node] = []
    while head is not None and head != URIRef(_RDF + "nil") and len(items) < 100:
        first = graph.value(head, URIRef(_RDF + "first"))
        if first is None:
            break
        items.append(first)
        head = graph.value(head, URIRef(_RDF + "rest"))  # type: ignore[assignment]
    return items
