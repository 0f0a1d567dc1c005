"""A private event loop on a daemon thread: how the blocking SDK drives the async core."""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None


def _background_loop() -> asyncio.AbstractEventLoop:
    global _loop
    with _lock:
        if _loop is None or _loop.is_closed():
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="a3s-code-loop", daemon=True)
            thread.start()
            _loop = loop
        return _loop


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` on the SDK loop and block until it finishes; Ctrl+C cancels it."""
    future = asyncio.run_coroutine_threadsafe(coro, _background_loop())
    try:
        return future.result()
    except KeyboardInterrupt:
        future.cancel()
        raise


def iterate(make: Callable[[], AsyncIterator[T]]) -> Iterator[T]:
    """Yield the items of an async iterator made on the SDK loop; closing early cancels it."""
    items: queue.Queue[tuple[str, Any]] = queue.Queue()

    async def pump() -> None:
        try:
            async for item in make():
                items.put(("item", item))
        except BaseException as exc:  # noqa: BLE001 - handed to the consuming thread, re-raised there
            items.put(("error", exc))
            raise
        finally:
            items.put(("done", None))

    future = asyncio.run_coroutine_threadsafe(pump(), _background_loop())
    try:
        while True:
            kind, value = items.get()
            if kind == "item":
                yield value
            elif kind == "error":
                if not isinstance(value, asyncio.CancelledError):
                    raise value
            else:
                return
    finally:
        if not future.done():
            future.cancel()
