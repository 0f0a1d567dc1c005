"""When scheduled tasks fire: on time, one at a time, never while busy, never stacked."""

from __future__ import annotations

import asyncio
from typing import Any

from a3s_core.cron import RECURRING_LIFETIME
from tests.core.cron.harness import Harness

DAY = 86400.0


async def test_a_task_fires_once_per_interval_at_the_right_clock_times(harness: Harness) -> None:
    task = harness.scheduler.schedule("check the build", 10)
    await harness.clock.settle()
    assert harness.clock.sleeps == [10]
    await harness.advance_to(9.9)
    assert harness.fired == []
    await harness.advance_to(10)
    await harness.step_to(40, 10)
    assert harness.times() == [10, 20, 30, 40]
    assert task.fire_count == 4
    assert task.next_fire_at == 50


async def test_time_that_passes_before_the_ticker_starts_its_sleep_still_counts(harness: Harness) -> None:
    task = harness.scheduler.schedule("p", 10)
    await asyncio.sleep(0)  # one loop step: the ticker has planned its sleep but not started it
    harness.clock.advance(10)
    await harness.clock.settle()
    assert harness.times() == [10]
    assert task.next_fire_at == 20
    await harness.advance_to(20)
    assert harness.times() == [10, 20]


async def test_the_ticker_starts_on_first_schedule_and_ends_when_no_task_is_left(harness: Harness) -> None:
    assert not harness.scheduler.running
    task = harness.scheduler.schedule("p", 10)
    assert harness.scheduler.running
    harness.scheduler.cancel(task.id)
    await harness.clock.settle()
    assert not harness.scheduler.running
    assert harness.clock.pending == 0


async def test_tasks_fire_in_order_of_their_due_times(harness: Harness) -> None:
    slow = harness.scheduler.schedule("slow", 30)
    fast = harness.scheduler.schedule("fast", 20)
    await harness.step_to(60, 10)
    assert harness.fired == [(fast.id, 20), (slow.id, 30), (fast.id, 40), (slow.id, 60), (fast.id, 60)]


async def test_a_task_due_while_busy_waits_for_notify_idle_and_then_fires_once(harness: Harness) -> None:
    task = harness.scheduler.schedule("p", 10)
    harness.busy = True
    await harness.step_to(45, 5)  # four intervals pass while a turn runs
    assert harness.fired == []
    harness.busy = False
    await harness.advance_to(47)  # idle again, but nobody said so yet
    assert harness.fired == []
    harness.scheduler.notify_idle()
    await harness.clock.settle()
    assert harness.times() == [47]
    assert task.next_fire_at == 57
    await harness.step_to(67, 5)
    assert harness.times() == [47, 57, 67]


async def test_notify_idle_with_nothing_due_fires_nothing(harness: Harness) -> None:
    harness.scheduler.schedule("p", 10)
    await harness.advance_to(5)
    harness.scheduler.notify_idle()
    await harness.clock.settle()
    assert harness.fired == []
    await harness.advance_to(10)
    assert harness.times() == [10]


async def test_a_fire_longer_than_the_interval_does_not_stack(harness: Harness) -> None:
    task = harness.scheduler.schedule("p", 10)
    harness.durations = [25.0]  # the first fire runs from 10 to 35, over two more due times
    await harness.step_to(60, 5)
    # once more right after the long fire (started at 10, so due at 20), then every 10s from 35
    assert harness.times() == [10, 35, 45, 55]
    assert task.fire_count == 4


async def test_fires_run_one_at_a_time(harness: Harness) -> None:
    first = harness.scheduler.schedule("first", 10)
    second = harness.scheduler.schedule("second", 10)
    harness.durations = [3.0, 3.0]
    await harness.advance_to(10)
    assert harness.fired == [(first.id, 10)]
    await harness.advance_to(13)
    assert harness.fired == [(first.id, 10), (second.id, 13)]


async def test_a_failing_fire_is_contained_and_the_task_stays_scheduled(harness: Harness) -> None:
    reported: list[dict[str, Any]] = []
    asyncio.get_running_loop().set_exception_handler(lambda loop, context: reported.append(context))
    task = harness.scheduler.schedule("p", 10)
    harness.errors = [RuntimeError("model unreachable")]
    await harness.advance_to(10)
    assert task.last_error == "RuntimeError: model unreachable"
    assert [type(context["exception"]) for context in reported] == [RuntimeError]
    assert task.id in reported[0]["message"]
    assert harness.scheduler.list() == [task]
    await harness.advance_to(20)
    assert harness.times() == [10, 20]
    assert task.last_error is None


async def test_interrupting_a_fired_turn_leaves_the_ticker_running(harness: Harness) -> None:
    task = harness.scheduler.schedule("p", 10)
    harness.durations = [100.0]
    await harness.advance_to(10)
    assert harness.firing is not None
    harness.firing.cancel()  # what session.cancel() does to the running turn
    await harness.clock.settle()
    assert task.last_error is not None and "cancelled" in task.last_error
    assert harness.scheduler.running
    await harness.advance_to(20)
    assert harness.times() == [10, 20]


async def test_a_task_expires_three_days_after_creation_instead_of_firing(harness: Harness) -> None:
    assert RECURRING_LIFETIME == 3 * DAY
    task = harness.scheduler.schedule("daily report", DAY)
    assert task.expires_at == 3 * DAY
    await harness.step_to(3 * DAY - 1, DAY)
    assert harness.times() == [DAY, 2 * DAY]
    await harness.advance_to(3 * DAY)
    assert harness.times() == [DAY, 2 * DAY]
    assert harness.scheduler.list() == []
    assert not harness.scheduler.running


async def test_an_expired_task_is_gone_from_the_list_even_before_the_ticker_looks(harness: Harness) -> None:
    harness.scheduler.schedule("p", 7 * 3600)
    harness.busy = True
    harness.clock.advance(RECURRING_LIFETIME)  # no settle: the ticker has not run yet
    assert harness.scheduler.list() == []


async def test_info_reports_the_seed_shape_with_time_to_next_fire(harness: Harness) -> None:
    task = harness.scheduler.schedule("check build", 300)
    await harness.advance_to(12.34)
    assert task.info(harness.clock.now()) == {
        "id": task.id,
        "prompt": "check build",
        "interval_secs": 300.0,
        "fire_count": 0,
        "next_fire_in_secs": 287.7,
    }
    assert task.info(1000.0)["next_fire_in_secs"] == 0.0
