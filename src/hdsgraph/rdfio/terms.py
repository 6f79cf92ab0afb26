"""Conversion between pyoxigraph terms and the rdflib terms of the store interface."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib.term import BNode, Literal, URIRef, _is_valid_langtag

__all__ = ["from_ox", "plain_literal", "to_ox"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        language = term.language
        if language:
            return plain_literal(term.value, language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return plain_literal(term.value, None)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def plain_literal(text: str, language: str | None) -> Literal:
    """``Literal(text, lang=language)``, made directly: rdflib's constructor takes 5-7 µs for what a plain literal
    needs (its value is its text), and a HealthDCAT-AP document holds a hundred of them.

    The same object in every attribute (``tests/rdfio/test_terms.py`` compares them, and fingerprints the rdflib
    code this follows); a language tag rdflib would refuse is left to its constructor, which refuses it.
    """
    if language is not None and not _valid_tag(language):
        return Literal(text, lang=language)
    literal = str.__new__(Literal, text)
    literal._language = language or None
    literal._datatype = None
    literal._value = text
    literal._ill_typed = None
    return literal


_TAGS: dict[str, bool] = {}


def _valid_tag(language: str) -> bool:
    found = _TAGS.get(language)
    if found is None:
        found = _is_valid_langtag(language)
        if len(_TAGS) < 10_000:  # a document's tags are a handful; a flood of made-up ones is not kept
            _TAGS[language] = found
    return found


def to_ox(term: URIRef | BNode | Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))
