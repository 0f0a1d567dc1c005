"""A read stream that tells when the server's side has ended."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Any, Self


class WatchedReadStream:
    """Wraps the transport's read stream; ``closed`` is set when it ends (server exit, EOF).

    The SDK's session gives no signal when its receive loop stops, so a server that dies while
    idle would otherwise go unnoticed until the next call.
    """

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.closed = asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        # Forwards ``last_context`` and anything else the dispatcher probes for.
        return getattr(self._inner, name)

    async def receive(self) -> Any:
        import anyio

        try:
            return await self._inner.receive()
        except (anyio.EndOfStream, anyio.ClosedResourceError, anyio.BrokenResourceError):
            self.closed.set()
            raise

    async def aclose(self) -> None:
        self.closed.set()
        await self._inner.aclose()

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> Any:
        import anyio

        try:
            return await self.receive()
        except anyio.EndOfStream:
            raise StopAsyncIteration from None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> bool | None:
        await self.aclose()
        return None
