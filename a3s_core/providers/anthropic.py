"""The Anthropic Messages API provider, spoken directly over httpx2 (no SDK import)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import httpx2

from a3s_core.providers.anthropic_format import ANTHROPIC_VERSION, anthropic_body
from a3s_core.providers.anthropic_stream import AnthropicStream
from a3s_core.providers.events import StreamEvent
from a3s_core.providers.failures import call_context, missing_key
from a3s_core.providers.http import make_client, stream_once
from a3s_core.providers.request import ModelRequest
from a3s_core.providers.retry import RetryPolicy, with_retries

ANTHROPIC_BASE_URL = "https://api.anthropic.com"


class AnthropicProvider:
    """Streams responses from POST ``{base_url}/v1/messages``.

    Args:
        name: the provider's name in the config (``anthropic``).
        api_key: sent as ``x-api-key``; None raises AuthenticationError at the first call.
        base_url: the API root, without ``/v1``.
        client: a shared AsyncClient; when None the provider makes (and closes) its own.
        retry: how failed calls are retried.
    """

    def __init__(
        self,
        name: str,
        api_key: str | None,
        base_url: str = ANTHROPIC_BASE_URL,
        client: httpx2.AsyncClient | None = None,
        retry: RetryPolicy | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> None:
        self.name = name
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        if self.base_url.endswith("/v1"):
            self.base_url = self.base_url[: -len("/v1")]  # forgive ANTHROPIC_BASE_URL=.../v1
        self.retry = retry or RetryPolicy()
        self.extra_headers = dict(headers or {})
        """Sent with every request after the standard headers (config: providers.headers)."""
        self.timeout = timeout
        """Read timeout in seconds for this provider's calls; None keeps the client's."""
        self._client = client
        self._owns_client = client is None

    @property
    def url(self) -> str:
        """The endpoint this provider POSTs to."""
        return f"{self.base_url}/v1/messages"

    def stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        """Stream one response; see the Provider protocol.

        Raises:
            ProviderError: AuthenticationError, ModelNotFoundError, BadRequestError at once;
                RateLimitError, ServerError, ProviderConnectionError after the last retry.
        """
        return self._stream(request)

    async def _stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        ctx = call_context(self.name, self.base_url, request.model)
        if not self.api_key:
            raise missing_key(ctx)
        headers = {
            "x-api-key": self.api_key,
            "anthropic-version": ANTHROPIC_VERSION,
            "content-type": "application/json",
            "accept": "text/event-stream",
        }
        body = anthropic_body(request)
        client = self._get_client()

        def attempt() -> AsyncIterator[StreamEvent]:
            return stream_once(client, self.url, headers | self.extra_headers, body, AnthropicStream(ctx), self.timeout)

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

