"""Scheduling, listing, cancelling and closing: ids, limits, and a ticker that wakes on change."""

from __future__ import annotations

import asyncio
import re

import pytest

from a3s_core.cron import MAX_TASKS, CronScheduler
from a3s_core.cron.scheduler import CronScheduler as _Same
from a3s_core.testing import ManualClock
from tests.core.cron.harness import Harness


def test_the_package_reexports_the_scheduler() -> None:
    assert CronScheduler is _Same


async def test_ids_are_six_lowercase_characters_and_unique(harness: Harness) -> None:
    ids = [harness.scheduler.schedule(f"p{n}", 60).id for n in range(MAX_TASKS)]
    assert all(re.fullmatch(r"[a-z0-9]{6}", task_id) for task_id in ids)
    assert len(set(ids)) == MAX_TASKS


async def test_at_most_fifty_tasks_and_a_cancel_makes_room(harness: Harness) -> None:
    tasks = [harness.scheduler.schedule(f"p{n}", 60) for n in range(MAX_TASKS)]
    with pytest.raises(ValueError) as raised:
        harness.scheduler.schedule("one too many", 60)
    assert str(raised.value) == "at most 50 scheduled tasks per session; cancel one with /cron-cancel <id>"
    assert harness.scheduler.cancel(tasks[0].id)
    assert harness.scheduler.schedule("fits now", 60).prompt == "fits now"


@pytest.mark.parametrize("interval", [0, 0.5, -10, float("nan"), float("inf")])
async def test_an_interval_under_one_second_is_refused(harness: Harness, interval: float) -> None:
    with pytest.raises(ValueError, match="at least 1s"):
        harness.scheduler.schedule("p", interval)
    assert harness.scheduler.list() == []


async def test_an_interval_that_would_outlive_the_task_is_refused(harness: Harness) -> None:
    with pytest.raises(ValueError, match="interval 3d would never fire"):
        harness.scheduler.schedule("p", 3 * 86400)


async def test_an_empty_prompt_is_refused(harness: Harness) -> None:
    with pytest.raises(ValueError, match="must not be empty"):
        harness.scheduler.schedule("  ", 60)


async def test_list_orders_tasks_by_next_fire_time(harness: Harness) -> None:
    late = harness.scheduler.schedule("late", 300)
    soon = harness.scheduler.schedule("soon", 30)
    middle = harness.scheduler.schedule("middle", 60)
    assert harness.scheduler.list() == [soon, middle, late]
    assert harness.scheduler.get(middle.id) is middle


async def test_cancel_returns_false_for_an_unknown_id(harness: Harness) -> None:
    harness.scheduler.schedule("p", 10)
    assert harness.scheduler.cancel("nosuch") is False
    assert len(harness.scheduler.list()) == 1


async def test_a_cancelled_task_never_fires(harness: Harness) -> None:
    task = harness.scheduler.schedule("p", 10)
    await harness.advance_to(10)
    assert harness.scheduler.cancel(task.id) is True
    await harness.step_to(50, 10)
    assert harness.times() == [10]


async def test_cancel_while_waiting_wakes_the_ticker_to_sleep_until_the_next_task(harness: Harness) -> None:
    later = harness.scheduler.schedule("later", 100)
    sooner = harness.scheduler.schedule("sooner", 10)
    await harness.clock.settle()
    assert harness.clock.next_deadline() == 10
    harness.scheduler.cancel(sooner.id)
    await harness.clock.settle()
    assert harness.clock.pending == 1
    assert harness.clock.next_deadline() == 100
    await harness.advance_to(99)
    assert harness.fired == []
    await harness.advance_to(100)
    assert harness.fired == [(later.id, 100)]


async def test_scheduling_a_sooner_task_wakes_the_ticker(harness: Harness) -> None:
    harness.scheduler.schedule("later", 100)
    await harness.clock.settle()
    assert harness.clock.next_deadline() == 100
    sooner = harness.scheduler.schedule("sooner", 10)
    await harness.clock.settle()
    assert harness.clock.pending == 1
    assert harness.clock.next_deadline() == 10
    await harness.advance_to(10)
    assert harness.fired == [(sooner.id, 10)]


async def test_a_task_cancelled_during_its_own_fire_is_not_fired_again(harness: Harness) -> None:
    task = harness.scheduler.schedule("p", 10)
    harness.durations = [5.0]
    await harness.advance_to(10)
    harness.scheduler.cancel(task.id)
    await harness.step_to(40, 5)
    assert harness.times() == [10]
    assert not harness.scheduler.running


async def test_aclose_stops_the_ticker_and_refuses_new_tasks(harness: Harness) -> None:
    harness.scheduler.schedule("p", 10)
    await harness.clock.settle()
    async with asyncio.timeout(5):
        await harness.scheduler.aclose()
    assert not harness.scheduler.running
    assert harness.clock.pending == 0
    await harness.step_to(30, 10)
    assert harness.fired == []
    with pytest.raises(RuntimeError, match="closed"):
        harness.scheduler.schedule("p", 10)


async def test_aclose_cancels_a_fire_in_progress(harness: Harness) -> None:
    harness.scheduler.schedule("p", 10)
    harness.durations = [1000.0]
    await harness.advance_to(10)
    assert harness.firing is not None and not harness.firing.done()
    async with asyncio.timeout(5):
        await harness.scheduler.aclose()
    assert harness.firing.cancelled()
    assert harness.clock.pending == 0


async def test_aclose_works_from_a_task_that_once_swallowed_a_cancel(harness: Harness) -> None:
    harness.scheduler.schedule("p", 10)

    async def caller() -> str:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            pass  # like a turn that ends as "cancelled" without uncancel()
        await harness.scheduler.aclose()
        return "closed"

    calling = asyncio.create_task(caller())
    await harness.clock.settle()
    calling.cancel()
    assert await asyncio.wait_for(calling, 5) == "closed"
    assert not harness.scheduler.running


async def test_aclose_stops_even_when_the_fired_turn_swallows_the_cancel(clock: ManualClock) -> None:
    fired: list[float] = []

    async def stubborn(task: object) -> None:  # like a turn that turns cancellation into a result
        fired.append(clock.now())
        try:
            await clock.sleep(1000)
        except asyncio.CancelledError:
            return

    scheduler = CronScheduler(clock, stubborn, lambda: False)
    scheduler.schedule("p", 10)
    await clock.advance_and_settle(10)
    async with asyncio.timeout(5):
        await scheduler.aclose()
    assert not scheduler.running
    await clock.advance_and_settle(100)
    assert fired == [10]


async def test_aclose_from_inside_a_fire_lets_that_fire_finish_then_stops(clock: ManualClock) -> None:
    finished: list[float] = []
    scheduler: CronScheduler

    async def closing_turn(task: object) -> None:
        await scheduler.aclose()
        await clock.sleep(5)
        finished.append(clock.now())

    scheduler = CronScheduler(clock, closing_turn, lambda: False)
    scheduler.schedule("p", 10)
    await clock.advance_and_settle(10)
    await clock.advance_and_settle(5)
    assert finished == [15]
    assert not scheduler.running


def test_start_outside_a_running_loop_is_refused(clock: ManualClock) -> None:
    scheduler = CronScheduler(clock, _never, lambda: False)
    with pytest.raises(RuntimeError):
        scheduler.start()


async def _never(task: object) -> None:
    raise AssertionError("never fires")
