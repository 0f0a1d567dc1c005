"""The OpenAI Chat Completions provider; also every OpenAI-compatible server (Ollama, vLLM,
llama.cpp, DeepSeek, OpenRouter...). Spoken directly over httpx2 (no SDK import)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import httpx2

from a3s_core.providers.events import StreamEvent
from a3s_core.providers.failures import call_context, missing_key
from a3s_core.providers.base import HttpProvider
from a3s_core.providers.openai_format import openai_body
from a3s_core.providers.openai_stream import OpenAIStream
from a3s_core.providers.request import ModelRequest
from a3s_core.providers.retry import RetryPolicy

OPENAI_BASE_URL = "https://api.openai.com/v1"


class OpenAIProvider(HttpProvider):
    """Streams responses from POST ``{base_url}/chat/completions``.

    Args:
        name: the provider's name in the config (``openai``, ``ollama``, ``deepseek``...).
        api_key: sent as ``Authorization: Bearer``; None sends no Authorization header.
        base_url: the API root including ``/v1``, as OPENAI_BASE_URL is written.
        client: a shared AsyncClient; when None the provider makes (and closes) its own.
        retry: how failed calls are retried.
        require_api_key: raise AuthenticationError at the first call when ``api_key`` is
            missing; defaults to True for the ``openai`` provider only (local servers need none).
    """

    def __init__(
        self,
        name: str,
        api_key: str | None,
        base_url: str = OPENAI_BASE_URL,
        client: httpx2.AsyncClient | None = None,
        retry: RetryPolicy | None = None,
        *,
        require_api_key: bool | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> None:
        super().__init__(name, api_key, base_url, client, retry, headers=headers, timeout=timeout)
        self.require_api_key = name == "openai" if require_api_key is None else require_api_key

    @property
    def url(self) -> str:
        """The endpoint this provider POSTs to."""
        return f"{self.base_url}/chat/completions"

    async def _stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        ctx = call_context(self.name, self.base_url, request.model)
        if self.require_api_key and not self.api_key:
            raise missing_key(ctx)
        headers = {"content-type": "application/json", "accept": "text/event-stream"}
        if self.api_key:
            headers["authorization"] = f"Bearer {self.api_key}"
        official = httpx2.URL(self.base_url).host == "api.openai.com"
        body = openai_body(request, max_tokens_field="max_completion_tokens" if official else "max_tokens")
        async for event in self._post(self.url, headers, body, lambda: OpenAIStream(ctx)):
            yield event
