"""The datatypes the shapes declare, restored on what the node serves.

Oxigraph stores every literal of a type derived from ``xsd:integer`` as ``xsd:integer`` (``"18"^^xsd:
nonNegativeInteger`` comes back as ``"18"^^xsd:integer``), and pyshacl's ``sh:datatype`` check wants the declared
type itself: read back as stored, a HealthDCAT-AP dataset fails its own shapes. Two ways out were weighed:

- keep each document's original beside the graph and serve that: exact, but a second copy of every document to
  keep in step with the graph, and a catalogue page would have to be assembled from documents rather than queried;
- restore the declared types on output (chosen): the shapes in ``shapes/`` say which datatype each property takes
  (``sh:path`` with ``sh:datatype``, also inside ``sh:or``/``sh:xone``/``sh:and``); a literal that the store
  returns as ``xsd:integer`` for a property declared with another integer type is written back with that type.

Only the integer family is rewritten, because only it is collapsed: decimals keep their type (``"12.50"`` comes back
as ``"12.5"``, the same value), and so do dates, booleans and strings. A property whose shapes disagree, or allow
several datatypes, keeps what the store returns, and so does a value outside the declared type's range (it was not
valid when published, so restoring its type would only hide that). A document published with ``xsd:integer`` where
the shapes declare ``xsd:nonNegativeInteger`` would have been rejected, so the rewrite cannot change a valid value.

>>> declared = {"http://ex.org/age": XSD_NS + "nonNegativeInteger"}
>>> stored = ox.Literal("18", datatype=ox.NamedNode(XSD_NS + "integer"))
>>> restore("http://ex.org/age", stored, declared).datatype.value
'http://www.w3.org/2001/XMLSchema#nonNegativeInteger'
>>> restore("http://ex.org/age", ox.Literal("-1", datatype=stored.datatype), declared).datatype.value
'http://www.w3.org/2001/XMLSchema#integer'
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from hdsgraph.core.errors import ConfigError, ParseError, SourcePosition
from hdsgraph.validation.shape_sets import ShapeSet, shape_files

__all__ = ["XSD_NS", "declared_datatypes", "restore"]

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
_SH = "http://www.w3.org/ns/shacl#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_INTEGER = XSD_NS + "integer"
_INTEGER_NODE = ox.NamedNode(_INTEGER)

# Value ranges of the types derived from xsd:integer (XML Schema 1.1 part 2, §3.4.13 ff.); None: unbounded.
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    XSD_NS + "nonNegativeInteger": (0, None),
    XSD_NS + "positiveInteger": (1, None),
    XSD_NS + "nonPositiveInteger": (None, 0),
    XSD_NS + "negativeInteger": (None, -1),
    XSD_NS + "long": (-(2**63), 2**63 - 1),
    XSD_NS + "int": (-(2**31), 2**31 - 1),
    XSD_NS + "short": (-(2**15), 2**15 - 1),
    XSD_NS + "byte": (-(2**7), 2**7 - 1),
    XSD_NS + "unsignedLong": (0, 2**64 - 1),
    XSD_NS + "unsignedInt": (0, 2**32 - 1),
    XSD_NS + "unsignedShort": (0, 2**16 - 1),
    XSD_NS + "unsignedByte": (0, 2**8 - 1),
}
_LOGICAL = (_SH + "or", _SH + "xone", _SH + "and")


@functools.cache
def declared_datatypes(shapes_dir: Path) -> Mapping[str, str]:
    """Property IRI → the one datatype the shapes in ``shapes_dir`` declare for it; read once per directory."""
    if not shapes_dir.is_dir():
        raise ConfigError(f"shapes directory {shapes_dir} does not exist; point HDSGRAPH_RESOURCES_DIR at the checkout")
    objects: dict[object, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
    for path in shape_files(shapes_dir, ShapeSet.CATALOGUE):  # datasets' datatypes: not the Gaia-X shapes
        try:
            # Oxigraph's parser: the shapes tree takes a tenth of the time rdflib needs for it.
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                objects[t.subject][t.predicate.value].append(t.object)
        except SyntaxError as e:
            raise ParseError(str(path), SourcePosition(e.lineno, e.offset), f"{e.msg} (while reading Turtle)") from e
    found: dict[str, set[str]] = defaultdict(set)
    for shape, props in objects.items():
        for path_node in props.get(_SH + "path", ()):
            if isinstance(path_node, ox.NamedNode):
                found[path_node.value].update(_datatypes_of(shape, objects))
    return {p: next(iter(types)) for p, types in found.items() if len(types) == 1}


def _datatypes_of(shape: object, objects: Mapping[object, Mapping[str, list[object]]]) -> set[str]:
    props = objects.get(shape, {})
    types = {d.value for d in props.get(_SH + "datatype", ()) if isinstance(d, ox.NamedNode)}
    for logical in _LOGICAL:
        for head in props.get(logical, ()):
            for member in _list_members(head, objects):
                types |= _datatypes_of(member, objects)
    return types


def _list_members(head: object, objects: Mapping[object, Mapping[str, list[object]]]) -> list[object]:
    members: list[object] = []
    seen: set[object] = set()
    while head in objects and head not in seen:
        seen.add(head)
        members += objects[head].get(_RDF + "first", [])
        rest = objects[head].get(_RDF + "rest", [])
        head = rest[0] if rest else None
    return members


def restored_triples(quads: Iterable[Any], declared: Mapping[str, str]) -> list[Any]:
    """The triples of ``quads`` (pyoxigraph quads), each integer literal given the datatype ``restore`` gives it.

    Most statements hold no integer: those keep the triple the quad already has, twenty times cheaper than making
    a new one.
    """
    triples = []
    for q in quads:
        value = q.object
        if isinstance(value, ox.Literal) and value.datatype == _INTEGER_NODE:
            triples.append(ox.Triple(q.subject, q.predicate, restore(q.predicate.value, value, declared)))
        else:
            triples.append(q.triple)
    return triples


def restore(predicate: str, value: Any, declared: Mapping[str, str]) -> Any:
    """``value`` (a pyoxigraph term) with the datatype the shapes declare for ``predicate``, where the store
    collapsed it to ``xsd:integer``."""
    if not isinstance(value, ox.Literal) or value.datatype.value != _INTEGER:
        return value
    target = declared.get(predicate)
    if target is None or target not in _INTEGER_RANGES:
        return value
    try:
        number = int(value.value)
    except ValueError:
        return value
    low, high = _INTEGER_RANGES[target]
    if (low is not None and number < low) or (high is not None and number > high):
        return value
    return ox.Literal(value.value, datatype=ox.NamedNode(target))
