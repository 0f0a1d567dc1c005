"""Web search engines for the web_search tool, and how their results are merged.

An engine is any object with ``name`` and ``async search(query, limit, client)`` returning
:class:`SearchHit` s (see :class:`SearchEngine`). Built in: ``duckduckgo`` (the ddgs library, the
default), ``duckduckgo_html``, ``bing`` and ``google`` (HTML pages parsed with beautifulsoup4).
"""

from __future__ import annotations

from a3s_core.search.ranking import RankedHit, merge, normalise_url
from a3s_core.search.registry import DEFAULT_ENGINE, ENGINE_CLASSES, build_engines, engine_weights
from a3s_core.search.types import SearchEngine, SearchEngineError, SearchHit

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINE_CLASSES",
    "RankedHit",
    "SearchEngine",
    "SearchEngineError",
    "SearchHit",
    "build_engines",
    "engine_weights",
    "merge",
    "normalise_url",
]
