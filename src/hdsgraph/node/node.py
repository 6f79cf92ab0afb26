"""``Node``: one object that owns the store and builds every service from ``Settings``."""

from __future__ import annotations

import logging
from functools import cached_property
from pathlib import Path

import httpx

from hdsgraph import __version__
from hdsgraph.catalogue import CatalogueReader, CatalogueSearch, DatasetIndexer, recover_pending, reindex
from hdsgraph.catalogue.dcat_publication import DcatPublication
from hdsgraph.catalogue.indexing import bulk_load, dataset_count
from hdsgraph.catalogue.reader import ReaderCacheView
from hdsgraph.catalogue.vocabulary import Vocabulary, VocabularyView
from hdsgraph.core.config import Settings
from hdsgraph.core.errors import ConfigError
from hdsgraph.core.formats import RdfFormat
from hdsgraph.core.vocab import HDS, GraphNames
from hdsgraph.credentials.keys import KeyPair, read_jwk_file
from hdsgraph.credentials.registry import TrustRegistry
from hdsgraph.federation.client import PeerClient
from hdsgraph.federation.harvest import HarvestReport, check_url
from hdsgraph.federation.peer_tokens import PeerTokenVerifier
from hdsgraph.federation.peers import PeerConfig, read_peers
from hdsgraph.index import SearchIndex
from hdsgraph.ingest import DocumentArchive, DocumentLoader, Publisher
from hdsgraph.ingest.loader import DerivedView
from hdsgraph.node.auth import Authenticator
from hdsgraph.node.changes import ChangeCounter
from hdsgraph.node.federated_search import FederatedSearch, NodeRef
from hdsgraph.node.harvest_cache import HarvestCache
from hdsgraph.node.policies import PolicyService, check_policies, read_records
from hdsgraph.node.seeding import Progress, SeedReport, load_ontologies, load_seeds, ontology_hash
from hdsgraph.node.state import NodeState
from hdsgraph.ontology import CLOSURE_GRAPH, Closure, closure_to_ntriples, load_closure
from hdsgraph.store import EmbeddedStore, GraphStore
from hdsgraph.validation import ShaclValidator

__all__ = ["NODE_KEY", "Node"]

log = logging.getLogger("hdsgraph.node")

_INDEX_FILE = "index.sqlite"
# The node's own signing key (``hdsgraph keygen --node``), in the data directory's keys/: it signs requests to peers.
NODE_KEY = "node.jwk"
# A page of a slow catalogue may take a while to build; a peer that does not connect is given up on sooner.
_HARVEST_TIMEOUT_S = 60.0
_HARVEST_CONNECT_TIMEOUT_S = 10.0
# Closures classified at start-up because the committed one was stale, by the ontology files' hash.
_CLOSURE_CACHE = "ontology-closure"


class Node:
    """``Node(settings)`` opens the store; services are built on first use and shared."""

    def __init__(self, settings: Settings, store: GraphStore | None = None, *, read_only: bool = False) -> None:
        self.settings = settings
        self.store = store if store is not None else _open_store(settings, read_only=read_only)
        # Grows with every change to the graph: caches of whole answers are exact while it stands still.
        self.changes = ChangeCounter()

    @classmethod
    def in_memory(cls, settings: Settings) -> Node:
        """A node whose store lives in memory only: for tests and one-off checks."""
        return cls(settings, EmbeddedStore())

    @cached_property
    def validator(self) -> ShaclValidator:
        return ShaclValidator.from_directories(self.settings.shapes_dir, self.settings.ontologies_dir)

    @cached_property
    def index(self) -> SearchIndex:
        """The search side index: a file beside the store, or in memory with an in-memory store."""
        return SearchIndex(self.settings.data_dir / _INDEX_FILE if self.store_is_on_disk else None)

    @cached_property
    def views(self) -> list[DerivedView]:
        """What changes in the same step as each stored document: the index, the caches, the change counter."""
        return [
            DatasetIndexer(self.index),
            ReaderCacheView(self.reader),
            VocabularyView(self.vocabulary),
            self.policies,
            self.changes,
        ]

    @cached_property
    def policies(self) -> PolicyService:
        """Every policy of the store compiled, kept current by each publish; decisions and eligibility."""
        return PolicyService(self.store, self.closure, self.index, read_records(self.store))

    @cached_property
    def loader(self) -> DocumentLoader:
        """Loads for the operator (``hdsgraph load``): checked, unowned, without a record."""
        return DocumentLoader(self.store, self.validator, views=self.views)

    @cached_property
    def publisher(self) -> Publisher:
        """Participants' writes, and the seeds: checked, owned, recorded with their history."""
        return Publisher(
            self.store,
            self.validator,
            archive=DocumentArchive(self.settings.archive_dir if self.store_is_on_disk else None),
            views=self.views,
            registry=self.trust_registry,
            max_bytes=self.settings.max_document_bytes,
            # A policy that does not compile is refused at publish, never a silent DENY at decision time.
            checks=[check_policies],
        )

    def trust_registry(self) -> TrustRegistry:
        """The DID documents and trust anchors in the trust directory, read afresh: a few small files."""
        directory = self.settings.trust_registry_dir
        return TrustRegistry.from_directory(directory if directory.is_dir() else None)

    @cached_property
    def authenticator(self) -> Authenticator:
        return Authenticator(self.settings)

    @cached_property
    def publication(self) -> DcatPublication:
        """The catalogue as DCAT-AP: /catalog pages and the description of each resource the node holds."""
        settings = self.settings
        return DcatPublication(
            self.store,
            self.index,
            iri_base=settings.iri_base,
            shapes_dir=settings.shapes_dir,
            catalog_title=settings.node_name,
        )

    @cached_property
    def peers(self) -> PeerConfig:
        """The peers of ``HDSGRAPH_PEERS`` (none without it), read once at start."""
        return read_peers(self.settings.peers_file)

    @property
    def ref(self) -> NodeRef:
        return NodeRef(self.settings.node_id, self.settings.node_name)

    def node_key(self) -> KeyPair | None:
        path = self.settings.keys_dir / NODE_KEY
        return read_jwk_file(path) if path.is_file() else None

    @cached_property
    def federation(self) -> FederatedSearch:
        """Federated discovery over ``peers``. A node with peers needs its own key: peers check who asks."""
        key = self.node_key()
        if key is None and self.peers.peers:
            raise ConfigError(
                f"{self.peers.source} names {len(self.peers.peers)} peer(s) but this node has no key to sign its "
                f"requests with; run `hdsgraph keygen --node --data {self.settings.data_dir}` and give the printed "
                "public key to the peers"
            )
        client = PeerClient(self.peers, node_id=self.settings.node_id, key=key)
        namespaces = (self.settings.iri_base, *self.peers.namespaces)
        return FederatedSearch(local=self.ref, namespaces=namespaces, client=client, catalogue=self.catalogue)

    @cached_property
    def peer_tokens(self) -> PeerTokenVerifier:
        return PeerTokenVerifier(self.peers, self.settings.node_id)

    @cached_property
    def reader(self) -> CatalogueReader:
        return CatalogueReader(self.store)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary(self.store, self.reader)

    @cached_property
    def catalogue(self) -> CatalogueSearch:
        return CatalogueSearch(self.index, self.vocabulary)

    @cached_property
    def cache(self) -> HarvestCache:
        """What was harvested from other catalogues: a store and index of its own, beside the node's."""
        directory = self.settings.data_dir / "cache" if self.store_is_on_disk else None
        return HarvestCache(directory, self.validator, self.vocabulary)

    def harvest(self, url: str, client: httpx.Client | None = None) -> HarvestReport:
        """Crawl the DCAT-AP catalogue at ``url`` into the cache (see ``hdsgraph.federation.harvest``)."""
        check_url(url)  # before the cache is opened: a bad URL changes nothing, not even the data directory
        if client is not None:
            return self.cache.harvester(client).harvest(url)
        with httpx.Client(
            timeout=httpx.Timeout(_HARVEST_TIMEOUT_S, connect=_HARVEST_CONNECT_TIMEOUT_S),
            headers={"User-Agent": f"hdsgraph/{__version__} (harvest)"},
        ) as own:
            return self.cache.harvester(own).harvest(url)

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the search index from the store; returns how many datasets it holds."""
        self.reader.clear()
        self.changes.bump()
        try:
            return reindex(self.store, self.index, progress)
        finally:
            self.changes.bump()

    def bulk_load(self, path: Path) -> tuple[int, int]:
        """Load an N-Quads file without per-document validation (restores, prepared catalogues), then index it.

        Returns (quads in the store, datasets indexed from the file).
        """
        self.changes.bump()
        try:
            loaded = bulk_load(self.store, self.index, path)
        finally:
            self.changes.bump()
        self.reader.clear()
        self.vocabulary.clear()
        if "policies" in self.__dict__:  # a bulk load bypasses the views: policies it brought are compiled here
            self.policies.reload()
        return loaded

    def prepare(self, progress: Progress | None = None) -> SeedReport | None:
        """Bring the store up to date with the checkout: ontologies when they changed, seeds when new.

        Returns what was seeded, or ``None`` when the data directory already held a seeded node.
        """
        state = NodeState.read(self.settings.data_dir) if self.store_is_on_disk else NodeState()
        # First, before any write: a stale closure without Java, or an inconsistent ontology, stops the node here.
        closure = self.closure
        current = ontology_hash(self.settings.ontologies_dir)
        if state.ontology_hash != current:
            count = load_ontologies(self.store, self.settings.ontologies_dir)
            log.info("loaded %d ontology and vocabulary graphs", count)
            self.changes.bump()
            self.reader.clear()
            self.vocabulary.clear()
            state.ontology_hash = current
            self._save(state)
        self._store_closure(closure)
        self._bring_index_up_to_date()
        if state.seeded or not self.settings.seed_on_first_start:
            return None
        report = load_seeds(self.publisher, self.settings.seeds_dir, progress)
        # The seeds' writes leave the store's write buffer full, which would slow every publish after them.
        self.store.flush()
        report.ontology_graphs = sum(1 for g in self.store.graphs() if g.startswith(GraphNames.ONTOLOGY_PREFIX))
        state.seeded = True
        self._save(state)
        log.info("seeded %d documents (%d triples)", report.documents, report.triples)
        return report

    @cached_property
    def closure(self) -> Closure:
        """The ontology's inferred closure, for the policy evaluator: derived when the ontology changes, never per
        request (the committed file, a closure cached in the data directory, or HermiT at start-up)."""
        cache = self.settings.data_dir / _CLOSURE_CACHE if self.store_is_on_disk else None
        return load_closure(self.settings.ontologies_dir, cache)

    def _store_closure(self, closure: Closure) -> None:
        # Its graph sits under the ontology prefix, which load_ontologies clears of graphs without a file: check
        # that the store holds this very closure rather than trusting the ontology hash alone.
        held = f'ASK {{ GRAPH <{CLOSURE_GRAPH}> {{ <{CLOSURE_GRAPH}> <{HDS.inputsHash}> "{closure.content_hash}" }} }}'
        if closure.content_hash and not self.store.ask(held):
            self.store.replace_graph(CLOSURE_GRAPH, closure_to_ntriples(closure), RdfFormat.N_TRIPLES)
            self.changes.bump()

    def _bring_index_up_to_date(self) -> None:
        # A crash between a store write and its index write leaves the graph marked: re-derive those. An index
        # that holds another number of datasets than the store (deleted, or from another store) is rebuilt whole.
        recover_pending(self.store, self.index)
        in_store = dataset_count(self.store)
        if in_store != len(self.index):
            log.warning("the search index holds %d datasets, the store %d: rebuilding it", len(self.index), in_store)
            self.reindex()

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
        index = self.__dict__.pop("index", None)
        if index is not None:
            index.close()
        cache = self.__dict__.pop("cache", None)
        if cache is not None:
            cache.close()
        self.store.close()


def _open_store(settings: Settings, *, read_only: bool) -> GraphStore:
    if settings.store_url:
        raise ConfigError(
            f"HDSGRAPH_STORE_URL={settings.store_url!r}: this version runs the embedded store only; "
            "leave HDSGRAPH_STORE_URL empty"
        )
    return EmbeddedStore(settings.store_dir, read_only=read_only)
