"""The shape sets a document is validated against, and which files of ``shapes/`` make each one.

Dataset descriptions, policies and the project's participant records are judged by the catalogue set (DCAT-AP,
HealthDCAT-AP, the project's own shapes). Gaia-X self-descriptions are judged by the shapes of their Gaia-X
generation; those live in their own folders and never join the catalogue set, so that a dataset is never held to
a Gaia-X rule and a Gaia-X credential subject never to a DCAT one.
"""

from __future__ import annotations

import enum
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from hdsgraph.core.errors import ConfigError, ParseError, SourcePosition
from hdsgraph.rdfio.parse import to_rdflib_graph

__all__ = ["GAIAX_FOLDERS", "ShapeSet", "read_shape_files", "shape_files"]


class ShapeSet(enum.Enum):
    CATALOGUE = "catalogue"
    GAIAX_TAGUS = "gaiax-tagus"
    GAIAX_LOIRE = "gaiax-loire"


# Folders of ``shapes/`` that hold one Gaia-X generation each.
GAIAX_FOLDERS = {ShapeSet.GAIAX_TAGUS: "gaia-x-tagus-22.10", ShapeSet.GAIAX_LOIRE: "gaia-x-loire-25.11"}


def shape_files(shapes_dir: Path, shape_set: ShapeSet) -> list[Path]:
    """The Turtle files under ``shapes_dir`` that make ``shape_set``, in a stable order."""
    if shape_set is ShapeSet.CATALOGUE:
        gaiax = {shapes_dir / folder for folder in GAIAX_FOLDERS.values()}
        return [p for p in sorted(shapes_dir.rglob("*.ttl")) if not any(p.is_relative_to(g) for g in gaiax)]
    folder = shapes_dir / GAIAX_FOLDERS[shape_set]
    own = sorted(folder.glob("*.ttl"))
    if not own:
        raise ConfigError(
            f"no Gaia-X shapes in {folder}; the {shape_set.value} shape set needs the *.ttl files shipped in "
            f"shapes/{GAIAX_FOLDERS[shape_set]}/"
        )
    # The official shapes alone: the project's own participant and offering shapes (names, organisation type,
    # jurisdiction) are in the catalogue set, which the publisher applies to a self-description's claims as a whole.
    return own


def read_shape_files(paths: list[Path]) -> Graph:
    """The files in one rdflib graph, parsed by Oxigraph (several times faster than rdflib on large files)."""
    triples: list[ox.Triple] = []
    for path in paths:
        try:
            triples.extend(q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (SyntaxError, OSError) as e:
            raise ParseError(str(path), SourcePosition(), f"does not parse as Turtle: {e}") from e
    return to_rdflib_graph(triples)
