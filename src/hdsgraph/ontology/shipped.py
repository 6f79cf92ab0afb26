"""The project's ontology as shipped in ``ontologies/``, its committed closure, and the closure a node starts with.

The closure of the shipped files is committed beside them (``closure/hdsgraph-closure.nt``), so that a node starts
with no Java. When the files no longer match the closure's hash (someone edited the ontology), a node classifies
them itself if it can, and keeps the result in its data directory under that hash; otherwise it refuses to start,
because policies decided on a stale hierarchy would be silently wrong.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from hdsgraph.core.errors import ConfigError
from hdsgraph.ontology.closure import Closure
from hdsgraph.ontology.closure_graph import read_closure, write_closure
from hdsgraph.ontology.reasoner import classify, inputs_hash, java_available

__all__ = ["ShippedOntology", "load_closure"]

log = logging.getLogger("hdsgraph.ontology")

# What the closure is derived from, relative to ontologies/: the OWL ontology, and the SKOS view of its purposes.
# The other vocabularies are not inputs, so that adding a licence or a file type does not make the closure stale.
ONTOLOGY_FILES = ("hdsgraph.ttl",)
VOCABULARY_FILES = ("vocabularies/hdsgraph-purposes.ttl",)
# N-Triples, not Turtle: every *.ttl below ontologies/ is loaded as a vocabulary for validation, this file is not.
CLOSURE_FILE = "closure/hdsgraph-closure.nt"

# Classifications made in this process, by hash: nodes without a data directory (in memory) have no cache on disk,
# and several of them in one process should not each start HermiT for the same files.
_classified: dict[str, Closure] = {}


@dataclass(frozen=True)
class ShippedOntology:
    """``ShippedOntology(settings.ontologies_dir)``: the files the closure comes from and where it is committed."""

    directory: Path

    @property
    def ontology_files(self) -> list[Path]:
        return [self.directory / name for name in ONTOLOGY_FILES]

    @property
    def vocabulary_files(self) -> list[Path]:
        return [p for p in (self.directory / name for name in VOCABULARY_FILES) if p.is_file()]

    @property
    def closure_file(self) -> Path:
        return self.directory / CLOSURE_FILE

    def exists(self) -> bool:
        return all(p.is_file() for p in self.ontology_files)

    def inputs_hash(self) -> str:
        return inputs_hash(self.ontology_files, self.vocabulary_files)

    def classify(self) -> Closure:
        """Run HermiT on the shipped files (seconds; needs Java)."""
        return classify(self.ontology_files, self.vocabulary_files)

    def committed(self) -> Closure | None:
        """The committed closure, or ``None`` when there is no such file."""
        return read_closure(self.closure_file) if self.closure_file.is_file() else None

    def stale_message(self, closure: Closure | None) -> str | None:
        """Why ``closure`` does not fit the files, or ``None`` when it does."""
        if closure is None:
            return f"{self.closure_file} is missing"
        current = self.inputs_hash()
        if closure.content_hash == current:
            return None
        return (
            f"{self.closure_file} was derived from other ontology files than those in {self.directory} "
            f"(its hash {closure.content_hash[:12]}…, the files' {current[:12]}…): the ontology changed since "
            "`hdsgraph reason --write` last ran"
        )


def load_closure(ontologies_dir: Path, cache_dir: Path | None = None) -> Closure:
    """The closure a node starts with: the committed one when it fits the files, else one cached in ``cache_dir``
    under the files' hash, else a fresh classification when Java is there (then cached).

    Raises ``ConfigError`` when the committed closure is stale and no Java runtime is found, and
    ``OntologyInconsistentError`` (naming the unsatisfiable classes) when the edited ontology is inconsistent.
    """
    shipped = ShippedOntology(ontologies_dir)
    if not shipped.exists():
        log.warning("no ontology in %s: the policy evaluator knows no class hierarchy", ontologies_dir)
        return Closure.empty()
    committed = shipped.committed()
    problem = shipped.stale_message(committed)
    if problem is None and committed is not None:
        return committed
    wanted = shipped.inputs_hash()
    cached = cache_dir / f"{wanted}.nt" if cache_dir is not None else None
    if cached is not None and cached.is_file():
        closure = read_closure(cached)
        if closure.content_hash == wanted:
            return closure
    closure = _classified.get(wanted) or _classify_anew(shipped, problem)
    _classified[wanted] = closure
    if cached is not None:
        write_closure(closure, cached)
        # Only the current hash is worth keeping: older closures belong to ontologies no longer on disk.
        for old in cached.parent.glob("*.nt"):
            if old != cached:
                old.unlink(missing_ok=True)
    return closure


def _classify_anew(shipped: ShippedOntology, problem: str | None) -> Closure:
    if not java_available():
        raise ConfigError(
            f"{problem}, and this machine has no Java runtime to classify the ontology again. Run "
            "`hdsgraph reason --write` where Java 17 or later is installed (and commit the closure file), or "
            "install Java here"
        )
    log.warning("%s: classifying the ontology with HermiT", problem)
    started = time.perf_counter()
    closure = shipped.classify()
    log.info("ontology classified in %.1f s", time.perf_counter() - started)
    return closure
