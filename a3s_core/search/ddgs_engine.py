"""DuckDuckGo through the ``ddgs`` library (pip install ddgs), the default web_search engine."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Protocol

from a3s_core.search.types import SearchEngineError, SearchHit

if TYPE_CHECKING:
    import httpx2


class DdgsBackend(Protocol):
    """The part of ``ddgs.DDGS`` this engine uses (tests pass a small fake with this shape)."""

    def text(self, query: str, **kwargs: Any) -> list[dict[str, Any]]: ...


class DdgsEngine:
    """Text search through ``ddgs.DDGS().text()``, run in a worker thread because it blocks.

    ddgs keeps its scrapers working as the sites change. ``backend="auto"`` (the default) lets it
    start with DuckDuckGo and fall back to the other services it knows when one rate-limits;
    pass ``backend="duckduckgo"`` to use DuckDuckGo only.
    """

    name = "duckduckgo"

    def __init__(
        self,
        backend: DdgsBackend | None = None,
        *,
        ddgs_backend: str = "auto",
        region: str = "us-en",
        safesearch: str = "moderate",
        timeout: int = 10,
    ) -> None:
        """Configure the search; ``backend`` replaces ``ddgs.DDGS(timeout=timeout)``."""
        self._backend = backend
        self.ddgs_backend = ddgs_backend
        self.region = region
        self.safesearch = safesearch
        self.timeout = timeout

    async def search(self, query: str, limit: int, client: httpx2.AsyncClient) -> list[SearchHit]:
        """Ask ddgs for ``limit`` results; the shared client is not used (ddgs has its own)."""
        backend = self._backend or _default_backend(self.timeout)
        try:
            rows = await asyncio.to_thread(
                backend.text, query, max_results=limit, region=self.region,
                safesearch=self.safesearch, backend=self.ddgs_backend,
            )
        except Exception as exc:  # ddgs raises its own DDGSException tree and whatever its HTTP layer does
            if "no results found" in str(exc).lower():
                return []
            raise SearchEngineError(f"ddgs: {type(exc).__name__}: {exc}") from exc
        return [_hit(row) for row in rows if row.get("href")][:limit]


def _default_backend(timeout: int) -> DdgsBackend:
    try:
        from ddgs import DDGS
    except ImportError:
        raise SearchEngineError(
            "the duckduckgo engine needs the ddgs package: pip install ddgs"
        ) from None
    return DDGS(timeout=timeout)


def _hit(row: dict[str, Any]) -> SearchHit:
    return SearchHit(
        title=str(row.get("title") or ""),
        url=str(row.get("href") or ""),
        snippet=str(row.get("body") or ""),
    )
