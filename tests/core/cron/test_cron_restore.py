"""to_dicts / restore: tasks survive a restart, with times carried over in wall-clock seconds."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from a3s_core.cron import MAX_TASKS, CronScheduler
from a3s_core.testing import ManualClock
from tests.core.cron.harness import WALL_START, Harness


async def _noop(task: object) -> None:
    raise AssertionError("restore alone must not fire")


def saved(**fields: Any) -> dict[str, Any]:
    """A saved task due 10s after WALL_START, created at WALL_START - 50."""
    item = {"id": "abc123", "prompt": "check build", "interval_secs": 60.0, "fire_count": 3,
            "created_at": WALL_START - 50, "next_fire_at": WALL_START + 10,
            "expires_at": WALL_START - 50 + 3 * 86400}
    return item | fields


async def test_saved_tasks_come_back_on_a_fresh_clock_with_the_same_time_left(harness: Harness) -> None:
    task = harness.scheduler.schedule("check build", 60)
    await harness.advance_to(25)  # 35s to the next fire
    items = json.loads(json.dumps(harness.scheduler.to_dicts()))
    assert items[0]["next_fire_at"] == WALL_START + 35
    assert items[0]["expires_at"] == WALL_START + 3 * 86400 - 25

    clock = ManualClock(start=5000.0)  # a new process: the monotonic clock starts elsewhere
    restored = Harness(clock)
    restored.wall = WALL_START + 5  # five seconds later on the wall
    restored.scheduler.restore(items)
    [back] = restored.scheduler.list()
    assert (back.id, back.prompt, back.interval_secs) == (task.id, "check build", 60.0)
    assert back.info(clock.now())["next_fire_in_secs"] == 30.0
    assert back.created_at == 5000.0 - 30
    restored.scheduler.start()
    await restored.advance_to(5030.0)
    assert restored.times() == [5030.0]
    await restored.scheduler.aclose()


def test_restore_needs_no_running_event_loop(clock: ManualClock) -> None:
    scheduler = CronScheduler(clock, _noop, lambda: False, wall_clock=lambda: WALL_START)
    scheduler.restore([saved()])
    assert [task.id for task in scheduler.list()] == ["abc123"]
    assert not scheduler.running


async def test_a_restored_task_waits_for_the_ticker_to_be_started(harness: Harness) -> None:
    harness.scheduler.restore([saved(next_fire_at=WALL_START - 1)])
    await harness.clock.settle()
    assert harness.fired == [] and not harness.scheduler.running
    harness.scheduler.notify_idle()
    await harness.clock.settle()
    assert harness.times() == [0.0]


async def test_an_expired_task_is_dropped_on_restore(harness: Harness) -> None:
    harness.scheduler.restore([
        saved(id="old111", expires_at=WALL_START - 1),
        saved(id="edge22", expires_at=WALL_START),
        saved(id="live33"),
    ])
    assert [task.id for task in harness.scheduler.list()] == ["live33"]


async def test_an_overdue_task_fires_once_soon_not_once_per_missed_interval(harness: Harness) -> None:
    # due 10 intervals ago when the session was saved and closed
    harness.scheduler.restore([saved(interval_secs=60.0, next_fire_at=WALL_START - 600)])
    harness.scheduler.start()
    await harness.clock.settle()
    assert harness.times() == [0.0]
    [task] = harness.scheduler.list()
    assert task.fire_count == 4
    assert task.next_fire_at == 60.0
    await harness.step_to(130, 10)
    assert harness.times() == [0.0, 60.0, 120.0]


async def test_a_restored_overdue_task_still_waits_while_the_session_is_busy(harness: Harness) -> None:
    harness.busy = True
    harness.scheduler.restore([saved(next_fire_at=WALL_START - 600)])
    harness.scheduler.start()
    await harness.step_to(100, 10)
    assert harness.fired == []
    harness.busy = False
    harness.scheduler.notify_idle()
    await harness.clock.settle()
    assert harness.times() == [100.0]


async def test_malformed_saved_entries_are_skipped_with_a_warning(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    items: list[Any] = [
        saved(id="good11"),
        {"prompt": "no id"},
        saved(id="bad222", interval_secs="often"),
        saved(id="bad333", interval_secs=0.1),
        saved(id="", prompt="x"),
        "not a dict",
    ]
    with caplog.at_level(logging.WARNING, logger="a3s_core.cron.persist"):
        harness.scheduler.restore(items)
    assert [task.id for task in harness.scheduler.list()] == ["good11"]
    assert len(caplog.records) == 5


async def test_a_saved_entry_without_expiry_gets_the_lifetime_from_its_creation(harness: Harness) -> None:
    item = saved()
    del item["expires_at"]
    harness.scheduler.restore([item])
    [task] = harness.scheduler.list()
    assert task.expires_at == task.created_at + 3 * 86400


async def test_restore_gives_a_clashing_id_a_new_one_and_keeps_the_limit(harness: Harness) -> None:
    existing = harness.scheduler.schedule("mine", 60)
    harness.scheduler.restore([saved(id=existing.id)] + [saved(id=f"t{n:05d}") for n in range(MAX_TASKS)])
    tasks = harness.scheduler.list()
    assert len(tasks) == MAX_TASKS
    assert len({task.id for task in tasks}) == MAX_TASKS
    assert harness.scheduler.get(existing.id) is existing
