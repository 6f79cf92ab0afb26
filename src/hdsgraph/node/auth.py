"""Who is writing: bearer tokens checked against the configured JWKS and the node's development token issuer.

Development tokens (``hdsgraph token``) are signed with a key kept in the data directory, created on first use;
the node reads it again when it changes, so a token made while the node runs is accepted at once.
"""

from __future__ import annotations

import threading
from pathlib import Path

from hdsgraph.core.config import Settings
from hdsgraph.credentials.keys import KeyPair, PublicKey, read_jwk_file, write_jwk_file
from hdsgraph.credentials.tokens import TokenVerifier, issue_token, load_jwks

__all__ = ["Authenticator", "dev_token", "dev_token_issuer", "dev_token_key_path"]

_DEV_KEY = "token-issuer.jwk"


def dev_token_key_path(settings: Settings) -> Path:
    return settings.keys_dir / _DEV_KEY


def dev_token_issuer(settings: Settings) -> str:
    return f"{settings.node_id}#development-tokens"


def dev_token(settings: Settings, participant: str) -> str:
    """A development token for ``participant``, signed with the data directory's key (made when missing)."""
    path = dev_token_key_path(settings)
    if path.is_file():
        key = read_jwk_file(path)
    else:
        key = KeyPair.generate("EdDSA", kid="development-tokens")
        path.parent.mkdir(parents=True, exist_ok=True)
        write_jwk_file(path, key)
    return issue_token(key, participant=participant, issuer=dev_token_issuer(settings), audience=settings.node_id)


class Authenticator:
    """``participant(authorization)``: the participant IRI a request's ``Authorization`` header proves."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._lock = threading.Lock()
        self._seen: tuple[float | None, float | None] | None = None
        self._verifier: TokenVerifier | None = None

    def participant(self, authorization: str | None) -> str:
        return self._current().verify(authorization)

    def _current(self) -> TokenVerifier:
        stamps = (_mtime(self._settings.auth_jwks), _mtime(self._dev_key()))
        with self._lock:
            if self._verifier is None or stamps != self._seen:
                self._verifier = self._build()
                self._seen = stamps
            return self._verifier

    def _dev_key(self) -> Path | None:
        return dev_token_key_path(self._settings) if self._settings.dev_tokens else None

    def _build(self) -> TokenVerifier:
        keys: list[PublicKey] = []
        if self._settings.auth_jwks is not None:
            keys += load_jwks(self._settings.auth_jwks)
        dev = self._dev_key()
        if dev is not None and dev.is_file():
            keys.append(read_jwk_file(dev).public_key())
        # With no key at all every token is refused, each with a message that says why.
        return TokenVerifier(keys, audience=self._settings.node_id, issuers=None)


def _mtime(path: Path | None) -> float | None:
    if path is None:
        return None
    try:
        return path.stat().st_mtime
    except OSError:
        return None
