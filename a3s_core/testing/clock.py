"""ManualClock: virtual time for deterministic tests of anything that takes a Clock."""

from __future__ import annotations

import asyncio
import heapq
import itertools


class ManualClock:
    """A Clock whose time moves only when the test says so.

    ``sleep`` parks the caller until ``advance`` moves time to or past its deadline; due sleepers
    wake in deadline order. ``sleeps`` lists every duration asked for, so tests can assert them.

    Example:
        clock = ManualClock()
        scheduler = LaneScheduler(config, clock=clock)
        await clock.advance_and_settle(0.1)
    """

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self.sleeps: list[float] = []
        """Every duration passed to sleep(), in call order."""

    def now(self) -> float:
        """The virtual time in seconds."""
        return self._now

    async def sleep(self, seconds: float) -> None:
        """Wait until virtual time reaches now + ``seconds`` (just yield once when it is <= 0)."""
        self.sleeps.append(seconds)
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self._now + seconds, next(self._order), future))
        await future

    @property
    def pending(self) -> int:
        """Sleepers still waiting (cancelled ones excluded)."""
        return sum(1 for _, _, future in self._sleepers if not future.done())

    def next_deadline(self) -> float | None:
        """The earliest deadline of a waiting sleeper, or None."""
        for deadline, _, future in sorted(self._sleepers):
            if not future.done():
                return deadline
        return None

    def advance(self, seconds: float) -> None:
        """Move time forward and wake every sleeper now due, earliest deadline first.

        Raises:
            ValueError: ``seconds`` is negative.
        """
        if seconds < 0:
            raise ValueError("time only moves forward")
        self._now += seconds
        while self._sleepers and self._sleepers[0][0] <= self._now:
            _, _, future = heapq.heappop(self._sleepers)
            if not future.done():
                future.set_result(None)

    async def settle(self, rounds: int = 50) -> None:
        """Let ready callbacks run: yield to the event loop ``rounds`` times."""
        for _ in range(rounds):
            await asyncio.sleep(0)

    async def advance_and_settle(self, seconds: float) -> None:
        """advance(seconds), then settle()."""
        self.advance(seconds)
        await self.settle()
