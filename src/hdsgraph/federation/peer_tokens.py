"""Node-to-node authentication: a short-lived token signed with the calling node's key, checked against the peers file.

The token says which node asks (``iss`` and ``sub``, its node id), for which node (``aud``), and that it is a peer
request (``hop``), so that the node asked answers from its own catalogue only: a federated search reaches each peer
once and never fans out again.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

from hdsgraph.credentials.errors import CredentialError, UnauthenticatedError
from hdsgraph.credentials.jws import decode_compact, sign_compact, verify_compact
from hdsgraph.credentials.keys import KeyPair
from hdsgraph.federation.peers import Peer, PeerConfig

__all__ = ["PEER_TOKEN_TYPE", "PeerTokenVerifier", "is_peer_token", "peer_token"]

PEER_TOKEN_TYPE = "hdsgraph-peer+jwt"
_LIFETIME = timedelta(seconds=60)
_LEEWAY = timedelta(seconds=30)


def peer_token(key: KeyPair, *, node_id: str, audience: str, now: datetime | None = None) -> str:
    """A token by which the node ``node_id`` asks the peer ``audience``, valid for a minute."""
    issued = now or datetime.now(UTC)
    claims = {
        "iss": node_id,
        "sub": node_id,
        "aud": audience,
        "iat": int(issued.timestamp()),
        "exp": int((issued + _LIFETIME).timestamp()),
        "jti": str(uuid.uuid4()),
        "hop": 1,
    }
    return sign_compact(json.dumps(claims).encode(), key, {"typ": PEER_TOKEN_TYPE})


def is_peer_token(token: str) -> bool:
    """Whether a bearer token says it is a peer's (by its header; its signature is checked by the verifier)."""
    try:
        header, _ = decode_compact(token)
    except CredentialError:
        return False
    return header.get("typ") == PEER_TOKEN_TYPE


class PeerTokenVerifier:
    """``verify(token)``: the configured peer whose key signed the token for this node, else UnauthenticatedError."""

    def __init__(self, config: PeerConfig, node_id: str) -> None:
        self._config = config
        self._node_id = node_id

    def verify(self, token: str, *, now: datetime | None = None) -> Peer:
        try:
            _, unverified = decode_compact(token)
            claims = json.loads(unverified)
        except (CredentialError, ValueError) as e:
            raise UnauthenticatedError(f"the peer token is malformed: {e}") from e
        issuer = claims.get("iss") if isinstance(claims, dict) else None
        peer = self._config.peer(issuer) if isinstance(issuer, str) else None
        if peer is None:
            known = ", ".join(p.id for p in self._config.peers) or "none"
            raise UnauthenticatedError(
                f"the peer token's issuer {issuer!r} is not a peer of this node; its peers: {known}", issuer=issuer
            )
        try:
            verify_compact(token, peer.key)
        except CredentialError as e:
            raise UnauthenticatedError(
                f"the peer token of {peer.id} does not verify with the key configured for it: {e.message}"
            ) from e
        moment = now or datetime.now(UTC)
        expires = claims.get("exp")
        if not isinstance(expires, int) or moment > datetime.fromtimestamp(expires, UTC) + _LEEWAY:
            raise UnauthenticatedError(f"the peer token of {peer.id} has expired or has no exp; it lives a minute")
        if claims.get("aud") != self._node_id:
            raise UnauthenticatedError(
                f"the peer token of {peer.id} is for {claims.get('aud')!r}, not this node ({self._node_id!r})"
            )
        return peer
