"""A new node's first data: the ontologies and vocabularies, then the seed documents, each validated."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.vocab import GraphNames
from hdsgraph.ingest import Document, Publisher
from hdsgraph.store.base import GraphStore

__all__ = ["SEED_ORDER", "SeedReport", "load_ontologies", "load_seeds", "ontology_hash", "seed_files"]

# Catalogue first, then who publishes (their signed self-descriptions), then what they publish and its terms.
# seeds/participants/ holds the claims the self-descriptions were signed from, not documents to load.
SEED_ORDER = ("catalog.ttl", "self-descriptions", "offerings", "datasets", "policies")
SELF_DESCRIPTION_SUFFIX = ".vp.json"

Progress = Callable[[int, int, str], None]


@dataclass
class SeedReport:
    ontology_graphs: int = 0
    documents: int = 0
    triples: int = 0
    warnings: int = 0
    graphs: list[str] = field(default_factory=list)


def ontology_files(ontologies_dir: Path) -> list[Path]:
    return sorted(ontologies_dir.rglob("*.ttl")) if ontologies_dir.is_dir() else []


def ontology_hash(ontologies_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in ontology_files(ontologies_dir):
        digest.update(path.relative_to(ontologies_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_ontologies(store: GraphStore, ontologies_dir: Path) -> int:
    """Replace every ontology graph with the files on disk; drop graphs whose file is gone."""
    wanted = {}
    for path in ontology_files(ontologies_dir):
        name = GraphNames.for_ontology(path.relative_to(ontologies_dir).as_posix())
        store.replace_graph(name, path.read_bytes(), RdfFormat.TURTLE)
        wanted[name] = path
    for name in store.graphs():
        if name.startswith(GraphNames.ONTOLOGY_PREFIX) and name not in wanted:
            store.drop_graph(name)
    return len(wanted)


def seed_files(seeds_dir: Path) -> list[Path]:
    files: list[Path] = []
    for entry in SEED_ORDER:
        path = seeds_dir / entry
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and (p.suffix in {".ttl", ".jsonld"} or p.name.endswith(SELF_DESCRIPTION_SUFFIX))
                )
            )
    return files


def load_seeds(publisher: Publisher, seeds_dir: Path, progress: Progress | None = None) -> SeedReport:
    """Publish every seed document, each owned by whom it names (a dataset's publisher, a participant itself)."""
    report = SeedReport()
    files = seed_files(seeds_dir)
    for i, path in enumerate(files, 1):
        if path.name.endswith(SELF_DESCRIPTION_SUFFIX):
            outcome = publisher.seed_self_description(path.read_bytes(), source=str(path))
        else:
            outcome = publisher.seed(Document.from_file(path))
        report.documents += 1
        report.triples += outcome.triples
        report.warnings += sum(1 for w in outcome.warnings if w.severity == "WARNING")
        report.graphs.append(outcome.graph)
        if progress:
            progress(i, len(files), path.relative_to(seeds_dir).as_posix())
    return report
