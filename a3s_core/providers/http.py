"""The shared async HTTP client and the one streaming POST every provider makes.

One ``httpx2.AsyncClient`` serves every provider of an Agent (connection pooling, one TLS setup).
An AsyncClient is bound to the event loop it first runs on, so share it per Agent rather than per
process: the blocking façade runs a fresh loop for each call.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import Any, Protocol

import httpx2

from a3s_core.providers.events import ResponseComplete, StreamEvent
from a3s_core.errors import ProviderError
from a3s_core.providers.failures import (
    CallContext,
    RetryableFailure,
    connection_failure,
    status_failure,
    stream_error,
)
from a3s_core.providers.sse import SSEEvent, aiter_sse

DEFAULT_CONNECT_TIMEOUT = 15.0
DEFAULT_READ_TIMEOUT = 600.0
"""Seconds between two bytes of a response; long because thinking models can pause for minutes."""


def make_client(
    timeout: float | None = None,
    *,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    transport: httpx2.AsyncBaseTransport | None = None,
    verify: bool = True,
) -> httpx2.AsyncClient:
    """Create the AsyncClient providers share. Close it with ``await client.aclose()``.

    Args:
        timeout: read timeout in seconds (the longest silence tolerated mid-stream);
            defaults to DEFAULT_READ_TIMEOUT.
        connect_timeout: seconds allowed to open a connection.
        transport: a custom transport (tests pass ``httpx2.MockTransport``).
        verify: False only for a client that never sees https URLs (it skips the CA bundle).
    """
    read = DEFAULT_READ_TIMEOUT if timeout is None else timeout
    return httpx2.AsyncClient(
        timeout=httpx2.Timeout(read, connect=connect_timeout, write=60.0, pool=connect_timeout),
        limits=httpx2.Limits(max_connections=32, max_keepalive_connections=8, keepalive_expiry=30.0),
        transport=transport,
        verify=verify,
    )


async def post_sse(
    client: httpx2.AsyncClient,
    url: str,
    headers: dict[str, str],
    body: dict[str, Any],
    ctx: CallContext,
    timeout: float | None = None,
) -> AsyncIterator[SSEEvent]:
    """POST ``body`` as JSON and yield the SSE events of a 2xx answer.

    Raises:
        RetryableFailure: a 429/5xx answer or a transport error; the caller may retry.
        ProviderError: an answer that retrying will not fix (401, 404, 400...).
    """
    try:
        wait = httpx2.USE_CLIENT_DEFAULT if timeout is None else timeout
        async with client.stream("POST", url, headers=headers, content=json.dumps(body), timeout=wait) as response:
            if response.status_code >= 400:
                raw = await response.aread()
                raise status_failure(response.status_code, raw, response.headers, ctx)
            if "application/json" in response.headers.get("content-type", ""):
                raise _not_a_stream(await response.aread(), ctx)
            async for event in aiter_sse(response.aiter_lines()):
                yield event
    except (httpx2.TransportError, httpx2.DecodingError) as exc:
        raise connection_failure(exc, ctx) from exc


def _not_a_stream(raw: bytes, ctx: CallContext) -> RetryableFailure | ProviderError:
    """A 2xx JSON answer to a streaming request: an error some proxies send with 200, or a
    server that ignores ``"stream": true``."""
    try:
        payload = json.loads(raw)
    except ValueError:
        payload = None
    if isinstance(payload, dict) and payload.get("error"):
        return stream_error(payload, ctx)
    return ProviderError(f"{ctx.display} at {ctx.base_url} answered without streaming: {raw[:200]!r}")


class StreamAssembler(Protocol):
    """Turns one wire protocol's SSE events into StreamEvents and the final message."""

    ctx: CallContext
    done: bool
    """True once the protocol's final event (message_stop, [DONE]) has arrived."""

    def feed(self, sse: SSEEvent) -> list[StreamEvent]: ...

    def complete(self) -> ResponseComplete: ...


async def stream_once(
    client: httpx2.AsyncClient,
    url: str,
    headers: dict[str, str],
    body: dict[str, Any],
    state: StreamAssembler,
    timeout: float | None = None,
) -> AsyncIterator[StreamEvent]:
    """One attempt: POST, feed every SSE event to ``state``, end with its ResponseComplete.

    Raises:
        RetryableFailure: the attempt failed in a way a retry may fix (incl. a cut stream).
        ProviderError: it failed in a way no retry will fix.
    """
    try:
        async with aclosing(post_sse(client, url, headers, body, state.ctx, timeout)) as events:
            async for sse in events:
                if not state.done:  # read on to the end so the connection is reused
                    for event in state.feed(sse):
                        yield event
    except RetryableFailure:
        if not state.done:
            raise  # a connection that breaks after the final event lost nothing
    yield state.complete()
