"""Engine names of the ``search { engine { NAME { ... } } }`` block and the classes they make."""

from __future__ import annotations

from collections.abc import Callable

from a3s_core.config.models import SearchConfig
from a3s_core.errors import ConfigError
from a3s_core.search.bing import BingEngine
from a3s_core.search.ddgs_engine import DdgsEngine
from a3s_core.search.duckduckgo_html import DuckDuckGoHtmlEngine
from a3s_core.search.google import GoogleEngine
from a3s_core.search.types import SearchEngine

ENGINE_CLASSES: dict[str, Callable[[], SearchEngine]] = {
    "bing": BingEngine,
    "duckduckgo": DdgsEngine,
    "duckduckgo_html": DuckDuckGoHtmlEngine,
    "google": GoogleEngine,
}
DEFAULT_ENGINE = "duckduckgo"
"""Used when the config names no engine."""


def build_engines(config: SearchConfig) -> dict[str, SearchEngine]:
    """One engine per enabled entry of ``config.engine``; DuckDuckGo (ddgs) when it names none.

    Raises:
        ConfigError: an engine name that is not one of ENGINE_CLASSES, listing the known names.
    """
    unknown = sorted(name for name in config.engine if name not in ENGINE_CLASSES)
    if unknown:
        known = ", ".join(sorted(ENGINE_CLASSES))
        raise ConfigError(f"search.engine: unknown engine {', '.join(map(repr, unknown))}; known engines: {known}")
    if not config.engine:
        return {DEFAULT_ENGINE: ENGINE_CLASSES[DEFAULT_ENGINE]()}
    return {name: ENGINE_CLASSES[name]() for name, engine in config.engine.items() if engine.enabled}


def engine_weights(config: SearchConfig, names: list[str]) -> dict[str, float]:
    """The configured weight of each engine in ``names`` (1.0 when the config does not set one)."""
    return {name: config.engine[name].weight if name in config.engine else 1.0 for name in names}
