"""Plain model types that services return and the GraphQL layer renders. No RDF library types leak out of here."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Concept", "LangText", "Literal", "Ref", "Resource", "Value"]


@dataclass(frozen=True)
class LangText:
    """Text in several languages; ``""`` is the key of text without a language tag."""

    values: dict[str, str] = field(default_factory=dict)

    def get(self, lang: str | None = None) -> str | None:
        """The text in ``lang`` (or its broader tag), else English, else untagged, else any language.

        Keys are lower-case language tags, as BCP 47 compares them without case.

        >>> LangText({"fr": "Santé", "en": "Health"}).get("FR-ch")
        'Santé'
        """
        wanted = []
        if lang:
            parts = lang.strip().lower().split("-")
            wanted = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
        for key in (*wanted, "en", ""):
            if key in self.values:
                return self.values[key]
        return next(iter(self.values.values()), None)


@dataclass(frozen=True)
class Concept:
    """A controlled-vocabulary concept: its IRI and its labels."""

    id: str
    labels: LangText = field(default_factory=LangText)
    scheme: str | None = None
    notation: str | None = None


@dataclass(frozen=True)
class Literal:
    """A literal value as published: its lexical form, language tag (lower-case) and datatype IRI."""

    value: str
    language: str | None = None
    datatype: str | None = None


@dataclass(frozen=True)
class Ref:
    """A reference to another resource: its IRI, or the resource itself when it has none (a blank node)."""

    iri: str | None
    resource: Resource | None = None


Value = Literal | Ref


@dataclass(frozen=True)
class Resource:
    """Everything the graph says about one resource: property IRI -> values, in a stable order.

    Blank-node values come with their own description inside (``Ref.resource``), so that a distribution or contact
    point written without an IRI is read as completely as one with.
    """

    id: str | None
    properties: dict[str, tuple[Value, ...]] = field(default_factory=dict)

    def values(self, predicate: str) -> tuple[Value, ...]:
        return self.properties.get(predicate, ())

    def literals(self, predicate: str) -> list[Literal]:
        return [v for v in self.values(predicate) if isinstance(v, Literal)]

    def refs(self, predicate: str) -> list[Ref]:
        return [v for v in self.values(predicate) if isinstance(v, Ref)]

    def iris(self, predicate: str) -> list[str]:
        return [v.iri for v in self.values(predicate) if isinstance(v, Ref) and v.iri is not None]

    def text(self, predicate: str) -> LangText:
        """The literals of ``predicate`` by language (the first, in lexical order, of each)."""
        values: dict[str, str] = {}
        for lit in sorted(self.literals(predicate), key=lambda x: x.value):
            values.setdefault(lit.language or "", lit.value)
        return LangText(values)

    def first(self, predicate: str) -> str | None:
        """The first value (lexical form or IRI) of ``predicate``, in a stable order."""
        found = [v.value if isinstance(v, Literal) else v.iri for v in self.values(predicate)]
        return min((x for x in found if x is not None), default=None)

    def types(self) -> list[str]:
        return self.iris("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
