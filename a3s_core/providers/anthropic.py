"""The Anthropic Messages API provider, spoken directly over httpx2 (no SDK import)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import httpx2

from a3s_core.providers.anthropic_format import ANTHROPIC_VERSION, anthropic_body
from a3s_core.providers.anthropic_stream import AnthropicStream
from a3s_core.providers.events import StreamEvent
from a3s_core.providers.failures import call_context, missing_key
from a3s_core.providers.base import HttpProvider
from a3s_core.providers.request import ModelRequest
from a3s_core.providers.retry import RetryPolicy

ANTHROPIC_BASE_URL = "https://api.anthropic.com"


class AnthropicProvider(HttpProvider):
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
        super().__init__(name, api_key, base_url, client, retry, headers=headers, timeout=timeout)
        if self.base_url.endswith("/v1"):
            self.base_url = self.base_url[: -len("/v1")]  # forgive ANTHROPIC_BASE_URL=.../v1

    @property
    def url(self) -> str:
        """The endpoint this provider POSTs to."""
        return f"{self.base_url}/v1/messages"

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
        async for event in self._post(self.url, headers, body, lambda: AnthropicStream(ctx)):
            yield event

