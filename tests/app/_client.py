"""One request to the application in process, through httpx's ASGI transport."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from starlette.applications import Starlette

__all__ = ["call"]


def call(app: Starlette, method: str, url: str, **kwargs: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.request(method, url, **kwargs)

    return asyncio.run(go())
