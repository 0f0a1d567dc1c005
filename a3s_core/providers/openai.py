"""The OpenAI Chat Completions provider; also every OpenAI-compatible server (Ollama, vLLM,
llama.cpp, DeepSeek, OpenRouter...). Spoken directly over httpx2 (no SDK import)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import httpx2

from a3s_core.providers.events import StreamEvent
from a3s_core.providers.failures import call_context, missing_key
from a3s_core.providers.http import make_client, stream_once
from a3s_core.providers.openai_format import openai_body
from a3s_core.providers.openai_stream import OpenAIStream
from a3s_core.providers.request import ModelRequest
from a3s_core.providers.retry import RetryPolicy, with_retries

OPENAI_BASE_URL = "https://api.openai.com/v1"


class OpenAIProvider:
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
        self.name = name
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self.extra_headers = dict(headers or {})
        """Sent with every request after the standard headers (config: providers.headers)."""
        self.timeout = timeout
        """Read timeout in seconds for this provider's calls; None keeps the client's."""
        self.require_api_key = name == "openai" if require_api_key is None else require_api_key
        self._client = client
        self._owns_client = client is None

    @property
    def url(self) -> str:
        """The endpoint this provider POSTs to."""
        return f"{self.base_url}/chat/completions"

    def stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        """Stream one response; see the Provider protocol.

        Raises:
            ProviderError: AuthenticationError, ModelNotFoundError, BadRequestError at once;
                RateLimitError, ServerError, ProviderConnectionError after the last retry.
        """
        return self._stream(request)

    async def _stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        ctx = call_context(self.name, self.base_url, request.model)
        if self.require_api_key and not self.api_key:
            raise missing_key(ctx)
        headers = {"content-type": "application/json", "accept": "text/event-stream"}
        if self.api_key:
            headers["authorization"] = f"Bearer {self.api_key}"
        official = httpx2.URL(self.base_url).host == "api.openai.com"
        body = openai_body(request, max_tokens_field="max_completion_tokens" if official else "max_tokens")
        client = self._get_client()

        def attempt() -> AsyncIterator[StreamEvent]:
            return stream_once(client, self.url, headers | self.extra_headers, body, OpenAIStream(ctx), self.timeout)

        async for event in with_retries(attempt, self.retry):
            yield event

    def _get_client(self) -> httpx2.AsyncClient:
        if self._client is None:
            self._client = make_client()
        return self._client

    async def aclose(self) -> None:
        """Close the HTTP client if this provider made it."""
        if self._owns_client and self._client is not None:
            await self._client.aclose()
            self._client = None
