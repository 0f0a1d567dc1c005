"""The one AsyncClient of a web tool, created lazily and again when the event loop changes.

An AsyncClient's connections belong to the loop that opened them, and the blocking SDK façade runs
a fresh loop for each call; a client left over from a finished loop would fail, so it is dropped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx2


class LazyClient:
    """Holds a tool's shared AsyncClient: made by ``factory`` on first use in each event loop."""

    def __init__(
        self, factory: Callable[[], httpx2.AsyncClient], client: httpx2.AsyncClient | None = None
    ) -> None:
        """``client`` is a caller-owned client used as is (never replaced, never closed)."""
        self._factory = factory
        self._given = client
        self._client: httpx2.AsyncClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def current(self) -> httpx2.AsyncClient | None:
        """The client in use, or None before the first request."""
        return self._given or self._client

    def get(self) -> httpx2.AsyncClient:
        """The client for the running event loop."""
        if self._given is not None:
            return self._given
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop or self._loop.is_closed():
            self._client = self._factory()
            self._loop = loop
        return self._client

    async def aclose(self) -> None:
        """Close the client this holder made, if it belongs to the running loop."""
        client, self._client = self._client, None
        if client is not None and self._loop is asyncio.get_running_loop():
            await client.aclose()
