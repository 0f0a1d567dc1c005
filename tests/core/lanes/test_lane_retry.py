"""Failures: retries with exponential or fixed backoff, then the dead-letter queue."""

from __future__ import annotations

import pytest

from a3s_core.lanes import RetrySettings, SchedulerConfig
from tests.core.lanes.probe import outcome


def retrying(strategy: str, retries: int, delay: float) -> SchedulerConfig:
    return SchedulerConfig(retry=RetrySettings(strategy, retries, delay, 30.0))


async def test_exponential_backoff_doubles_the_delay_and_dead_letters_the_last_failure(
    new_scheduler, clock, probe, events,
):
    scheduler = new_scheduler(retrying("exponential", 3, 0.1), on_event=events.append)
    handle = scheduler.submit("query", probe.task("read", gated=False, fail=99), payload={"path": "a"})
    await clock.settle()

    for delay in (0.1, 0.2, 0.4):
        assert handle.state == "retrying"
        await clock.advance_and_settle(delay)

    error = await outcome(handle)
    assert isinstance(error, ValueError) and str(error) == "read failed on attempt 4"
    assert clock.sleeps == [0.1, 0.2, 0.4]
    assert [(e.kind, e.detail.get("attempt")) for e in events] == [
        ("task_retry", 1), ("task_retry", 2), ("task_retry", 3), ("task_dead_letter", None),
    ]
    assert events[0].detail["delay"] == 0.1
    assert events[0].detail["error"] == "ValueError: read failed on attempt 1"
    [letter] = scheduler.dead_letters()
    assert (letter.task_id, letter.lane, letter.payload) == (handle.task_id, "query", {"path": "a"})
    assert letter.attempts == 4
    assert handle.state == "dead"


async def test_fixed_backoff_waits_the_same_delay_and_a_later_success_wins(new_scheduler, clock, probe):
    scheduler = new_scheduler(retrying("fixed", 3, 0.5))
    handle = scheduler.submit("execute", probe.task("bash", gated=False, fail=2))
    await clock.settle()
    await clock.advance_and_settle(0.5)
    await clock.advance_and_settle(0.5)

    assert await outcome(handle) == "bash done"
    assert clock.sleeps == [0.5, 0.5]
    stats = scheduler.stats()["lanes"]["execute"]
    assert (stats["retried"], stats["completed"], stats["failed"]) == (2, 1, 0)
    assert scheduler.dead_letters() == []


async def test_a_retry_waits_for_its_delay_before_running_again(new_scheduler, clock, probe):
    scheduler = new_scheduler(retrying("fixed", 1, 1.0))
    scheduler.submit("query", probe.task("read", gated=False, fail=1))
    await clock.settle()

    await clock.advance_and_settle(0.99)
    assert probe.started == ["read"]
    await clock.advance_and_settle(0.01)
    assert probe.started == ["read", "read"]


def test_retry_delays_are_capped_at_the_maximum():
    exponential = RetrySettings("exponential", 10, 1.0, 5.0)
    fixed = RetrySettings("fixed", 10, 7.0, 5.0)

    assert [exponential.delay(n) for n in range(1, 6)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    assert fixed.delay(1) == fixed.delay(4) == 5.0
    assert RetrySettings().delay(1) == 0.0
    with pytest.raises(ValueError, match="linear"):
        RetrySettings("linear")


async def test_a_task_marked_not_retryable_fails_on_its_first_error(new_scheduler, clock, probe):
    scheduler = new_scheduler(retrying("fixed", 3, 0.1))
    handle = scheduler.submit("query", probe.task("write", gated=False, fail=1), retryable=False)

    assert isinstance(await outcome(handle), ValueError)
    assert clock.sleeps == [] and scheduler.dead_letters()[0].attempts == 1


async def test_the_dead_letter_queue_keeps_only_the_newest_letters(new_scheduler, clock, probe):
    scheduler = new_scheduler(SchedulerConfig(dlq_capacity=2))
    for i in range(3):
        await outcome(scheduler.submit("query", probe.task(f"t{i}", gated=False, fail=1), name=f"t{i}"))

    letters = scheduler.dead_letters()
    assert [letter.name for letter in letters] == ["t1", "t2"]
    assert letters[1].error == "ValueError: t2 failed on attempt 1" and letters[1].failed_at == 0.0
    assert scheduler.stats()["lanes"]["query"]["dead_lettered"] == 3


async def test_without_the_dead_letter_queue_a_failure_is_only_counted(new_scheduler, clock, probe, events):
    scheduler = new_scheduler(SchedulerConfig(enable_dlq=False), on_event=events.append)
    handle = scheduler.submit("query", probe.task("read", gated=False, fail=1))

    assert isinstance(await outcome(handle), ValueError)
    assert scheduler.dead_letters() == [] and events == []
    assert handle.state == "failed" and scheduler.stats()["lanes"]["query"]["failed"] == 1


async def test_a_listener_that_raises_does_not_stop_the_scheduler(new_scheduler, clock, probe):
    def broken(event: object) -> None:
        raise RuntimeError("listener bug")

    scheduler = new_scheduler(retrying("fixed", 1, 0.0), on_event=broken)
    handle = scheduler.submit("query", probe.task("read", gated=False, fail=1))

    assert await outcome(handle) == "read done"
