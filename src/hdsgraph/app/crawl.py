"""The scheduled crawl: peers whose configuration says ``harvest = true`` are harvested into the cache, each at
its own interval, one at a time (a crawl is background work; searches come first)."""

from __future__ import annotations

import asyncio
import logging
import time

from hdsgraph.node import Node

__all__ = ["crawl_peers"]

log = logging.getLogger("hdsgraph.crawl")
_TICK_S = 30.0


async def crawl_peers(node: Node, *, tick_s: float = _TICK_S) -> None:
    """Run until cancelled: harvest each harvested peer's /catalog when its interval has passed (first at once)."""
    due = {p.id: 0.0 for p in node.peers.peers if p.harvest}
    while True:
        for peer in node.peers.peers:
            if peer.id not in due or time.monotonic() < due[peer.id]:
                continue
            due[peer.id] = time.monotonic() + peer.harvest_interval_s
            try:
                report = await asyncio.to_thread(node.harvest, peer.catalog_url)
            except Exception:  # one peer's failed crawl must not end the others'; it is in the log
                log.exception("harvesting %s (%s) failed", peer.name, peer.catalog_url)
            else:
                log.info("harvested %s: %s", peer.name, report.summary())
        await asyncio.sleep(tick_s)
