"""Cancelling queued, retrying and running tasks, through the handle, the id or the awaiter."""

from __future__ import annotations

import asyncio

import pytest

from a3s_core.lanes import RetrySettings, SchedulerConfig
from tests.core.lanes.probe import outcome


async def test_cancelling_a_queued_task_removes_it_before_it_starts(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    scheduler.submit("execute", probe.task("first"))
    queued = scheduler.submit("execute", probe.task("second"))
    await clock.settle()

    assert queued.cancel() is True
    probe.release("first")
    await clock.settle()

    assert isinstance(await outcome(queued), asyncio.CancelledError)
    assert probe.started == ["first"] and queued.state == "cancelled"
    assert scheduler.depth("execute") == 0 and scheduler.stats()["lanes"]["execute"]["cancelled"] == 1


async def test_cancelling_a_running_task_cancels_its_coroutine_and_frees_the_slot(
    new_scheduler, clock, probe,
):
    scheduler = new_scheduler()
    running = scheduler.submit("execute", probe.task("bash"))
    waiting = scheduler.submit("execute", probe.task("next", gated=False))
    await clock.settle()

    assert scheduler.cancel(running.task_id) is True

    assert isinstance(await outcome(running), asyncio.CancelledError)
    assert await outcome(waiting) == "next done"
    assert probe.cancelled == ["bash"] and running.state == "cancelled"


async def test_a_task_cancelled_before_its_first_step_never_runs(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    handle = scheduler.submit("query", probe.task("read"))

    assert handle.cancel() is True
    assert isinstance(await outcome(handle), asyncio.CancelledError)
    assert probe.started == [] and scheduler.stats()["lanes"]["query"]["running"] == 0


async def test_cancelling_a_task_waiting_to_retry_stops_the_retry(new_scheduler, clock, probe):
    scheduler = new_scheduler(SchedulerConfig(retry=RetrySettings("fixed", 3, 1.0)))
    handle = scheduler.submit("query", probe.task("read", gated=False, fail=9))
    await clock.settle()
    assert handle.state == "retrying"

    assert handle.cancel() is True
    await clock.advance_and_settle(5.0)

    assert probe.started == ["read"] and handle.state == "cancelled"
    assert isinstance(await outcome(handle), asyncio.CancelledError)


async def test_cancelling_the_coroutine_that_awaits_a_handle_cancels_the_running_task(
    new_scheduler, clock, probe,
):
    scheduler = new_scheduler()
    handle = scheduler.submit("execute", probe.task("bash"))

    async def turn() -> str:
        return await handle

    waiter = asyncio.ensure_future(turn())
    await clock.settle()
    waiter.cancel()
    await clock.settle()

    assert probe.cancelled == ["bash"] and handle.state == "cancelled"
    assert scheduler.stats()["lanes"]["execute"]["running"] == 0
    with pytest.raises(asyncio.CancelledError):
        await waiter


async def test_cancelling_a_run_call_cancels_its_queued_task(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    scheduler.submit("execute", probe.task("busy"))
    waiter = asyncio.ensure_future(scheduler.run("execute", probe.task("later"), name="later"))
    await clock.settle()

    waiter.cancel()
    await clock.settle()
    probe.release("busy")
    await clock.settle()

    assert probe.started == ["busy"] and scheduler.depth("execute") == 0
    assert [t.state for t in scheduler.recent_tasks()] == ["cancelled", "done"]


async def test_cancelling_a_finished_or_unknown_task_returns_false(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    handle = scheduler.submit("query", probe.task("read", gated=False))
    await outcome(handle)

    assert handle.cancel() is False
    assert scheduler.cancel(handle.task_id) is False and scheduler.cancel("task-999") is False


async def test_closing_cancels_queued_retrying_and_running_tasks(new_scheduler, clock, probe):
    scheduler = new_scheduler(SchedulerConfig(retry=RetrySettings("fixed", 3, 1.0)))
    running = scheduler.submit("execute", probe.task("bash"))
    queued = scheduler.submit("execute", probe.task("write"))
    retrying = scheduler.submit("query", probe.task("read", gated=False, fail=9))
    await clock.settle()

    await asyncio.wait_for(scheduler.aclose(), 2)

    assert [h.state for h in (running, queued, retrying)] == ["cancelled"] * 3
    assert probe.cancelled == ["bash"]
    with pytest.raises(RuntimeError, match="closed"):
        scheduler.submit("query", probe.task("late"))


async def test_a_cancelled_awaiter_returns_only_after_the_task_has_cleaned_up(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    cleaned = asyncio.Event()
    cleanup_done: list[bool] = []

    async def bash() -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            await cleaned.wait()  # e.g. killing the process group
            cleanup_done.append(True)
            raise

    waiter = asyncio.ensure_future(scheduler.run("execute", bash))
    await clock.settle()
    waiter.cancel()
    await clock.settle()
    assert not waiter.done() and scheduler.stats()["lanes"]["execute"]["running"] == 1

    cleaned.set()
    await clock.settle()

    assert waiter.cancelled() and cleanup_done == [True]
    assert scheduler.stats()["lanes"]["execute"]["cancelled"] == 1
