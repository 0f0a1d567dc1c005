"""Timeouts by the injected clock: the smallest of task, lane and default; retried like failures."""

from __future__ import annotations

from a3s_core.errors import A3SError
from a3s_core.lanes import LaneSettings, RetrySettings, SchedulerConfig, TaskTimeout
from tests.core.lanes.probe import outcome


async def test_a_task_past_its_lane_timeout_is_cancelled_and_raises_task_timeout(
    new_scheduler, clock, probe, events,
):
    config = SchedulerConfig(lanes={"query": LaneSettings(10, timeout=5.0)}, enable_dlq=False)
    scheduler = new_scheduler(config, on_event=events.append)
    handle = scheduler.submit("query", probe.task("read"), name="read")
    await clock.advance_and_settle(4.99)
    assert handle.state == "running"

    await clock.advance_and_settle(0.01)

    error = await outcome(handle)
    assert isinstance(error, TaskTimeout) and isinstance(error, TimeoutError) and isinstance(error, A3SError)
    assert str(error) == "query task 'read' timed out after 5 s"
    assert probe.cancelled == ["read"] and handle.state == "timed_out"
    assert [(e.kind, e.task_id, e.detail["timeout"]) for e in events] == [
        ("task_timeout", handle.task_id, 5.0),
    ]
    stats = scheduler.stats()["lanes"]["query"]
    assert (stats["timed_out"], stats["failed"], stats["running"]) == (1, 1, 0)


async def test_the_smallest_of_task_lane_and_default_timeout_applies(new_scheduler, clock, probe):
    config = SchedulerConfig(lanes={"execute": LaneSettings(3, timeout=5.0)}, default_timeout=10.0)
    scheduler = new_scheduler(config)
    own = scheduler.submit("execute", probe.task("own"), timeout=2.0)
    lane = scheduler.submit("execute", probe.task("lane"))
    default = scheduler.submit("query", probe.task("default"))
    await clock.settle()

    await clock.advance_and_settle(2.0)
    assert [own.state, lane.state, default.state] == ["dead", "running", "running"]
    await clock.advance_and_settle(3.0)
    assert [lane.state, default.state] == ["dead", "running"]
    await clock.advance_and_settle(5.0)
    assert default.state == "dead"
    assert [letter.error for letter in scheduler.dead_letters()] == [
        "TaskTimeout: execute task 'task-1' timed out after 2 s",
        "TaskTimeout: execute task 'task-2' timed out after 5 s",
        "TaskTimeout: query task 'task-3' timed out after 10 s",
    ]


async def test_a_timed_out_attempt_is_retried_and_may_then_succeed(new_scheduler, clock, probe):
    config = SchedulerConfig(retry=RetrySettings("fixed", 1, 0.5))
    scheduler = new_scheduler(config)
    handle = scheduler.submit("query", probe.task("fetch"), timeout=1.0)
    await clock.settle()
    await clock.advance_and_settle(1.0)
    assert handle.state == "retrying"

    probe.release("fetch")
    await clock.advance_and_settle(0.5)

    assert await outcome(handle) == "fetch done"
    stats = scheduler.stats()["lanes"]["query"]
    assert (stats["timed_out"], stats["retried"], stats["completed"]) == (1, 1, 1)


async def test_a_task_that_finishes_in_time_leaves_no_timer_behind(new_scheduler, clock, probe):
    scheduler = new_scheduler(SchedulerConfig(default_timeout=30.0))
    handle = scheduler.submit("query", probe.task("read", gated=False))

    assert await outcome(handle) == "read done"
    await clock.settle()
    assert clock.pending == 0
