"""The peer configuration: which nodes federated search asks, where, and the key each signs its requests with.

Peers come from the operator's TOML file only; no request can add one or point the node at another URL::

    [federation]              # optional; the defaults suit three nodes on three continents
    peer_timeout_ms = 3000    # one peer's deadline
    overall_timeout_ms = 5000 # the whole federated answer's deadline
    max_response_kb = 4096    # a peer's answer larger than this is refused while it arrives
    namespaces = ["https://lih.lu/"]   # IRIs this node mints: it wins duplicates under them

    [[peer]]
    id = "https://ncc.re.kr/hdsgraph/node"
    name = "National Cancer Center Korea"
    country = "KR"
    url = "https://hdsgraph.ncc.re.kr/graphql"
    jwk = { kty = "OKP", crv = "Ed25519", x = "…", kid = "…" }   # or a JSON string, as `keygen --node` prints it
    namespaces = ["https://ncc.re.kr/"]   # optional: IRIs this node mints; it wins duplicates under them
    timeout_ms = 2000                      # optional: this peer's own deadline
    harvest = true                         # optional: the scheduled crawl reads its /catalog into the cache
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hdsgraph.core.errors import ConfigError
from hdsgraph.credentials.errors import CredentialError
from hdsgraph.credentials.keys import PublicKey

__all__ = ["FederationLimits", "Peer", "PeerConfig", "read_peers"]

_PEER_FIELDS = {"id", "name", "country", "url", "jwk", "namespaces", "timeout_ms", "harvest", "harvest_interval_s"}
_LIMIT_FIELDS = {"peer_timeout_ms", "overall_timeout_ms", "max_response_kb", "breaker_failures", "breaker_cooldown_s"}
_FEDERATION_FIELDS = {*_LIMIT_FIELDS, "namespaces"}


@dataclass(frozen=True)
class FederationLimits:
    """Deadlines and caps of a federated answer, and when a failing peer is left alone for a while."""

    peer_timeout_ms: int = 3000
    overall_timeout_ms: int = 5000
    max_response_kb: int = 4096
    # After this many failures in a row a peer is not asked for breaker_cooldown_s (then asked once to see).
    breaker_failures: int = 3
    breaker_cooldown_s: int = 30


@dataclass(frozen=True)
class Peer:
    id: str
    name: str
    country: str
    url: str
    key: PublicKey
    namespaces: tuple[str, ...] = ()
    timeout_ms: int | None = None
    harvest: bool = False
    harvest_interval_s: int = 3600

    @property
    def base_url(self) -> str:
        """The peer's server root: its GraphQL URL without the ``/graphql`` path."""
        parts = urlsplit(self.url)
        path = parts.path[: -len("/graphql")] if parts.path.endswith("/graphql") else parts.path.rsplit("/", 1)[0]
        return f"{parts.scheme}://{parts.netloc}{path}"

    @property
    def catalog_url(self) -> str:
        return self.base_url + "/catalog"


@dataclass(frozen=True)
class PeerConfig:
    peers: tuple[Peer, ...] = ()
    limits: FederationLimits = field(default_factory=FederationLimits)
    source: str = "(no peers file)"
    namespaces: tuple[str, ...] = ()  # this node's own

    def peer(self, peer_id: str) -> Peer | None:
        return next((p for p in self.peers if p.id == peer_id), None)

    def deadline_ms(self, peer: Peer) -> int:
        """A peer's own deadline, never past the overall one."""
        return min(peer.timeout_ms or self.limits.peer_timeout_ms, self.limits.overall_timeout_ms)


def read_peers(path: Path | None) -> PeerConfig:
    """The peers of the TOML file at ``path`` (none without a path). ``ConfigError`` names the file, the table and
    the field for anything it cannot accept."""
    if path is None:
        return PeerConfig()
    where = str(path)
    try:
        document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"peers file {where}: cannot read it ({e.strerror or e})") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"peers file {where}: not valid TOML ({e})") from e
    unknown = set(document) - {"peer", "federation"}
    if unknown:
        raise ConfigError(f"peers file {where}: unknown table(s) {sorted(unknown)}; accepted: [[peer]], [federation]")
    federation = document.get("federation", {})
    limits = _limits(federation, where)
    namespaces = _namespaces(federation.get("namespaces", []), f"{where}, [federation]")
    tables = document.get("peer", [])
    if not isinstance(tables, list):
        raise ConfigError(f"peers file {where}: 'peer' must be an array of tables, written [[peer]]")
    peers = tuple(_peer(table, f"{where}, peer {i}") for i, table in enumerate(tables, 1))
    seen: set[str] = set()
    for peer in peers:
        if peer.id in seen:
            raise ConfigError(f"peers file {where}: two peers have the id {peer.id!r}; ids must differ")
        seen.add(peer.id)
    return PeerConfig(peers, limits, where, namespaces)


def _limits(table: object, where: str) -> FederationLimits:
    if not isinstance(table, Mapping):
        raise ConfigError(f"peers file {where}: [federation] must be a table")
    unknown = set(table) - _FEDERATION_FIELDS
    if unknown:
        raise ConfigError(
            f"peers file {where}: [federation] has unknown key(s) {sorted(unknown)}; "
            f"known: {sorted(_FEDERATION_FIELDS)}"
        )
    values = {name: _whole(table[name], f"{where}, [federation] {name}", 1) for name in table if name in _LIMIT_FIELDS}
    limits = FederationLimits(**values)
    if limits.peer_timeout_ms > limits.overall_timeout_ms:
        raise ConfigError(
            f"peers file {where}: peer_timeout_ms={limits.peer_timeout_ms} is longer than overall_timeout_ms="
            f"{limits.overall_timeout_ms}; a peer's deadline must fit in the overall one"
        )
    return limits


def _peer(table: object, where: str) -> Peer:
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}: a [[peer]] entry must be a table")
    unknown = set(table) - _PEER_FIELDS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {sorted(unknown)}; known: {sorted(_PEER_FIELDS)}")
    missing = [name for name in ("id", "name", "country", "url", "jwk") if name not in table]
    if missing:
        raise ConfigError(f"{where}: missing {', '.join(missing)}; every peer needs id, name, country, url and jwk")
    text = {name: _text(table[name], f"{where}: {name}") for name in ("id", "name", "country", "url")}
    country = text["country"]
    if not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise ConfigError(f"{where}: country={country!r} is not an ISO 3166-1 alpha-2 code such as LU, KR or US")
    namespaces = _namespaces(table.get("namespaces", []), where)
    harvest = table.get("harvest", False)
    if not isinstance(harvest, bool):
        raise ConfigError(f"{where}: harvest={harvest!r} must be true or false")
    return Peer(
        id=text["id"],
        name=text["name"],
        country=country.upper(),
        url=_url(text["url"], where),
        key=_key(table["jwk"], where),
        namespaces=namespaces,
        timeout_ms=_whole(table["timeout_ms"], f"{where}: timeout_ms", 1) if "timeout_ms" in table else None,
        harvest=harvest,
        harvest_interval_s=_whole(table.get("harvest_interval_s", 3600), f"{where}: harvest_interval_s", 60),
    )


def _namespaces(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(n, str) and _is_http(n) for n in value):
        raise ConfigError(f"{where}: namespaces must be a list of http(s) IRI prefixes, such as ['https://lih.lu/']")
    return tuple(value)


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}={value!r} must be a non-empty string")
    return value.strip()


def _whole(value: object, where: str, low: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise ConfigError(f"{where}={value!r} must be a whole number of at least {low}")
    return value


def _is_http(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _url(value: str, where: str) -> str:
    parts = urlsplit(value)
    if not _is_http(value) or parts.query or parts.fragment:
        raise ConfigError(
            f"{where}: url={value!r} is not a GraphQL endpoint URL; give an absolute http(s) URL without query or "
            "fragment, such as https://node.example.org/graphql"
        )
    return value


def _key(value: object, where: str) -> PublicKey:
    jwk: Any = value
    if isinstance(value, str):
        try:
            jwk = json.loads(value)
        except ValueError as e:
            raise ConfigError(
                f"{where}: jwk is a string but not JSON ({e}); give the JWK `keygen --node` printed"
            ) from e
    if not isinstance(jwk, Mapping):
        raise ConfigError(f"{where}: jwk must be a JWK (a table, or its JSON as a string)")
    if "d" in jwk:
        raise ConfigError(f"{where}: jwk holds a private key ('d'); give the peer's public key only")
    try:
        return PublicKey.from_jwk(jwk)
    except CredentialError as e:
        raise ConfigError(f"{where}: jwk is not a usable public key: {e.message}") from e
