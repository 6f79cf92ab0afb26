"""Typed settings, read once from the environment (``HDSGRAPH_*``) and overridden by command-line flags.

Every setting is documented in ``SETTINGS_DOC`` and in the README; a test fails when one is not.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from hdsgraph.core.errors import ConfigError

__all__ = ["SETTINGS_DOC", "Settings", "project_root"]

# Environment variable, default, meaning. The README's settings table is checked against this.
SETTINGS_DOC: dict[str, tuple[str, str, str]] = {
    "data_dir": ("HDSGRAPH_DATA_DIR", "./data", "Directory of the node's on-disk store and state."),
    "host": ("HDSGRAPH_HOST", "127.0.0.1", "Address the HTTP server listens on."),
    "port": ("HDSGRAPH_PORT", "8000", "Port the HTTP server listens on."),
    "node_id": (
        "HDSGRAPH_NODE_ID",
        "https://seed.hdsgraph.org/node",
        "IRI that identifies this node to clients and peers.",
    ),
    "node_name": ("HDSGRAPH_NODE_NAME", "hdsgraph seed node", "Human-readable name of this node."),
    "iri_base": (
        "HDSGRAPH_IRI_BASE",
        "https://seed.hdsgraph.org/",
        "IRI space this node mints (datasets, distributions, participants …); the node answers <base>dataset/<slug> "
        "and the like at /dataset/<slug>.",
    ),
    "store_url": (
        "HDSGRAPH_STORE_URL",
        "",
        "SPARQL 1.1 endpoint of a remote store; empty means the embedded on-disk store in the data directory.",
    ),
    "seed_on_first_start": (
        "HDSGRAPH_SEED",
        "true",
        "Load seeds/ and ontologies/ when the data directory is new (true or false).",
    ),
    "response_cache_mb": (
        "HDSGRAPH_RESPONSE_CACHE_MB",
        "64",
        "Memory for answers to repeated GraphQL reads (searches, datasets), in MB; they are dropped at every change "
        "to the graph. 0 turns the cache off.",
    ),
    "max_document_mb": (
        "HDSGRAPH_MAX_DOCUMENT_MB",
        "16",
        "Largest document a publish accepts (GraphQL mutation or upload), in MB; a larger one is refused unread.",
    ),
    "auth_jwks": (
        "HDSGRAPH_AUTH_JWKS",
        "",
        "File holding the JWKS (JSON Web Key Set) whose keys sign bearer tokens for writes, such as an OpenID "
        "provider's keys saved locally; empty: none. Never fetched from a URL.",
    ),
    "dev_tokens": (
        "HDSGRAPH_DEV_TOKENS",
        "true",
        "Accept development tokens made by `hdsgraph token` with the data directory's local key (true or false); "
        "turn off where a real identity provider signs tokens.",
    ),
    "trust_dir": (
        "HDSGRAPH_TRUST_DIR",
        "(the data directory's trust/)",
        "The trust registry: did/*.json holds the DID documents of registered did:web issuers, anchors/*.pem the "
        "root certificates x5c chains must reach, notaries.txt the DIDs of trusted notaries (one a line). did:key "
        "issuers need no registration.",
    ),
    "resources_dir": (
        "HDSGRAPH_RESOURCES_DIR",
        "(the project checkout)",
        "Directory holding shapes/, ontologies/ and seeds/.",
    ),
    "seeds": (
        "HDSGRAPH_SEEDS_DIR",
        "(the resources directory's seeds/)",
        "The documents a new node publishes on first start: an institution's node points this at its own part.",
    ),
    "peers_file": (
        "HDSGRAPH_PEERS",
        "",
        "TOML file of the peer nodes federated search asks (one [[peer]] table each: id, name, country, url, jwk); "
        "empty: no peers. Peer URLs come from this file only.",
    ),
}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def project_root() -> Path:
    """The checkout that holds ``shapes/``, ``ontologies/`` and ``seeds/`` beside ``src/``."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "shapes").is_dir() and (parent / "ontologies").is_dir():
            return parent
    return Path.cwd()


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    host: str
    port: int
    node_id: str
    node_name: str
    iri_base: str
    store_url: str | None
    seed_on_first_start: bool
    resources_dir: Path
    response_cache_mb: int = 64
    max_document_mb: int = 16
    auth_jwks: Path | None = None
    dev_tokens: bool = True
    trust_dir: Path | None = None
    seeds: Path | None = None
    peers_file: Path | None = None

    @property
    def shapes_dir(self) -> Path:
        return self.resources_dir / "shapes"

    @property
    def ontologies_dir(self) -> Path:
        return self.resources_dir / "ontologies"

    @property
    def seeds_dir(self) -> Path:
        return self.seeds if self.seeds is not None else self.resources_dir / "seeds"

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "store"

    @property
    def trust_registry_dir(self) -> Path:
        return self.trust_dir or self.data_dir / "trust"

    @property
    def keys_dir(self) -> Path:
        """The node's own keys (the development token issuer's, the node's signing key)."""
        return self.data_dir / "keys"

    @property
    def archive_dir(self) -> Path:
        """Every published document as received, by content hash: the history of each resource."""
        return self.data_dir / "documents"

    @property
    def max_document_bytes(self) -> int:
        return self.max_document_mb * 1024 * 1024

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read every setting from ``environ`` (default ``os.environ``); keyword overrides win (CLI flags)."""
        env = os.environ if environ is None else environ
        raw = {name: env.get(var, default) for name, (var, default, _) in SETTINGS_DOC.items()}
        settings = cls(
            data_dir=Path(raw["data_dir"]).expanduser(),
            host=raw["host"],
            port=_port(raw["port"], SETTINGS_DOC["port"][0]),
            node_id=raw["node_id"],
            node_name=raw["node_name"],
            iri_base=_iri_base(raw["iri_base"], SETTINGS_DOC["iri_base"][0]),
            store_url=raw["store_url"] or None,
            seed_on_first_start=_flag(raw["seed_on_first_start"], SETTINGS_DOC["seed_on_first_start"][0]),
            response_cache_mb=_megabytes(raw["response_cache_mb"], SETTINGS_DOC["response_cache_mb"][0]),
            max_document_mb=_document_megabytes(raw["max_document_mb"], SETTINGS_DOC["max_document_mb"][0]),
            auth_jwks=Path(raw["auth_jwks"]).expanduser() if raw["auth_jwks"] else None,
            dev_tokens=_flag(raw["dev_tokens"], SETTINGS_DOC["dev_tokens"][0]),
            trust_dir=(
                None if raw["trust_dir"] == SETTINGS_DOC["trust_dir"][1] else Path(raw["trust_dir"]).expanduser()
            ),
            resources_dir=(
                project_root()
                if raw["resources_dir"] == SETTINGS_DOC["resources_dir"][1]
                else Path(raw["resources_dir"])
            ),
            seeds=None if raw["seeds"] == SETTINGS_DOC["seeds"][1] else Path(raw["seeds"]).expanduser(),
            peers_file=Path(raw["peers_file"]).expanduser() if raw["peers_file"] else None,
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        unknown = set(given) - {f.name for f in fields(cls)}
        if unknown:
            raise ConfigError(f"unknown setting(s) {sorted(unknown)}; known: {sorted(SETTINGS_DOC)}")
        if "port" in given:
            given["port"] = _port(str(given["port"]), "--port")
        if "response_cache_mb" in given:
            given["response_cache_mb"] = _megabytes(str(given["response_cache_mb"]), "response_cache_mb")
        if "iri_base" in given:
            given["iri_base"] = _iri_base(str(given["iri_base"]), "iri_base")
        if "data_dir" in given:
            given["data_dir"] = Path(given["data_dir"]).expanduser()
        return replace(settings, **given)


def _port(value: str, source: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise ConfigError(f"{source}={value!r} is not a port; give a whole number from 0 to 65535")
    return port


def _megabytes(value: str, source: str) -> int:
    try:
        megabytes = int(value)
    except ValueError:
        megabytes = -1
    if not 0 <= megabytes <= 1_000_000:
        raise ConfigError(f"{source}={value!r} is not a size in MB; give a whole number from 0 (off) to 1000000")
    return megabytes


def _document_megabytes(value: str, source: str) -> int:
    try:
        megabytes = int(value)
    except ValueError:
        megabytes = 0
    if not 1 <= megabytes <= 4096:
        raise ConfigError(f"{source}={value!r} is not a document size in MB; give a whole number from 1 to 4096")
    return megabytes


def _iri_base(value: str, source: str) -> str:
    """An absolute http(s) IRI ending in '/', so that appending ``dataset/<slug>`` gives the IRI of a dataset."""
    scheme, sep, rest = value.partition("://")
    bad = [c for c in value if c.isspace() or c in '<>"{}|\\^`#?']
    if not sep or scheme.lower() not in ("http", "https") or not rest.strip("/") or bad or not value.endswith("/"):
        raise ConfigError(
            f"{source}={value!r} is not an IRI base; give an absolute http(s) IRI without query or fragment that "
            "ends with '/', such as https://seed.hdsgraph.org/"
        )
    return value


def _flag(value: str, source: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{source}={value!r} is not a yes/no value; give true or false")
