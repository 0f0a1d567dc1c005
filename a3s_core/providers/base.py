"""What both wire protocols share: the HTTP client, headers, timeout and the retry loop."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx2

from a3s_core.providers.events import StreamEvent
from a3s_core.providers.http import StreamAssembler, make_client, stream_once
from a3s_core.providers.request import ModelRequest
from a3s_core.providers.retry import RetryPolicy, with_retries


class HttpProvider:
    """Base of the Anthropic and OpenAI providers; subclasses build headers and bodies."""

    def __init__(
        self,
        name: str,
        api_key: str | None,
        base_url: str,
        client: httpx2.AsyncClient | None = None,
        retry: RetryPolicy | None = None,
        *,
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
        self._client = client
        self._owns_client = client is None

    def stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        """Stream one response; see the Provider protocol.

        Raises:
            ProviderError: AuthenticationError, ModelNotFoundError, BadRequestError at once;
                RateLimitError, ServerError, ProviderConnectionError after the last retry.
        """
        return self._stream(request)

    def _stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        raise NotImplementedError

    async def _post(
        self, url: str, headers: dict[str, str], body: dict[str, Any], make_assembler: Any
    ) -> AsyncIterator[StreamEvent]:
        """POST with retries; ``make_assembler()`` gives a fresh StreamAssembler per attempt."""
        client = self._get_client()

        def attempt() -> AsyncIterator[StreamEvent]:
            assembler: StreamAssembler = make_assembler()
            return stream_once(client, url, headers | self.extra_headers, body, assembler, self.timeout)

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
