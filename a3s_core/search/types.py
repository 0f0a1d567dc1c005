"""What a search engine is and what it returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from a3s_core.errors import A3SError

if TYPE_CHECKING:
    import httpx2


@dataclass(frozen=True)
class SearchHit:
    """One result as an engine ranked it."""

    title: str
    url: str
    snippet: str = ""


@runtime_checkable
class SearchEngine(Protocol):
    """One web search backend of the web_search tool."""

    name: str

    async def search(self, query: str, limit: int, client: httpx2.AsyncClient) -> list[SearchHit]:
        """Return at most ``limit`` hits, best first.

        ``client`` is the tool's shared AsyncClient; engines that bring their own may ignore it.

        Raises:
            SearchEngineError: the engine answered with an error, a bot check or nothing parseable.
        """
        ...


class SearchEngineError(A3SError):
    """Raised by an engine that could not answer; web_search reports it and uses the others."""
