"""Harness: a CronScheduler on a ManualClock whose fires are recorded."""

from __future__ import annotations

import asyncio

from a3s_core.cron import CronScheduler, ScheduledTask
from a3s_core.testing import ManualClock

WALL_START = 1_700_000_000.0


class Harness:
    """A CronScheduler on a ManualClock whose ``fire`` records (task id, clock time).

    ``busy`` is what is_busy() answers; ``durations`` are clock seconds that the next fires
    take; ``errors`` are raised by the next fires; ``wall`` is the wall clock for persistence.
    """

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.busy = False
        self.fired: list[tuple[str, float]] = []
        self.durations: list[float] = []
        self.errors: list[BaseException] = []
        self.firing: asyncio.Task[object] | None = None
        self.wall = WALL_START
        self.scheduler = CronScheduler(clock, self.fire, lambda: self.busy, wall_clock=lambda: self.wall)

    async def fire(self, task: ScheduledTask) -> None:
        self.firing = asyncio.current_task()
        self.fired.append((task.id, self.clock.now()))
        if self.durations:
            await self.clock.sleep(self.durations.pop(0))
        if self.errors:
            raise self.errors.pop(0)

    def times(self, task_id: str | None = None) -> list[float]:
        """Clock times of the fires (of one task when ``task_id`` is given)."""
        return [at for fired_id, at in self.fired if task_id is None or fired_id == task_id]

    async def advance_to(self, moment: float) -> None:
        """Move the clock to ``moment`` and let the ticker react."""
        await self.clock.advance_and_settle(moment - self.clock.now())

    async def step_to(self, moment: float, step: float) -> None:
        """Move the clock to ``moment`` in ``step``-second hops, settling after each."""
        while self.clock.now() + step <= moment:
            await self.clock.advance_and_settle(step)
        await self.advance_to(moment)
