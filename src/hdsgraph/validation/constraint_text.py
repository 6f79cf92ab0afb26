"""What a SHACL constraint demands, in plain words, from the constraint component and its shape's parameters.

pyshacl's messages name rdflib internals ("Less than 1 values on <…>-><…>"); a publisher needs the rule:
``dct:title: at least 1 value required, found 0``. The text is built from the shapes graph, so it says what the
shape demands even where the shape has its own ``sh:message``.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph
from rdflib.namespace import SH
from rdflib.term import Literal, Node, URIRef

__all__ = ["ConstraintFacts", "explain"]

_SH = str(SH)


class ConstraintFacts:
    """Everything the sentence may use: the shape's parameters and the result's path, value and counts."""

    def __init__(
        self,
        shapes: Graph,
        shape: Node | None,
        path: str | None,
        value: Node | None,
        found: int | None,
        show: Callable[[Node | None], str | None],
    ) -> None:
        self.shapes, self.shape, self.path, self.value, self.found, self.show = shapes, shape, path, value, found, show

    def param(self, name: str) -> Node | None:
        return None if self.shape is None else self.shapes.value(self.shape, URIRef(_SH + name))

    def shown(self, name: str) -> str:
        return str(self.show(self.param(name)))

    def value_text(self) -> str:
        if isinstance(self.value, Literal):
            return f"'{self.value}'"
        return str(self.show(self.value))

    def count_text(self) -> str:
        return "" if self.found is None else f", found {self.found}"


def _list_length(facts: ConstraintFacts, name: str) -> int:
    head, count = facts.param(name), 0
    while head is not None and head != URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil") and count < 10_000:
        count += 1
        head = facts.shapes.value(head, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"))
    return count


_SENTENCES: dict[str, Callable[[ConstraintFacts], str]] = {
    "MinCount": lambda f: f"at least {f.param('minCount')} value(s) required{f.count_text()}",
    "MaxCount": lambda f: f"at most {f.param('maxCount')} value(s) allowed{f.count_text()}",
    "Datatype": lambda f: f"value {f.value_text()} is not of datatype {f.shown('datatype')}",
    "Class": lambda f: f"value {f.value_text()} is not of class {f.shown('class')} (or it is not in the document)",
    "NodeKind": lambda f: f"value {f.value_text()} is not of node kind {f.shown('nodeKind')}",
    "Pattern": lambda f: f"{f.value_text()} does not match {f.param('pattern')}",
    "In": lambda f: f"value {f.value_text()} is not one of the {_list_length(f, 'in')} allowed values",
    "HasValue": lambda f: f"the value {f.shown('hasValue')} is required",
    "MinLength": lambda f: f"{f.value_text()} is shorter than {f.param('minLength')} characters",
    "MaxLength": lambda f: f"{f.value_text()} is longer than {f.param('maxLength')} characters",
    "MinInclusive": lambda f: f"value {f.value_text()} is below the minimum {f.param('minInclusive')}",
    "MaxInclusive": lambda f: f"value {f.value_text()} is above the maximum {f.param('maxInclusive')}",
    "MinExclusive": lambda f: f"value {f.value_text()} must be greater than {f.param('minExclusive')}",
    "MaxExclusive": lambda f: f"value {f.value_text()} must be less than {f.param('maxExclusive')}",
    "Node": lambda f: f"value {f.value_text()} does not conform to {f.shown('node')}",
    "Closed": lambda f: f"not allowed here: the shape is closed (value {f.value_text()})",
    "Or": lambda _: "none of the allowed alternatives holds",
    "Xone": lambda _: "exactly one of the alternatives must hold",
    "And": lambda _: "not every required condition holds",
    "Not": lambda f: f"must not conform to {f.shown('not')}",
    "QualifiedMinCount": lambda f: f"at least {f.param('qualifiedMinCount')} value(s) of the required kind needed",
    "QualifiedMaxCount": lambda f: f"at most {f.param('qualifiedMaxCount')} value(s) of that kind allowed",
    "UniqueLang": lambda _: "at most one value per language allowed",
    "LanguageIn": lambda f: f"value {f.value_text()} is not in an allowed language",
    "Equals": lambda f: f"values must equal those of {f.shown('equals')}",
    "Disjoint": lambda f: f"values must differ from those of {f.shown('disjoint')}",
    "LessThan": lambda f: f"values must be less than those of {f.shown('lessThan')}",
}


def explain(code: str | None, facts: ConstraintFacts, message: str) -> str:
    """``"<path>: <what the constraint demands>"``; for SPARQL and unknown components, the shape's own message."""
    local = (code or "").removesuffix("ConstraintComponent")
    sentence = _SENTENCES.get(local)
    text = sentence(facts) if sentence is not None else message
    return f"{facts.path}: {text}" if facts.path else text
