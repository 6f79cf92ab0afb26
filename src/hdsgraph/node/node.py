"""``Node``: one object that owns the store and builds every service from ``Settings``."""

from __future__ import annotations

import logging
from functools import cached_property

from hdsgraph.catalogue import CatalogueReader
from hdsgraph.core.config import Settings
from hdsgraph.core.errors import ConfigError
from hdsgraph.core.vocab import GraphNames
from hdsgraph.ingest import DocumentLoader
from hdsgraph.node.seeding import Progress, SeedReport, load_ontologies, load_seeds, ontology_hash
from hdsgraph.node.state import NodeState
from hdsgraph.store import EmbeddedStore, GraphStore
from hdsgraph.validation import ShaclValidator

__all__ = ["Node"]

log = logging.getLogger("hdsgraph.node")


class Node:
    """``Node(settings)`` opens the store; services are built on first use and shared."""

    def __init__(self, settings: Settings, store: GraphStore | None = None, *, read_only: bool = False) -> None:
        self.settings = settings
        self.store = store if store is not None else _open_store(settings, read_only=read_only)

    @classmethod
    def in_memory(cls, settings: Settings) -> Node:
        """A node whose store lives in memory only: for tests and one-off checks."""
        return cls(settings, EmbeddedStore())

    @cached_property
    def validator(self) -> ShaclValidator:
        return ShaclValidator.from_directories(self.settings.shapes_dir, self.settings.ontologies_dir)

    @cached_property
    def loader(self) -> DocumentLoader:
        return DocumentLoader(self.store, self.validator)

    @cached_property
    def catalogue(self) -> CatalogueReader:
        return CatalogueReader(self.store)

    def prepare(self, progress: Progress | None = None) -> SeedReport | None:
        """Bring the store up to date with the checkout: ontologies when they changed, seeds when new.

        Returns what was seeded, or ``None`` when the data directory already held a seeded node.
        """
        state = NodeState.read(self.settings.data_dir) if self.store_is_on_disk else NodeState()
        current = ontology_hash(self.settings.ontologies_dir)
        if state.ontology_hash != current:
            count = load_ontologies(self.store, self.settings.ontologies_dir)
            log.info("loaded %d ontology and vocabulary graphs", count)
            state.ontology_hash = current
            self._save(state)
        if state.seeded or not self.settings.seed_on_first_start:
            return None
        report = load_seeds(self.loader, self.settings.seeds_dir, progress)
        report.ontology_graphs = sum(1 for g in self.store.graphs() if g.startswith(GraphNames.ONTOLOGY_PREFIX))
        state.seeded = True
        self._save(state)
        log.info("seeded %d documents (%d triples)", report.documents, report.triples)
        return report

    @property
    def store_is_on_disk(self) -> bool:
        return isinstance(self.store, EmbeddedStore) and self.store.path is not None

    def _save(self, state: NodeState) -> None:
        if self.store_is_on_disk:
            state.write(self.settings.data_dir)

    def is_ready(self) -> bool:
        """Whether the store answers queries."""
        try:
            self.store.ask("ASK WHERE { ?s ?p ?o }")
        except Exception:  # any failure of the store means not ready
            log.exception("readiness check failed")
            return False
        return True

    def close(self) -> None:
        self.store.close()


def _open_store(settings: Settings, *, read_only: bool) -> GraphStore:
    if settings.store_url:
        raise ConfigError(
            f"HDSGRAPH_STORE_URL={settings.store_url!r}: this version runs the embedded store only; "
            "leave HDSGRAPH_STORE_URL empty"
        )
    return EmbeddedStore(settings.store_dir, read_only=read_only)
