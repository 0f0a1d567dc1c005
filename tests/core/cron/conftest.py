"""Fixtures for the cron tests: a virtual clock and a scheduler whose fires are recorded."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from a3s_core.testing import ManualClock
from tests.core.cron.harness import Harness


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def harness(clock: ManualClock) -> AsyncIterator[Harness]:
    made = Harness(clock)
    try:
        yield made
    finally:
        async with asyncio.timeout(5):
            await made.scheduler.aclose()
