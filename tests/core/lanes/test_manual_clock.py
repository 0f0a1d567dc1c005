"""ManualClock: virtual time that moves only when the test advances it."""

from __future__ import annotations

import asyncio

import pytest

from a3s_core.protocols import Clock
from a3s_core.testing import ManualClock


async def test_sleepers_wake_in_deadline_order_once_time_reaches_them():
    clock = ManualClock(start=100.0)
    woke: list[str] = []

    async def nap(name: str, seconds: float) -> None:
        await clock.sleep(seconds)
        woke.append(f"{name}@{clock.now():g}")

    tasks = [asyncio.ensure_future(nap(n, s)) for n, s in (("late", 3.0), ("early", 1.0), ("mid", 2.0))]
    await clock.settle()
    await clock.advance_and_settle(1.5)
    assert woke == ["early@101.5"] and clock.pending == 2 and clock.next_deadline() == 102.0

    await clock.advance_and_settle(10.0)

    assert woke == ["early@101.5", "mid@111.5", "late@111.5"]
    assert clock.sleeps == [3.0, 1.0, 2.0]
    await asyncio.wait_for(asyncio.gather(*tasks), 1)


async def test_a_zero_sleep_returns_without_advancing_and_time_never_goes_back():
    clock = ManualClock()

    await asyncio.wait_for(clock.sleep(0), 1)

    assert clock.now() == 0.0 and isinstance(clock, Clock)
    with pytest.raises(ValueError):
        clock.advance(-1)


async def test_a_cancelled_sleeper_is_not_counted_as_pending():
    clock = ManualClock()
    sleeper = asyncio.ensure_future(clock.sleep(5))
    await clock.settle()
    sleeper.cancel()
    await clock.settle()

    assert clock.pending == 0 and clock.next_deadline() is None
    clock.advance(10)  # waking a cancelled sleeper is harmless
