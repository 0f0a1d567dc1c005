"""Fixtures for the lane scheduler tests: a virtual clock, a probe and an event list."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from a3s_core.lanes import LaneScheduler, SchedulerConfig, SchedulerEvent
from a3s_core.testing import ManualClock
from tests.core.lanes.probe import Probe


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def probe(clock: ManualClock) -> Probe:
    return Probe(clock)


@pytest.fixture
def events() -> list[SchedulerEvent]:
    return []


@pytest.fixture
async def new_scheduler(clock: ManualClock) -> AsyncIterator[Callable[..., LaneScheduler]]:
    """Makes schedulers on the test's clock and closes them (cancelling leftovers) at the end."""
    made: list[LaneScheduler] = []

    def make(config: SchedulerConfig | None = None, **options: Any) -> LaneScheduler:
        options.setdefault("clock", clock)
        scheduler = LaneScheduler(config, **options)
        made.append(scheduler)
        return scheduler

    yield make
    for scheduler in made:
        await scheduler.aclose()
