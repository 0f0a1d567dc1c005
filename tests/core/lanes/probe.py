"""Fake task functions for the lane scheduler tests: they record their start and wait to be released."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

from a3s_core.testing import ManualClock


class Probe:
    """Builds task functions that record their start and wait until the test releases them."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.started: list[str] = []
        self.start_times: list[float] = []
        self.finished: list[str] = []
        self.cancelled: list[str] = []
        self.running: dict[str, int] = defaultdict(int)
        self.peak: dict[str, int] = defaultdict(int)
        self._gates: dict[str, asyncio.Event] = {}

    def gate(self, name: str) -> asyncio.Event:
        return self._gates.setdefault(name, asyncio.Event())

    def task(
        self,
        name: str,
        *,
        group: str = "",
        gated: bool = True,
        fail: int = 0,
        error: type[Exception] = ValueError,
    ) -> Callable[[], Awaitable[str]]:
        """A task function named ``name``; its first ``fail`` attempts raise ``error``."""
        attempts = 0

        async def fn() -> str:
            nonlocal attempts
            attempts += 1
            self.started.append(name)
            self.start_times.append(self.clock.now())
            self.running[group] += 1
            self.peak[group] = max(self.peak[group], self.running[group])
            try:
                if gated:
                    await self.gate(name).wait()
            except asyncio.CancelledError:
                self.cancelled.append(name)
                raise
            finally:
                self.running[group] -= 1
            if attempts <= fail:
                raise error(f"{name} failed on attempt {attempts}")
            self.finished.append(name)
            return f"{name} done"

        return fn

    def release(self, *names: str) -> None:
        for name in names:
            self.gate(name).set()


async def outcome(awaitable: Awaitable[Any]) -> Any:
    """Await with a real-time bound, returning the exception instead of raising it."""
    try:
        return await asyncio.wait_for(asyncio.ensure_future(awaitable), 2)
    except (Exception, asyncio.CancelledError) as exc:
        return exc
