"""Making a Provider from a config entry."""

from __future__ import annotations

from collections.abc import Mapping

import httpx2

from a3s_core.protocols import Provider
from a3s_core.providers.anthropic import ANTHROPIC_BASE_URL, AnthropicProvider
from a3s_core.providers.openai import OPENAI_BASE_URL, OpenAIProvider
from a3s_core.providers.retry import RetryPolicy

KINDS = ("anthropic", "openai")


def provider_kind(name: str) -> str:
    """The wire protocol a provider named ``name`` speaks unless told otherwise."""
    return "anthropic" if name == "anthropic" else "openai"


def create_provider(
    name: str,
    api_key: str | None,
    base_url: str | None,
    *,
    kind: str | None = None,
    client: httpx2.AsyncClient | None = None,
    retry: RetryPolicy | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> Provider:
    """Create the provider ``name``.

    Args:
        name: the config name; ``anthropic`` speaks the Messages API, every other name
            (openai, ollama, vllm, deepseek, openrouter...) speaks Chat Completions.
        api_key: the key; may be None for a local OpenAI-compatible server. A missing key for
            anthropic or openai raises AuthenticationError at the first call.
        base_url: the API root; None means the official endpoint of ``kind``.
        kind: ``anthropic`` or ``openai`` to override the protocol chosen from the name.
        client: a shared AsyncClient (recommended: one per Agent).
        retry: the retry policy; None means RetryPolicy().
        headers: extra HTTP headers for every request (config ``headers``).
        timeout: read timeout in seconds (config ``timeout``); None keeps the client's.

    Raises:
        ValueError: ``kind`` is not a known protocol.
    """
    kind = kind or provider_kind(name)
    if kind == "anthropic":
        return AnthropicProvider(
            name, api_key, base_url or ANTHROPIC_BASE_URL, client, retry, headers=headers, timeout=timeout
        )
    if kind == "openai":
        return OpenAIProvider(
            name, api_key, base_url or OPENAI_BASE_URL, client, retry, headers=headers, timeout=timeout
        )
    raise ValueError(f"unknown provider kind {kind!r}; expected one of {', '.join(KINDS)}")
