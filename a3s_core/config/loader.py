"""Find, read and validate the config file; fall back to API keys in the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from a3s_core.config import _cache
from a3s_core.config._build import Builder
from a3s_core.config._parse import parse_hcl
from a3s_core.config.models import ProviderConfig
from a3s_core.config.root import Config, LoadedConfig
from a3s_core.errors import ConfigError

DEFAULT_MODELS = {
    "anthropic": "anthropic/claude-sonnet-4-20250514",
    "openai": "openai/gpt-4o",
}
"""The model chosen when only a provider's API key is known."""


def discover_config_path(
    explicit: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    home: Path | None = None,
) -> Path | None:
    """Return the config file to load.

    The order: the ``-c`` path, ``$A3S_CONFIG``, ``~/.a3s/config.hcl``, ``./agent.hcl``.
    An explicit path or ``$A3S_CONFIG`` is returned even if it does not exist (loading it then
    says so); the two default locations are used only when they exist.
    """
    env = os.environ if env is None else env
    if explicit:
        return Path(explicit).expanduser()
    if env.get("A3S_CONFIG"):
        return Path(env["A3S_CONFIG"]).expanduser()
    home = Path.home() if home is None else home
    cwd = Path.cwd() if cwd is None else cwd
    for candidate in (home / ".a3s" / "config.hcl", cwd / "agent.hcl"):
        if candidate.is_file():
            return candidate
    return None


def config_from_env(env: Mapping[str, str] | None = None) -> Config:
    """Build a config from API keys in the environment alone.

    Reads ``ANTHROPIC_API_KEY`` (with ``ANTHROPIC_BASE_URL``) and ``OPENAI_API_KEY`` (with
    ``OPENAI_BASE_URL``).
    ``default_model`` is ``A3S_MODEL`` if set, otherwise a model of the first provider with a key
    (Anthropic before OpenAI); None when no key is set.
    """
    env = os.environ if env is None else env
    providers = _providers_from_env(env)
    default = env.get("A3S_MODEL") or (DEFAULT_MODELS[providers[0].name] if providers else None)
    return Config(default_model=default, providers=providers)


def _providers_from_env(env: Mapping[str, str]) -> list[ProviderConfig]:
    providers = []
    for name in DEFAULT_MODELS:
        key = env.get(f"{name.upper()}_API_KEY")
        if key:
            base_url = env.get(f"{name.upper()}_BASE_URL") or None
            providers.append(ProviderConfig(name=name, api_key=key, base_url=base_url))
    return providers


def load_config(
    path: Path | str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    home: Path | None = None,
    cache_dir: Path | None = None,
) -> LoadedConfig:
    """Find and load the configuration.

    ``path`` is the ``-c`` flag; otherwise ``discover_config_path`` picks the file. With no file,
    the config comes from ``config_from_env``. A file without ``providers`` blocks also gets the
    providers (and, if it sets none, the default model) found in the environment. ``A3S_MODEL``
    overrides ``default_model`` in every case.

    The parser's output for a file is cached in ``cache_dir`` (default
    ``$XDG_CACHE_HOME/a3s-code/config`` or ``~/.cache/a3s-code/config``), which saves the
    0.2 s that importing python-hcl2 costs whenever the file has not changed.

    Raises:
        ConfigError: the file is missing or unreadable, is not valid HCL, has a value of the
            wrong type, or uses ``env("VAR")`` with an unset variable outside a provider's
            ``api_key`` and an MCP server's ``env`` (those are raised when that part is used).
    """
    env = os.environ if env is None else env
    found = discover_config_path(path, env, cwd, home)
    if found is None:
        return LoadedConfig(config_from_env(env), None, [])
    text = _read(found)
    raw = _parse_cached(text, found, cache_dir or _default_cache_dir(env, home))
    builder = Builder(found, text, env)
    config: Config = builder.build(Config, raw)
    if not config.providers:
        fallback = config_from_env(env)
        config.providers = fallback.providers
        config.default_model = config.default_model or fallback.default_model
    config.default_model = env.get("A3S_MODEL") or config.default_model
    return LoadedConfig(config, found, builder.warnings)


def _parse_cached(text: str, path: Path, cache_dir: Path) -> dict[str, Any]:
    key = _cache.cache_key(text)
    raw = _cache.read(cache_dir, key)
    if raw is None:
        raw = parse_hcl(text, path)
        _cache.write(cache_dir, key, raw)
    return raw


def _default_cache_dir(env: Mapping[str, str], home: Path | None) -> Path:
    base = env.get("XDG_CACHE_HOME")
    root = Path(base) if base else (Path.home() if home is None else home) / ".cache"
    return root / "a3s-code" / "config"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("config file not found", path) from None
    except IsADirectoryError:
        raise ConfigError("is a directory, not a config file", path) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"is not UTF-8 text ({exc.reason} at byte {exc.start})", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file: {exc.strerror}", path) from None
