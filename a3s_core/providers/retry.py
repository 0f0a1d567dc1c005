"""Retrying an LLM call: exponential backoff with jitter, honouring the server's retry-after."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

from a3s_core.providers.events import StreamEvent, StreamRetry
from a3s_core.providers.failures import RetryableFailure

Sleep = Callable[[float], Awaitable[None]]


@dataclass
class RetryPolicy:
    """How often and how patiently a provider retries a failed call.

    Retried: 408/429/500/502/503/504/529, connection errors, a stream cut mid-way and a
    mid-stream overloaded/api error. Never retried: 400, 401/403, 404.
    """

    max_retries: int = 4
    """Retries after the first attempt; 0 disables retrying."""
    initial_delay: float = 1.0
    """Seconds before the first retry; doubles on each further retry."""
    max_delay: float = 30.0
    """Upper bound of the computed backoff."""
    jitter: bool = True
    """Shorten each backoff by up to 25% at random so many clients do not retry in step."""
    max_retry_after: float = 60.0
    """Upper bound on a server's retry-after; a longer demand is cut to this."""
    sleep: Sleep = field(default=asyncio.sleep, repr=False)
    """Awaited with the delay before each retry; tests inject one that returns at once."""

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based)."""
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        base = min(self.initial_delay * 2 ** (attempt - 1), self.max_delay)
        if self.jitter:
            base *= 1.0 - 0.25 * random.random()
        return base


async def with_retries(
    attempt: Callable[[], AsyncIterator[StreamEvent]], policy: RetryPolicy
) -> AsyncIterator[StreamEvent]:
    """Run ``attempt`` until it completes, yielding StreamRetry before each retry.

    Raises:
        ProviderError: the failure's final error once the retries are spent, or at once for a
            failure that is not retryable.
    """
    retries = 0
    while True:
        try:
            async for event in attempt():
                yield event
            return
        except RetryableFailure as failure:
            if retries >= policy.max_retries:
                raise failure.final from failure
            retries += 1
            wait = policy.delay(retries, failure.retry_after)
            yield StreamRetry(attempt=retries, delay=wait, reason=failure.reason)
            await policy.sleep(wait)
