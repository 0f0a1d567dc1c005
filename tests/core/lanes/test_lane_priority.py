"""Which queued task starts first: lane priority, FIFO within a lane, control while paused, boost."""

from __future__ import annotations

from a3s_core.lanes import SchedulerConfig
from a3s_core.testing import ManualClock
from tests.core.lanes.probe import Probe, outcome


async def test_queued_tasks_start_in_lane_priority_order_whatever_the_submission_order(
    new_scheduler, clock, probe,
):
    scheduler = new_scheduler()
    scheduler.pause()
    for lane in ("generate", "execute", "query"):
        scheduler.submit(lane, probe.task(lane))
    await clock.settle()
    assert probe.started == []

    scheduler.resume()
    await clock.settle()

    assert probe.started == ["query", "execute", "generate"]


async def test_a_later_higher_priority_task_overtakes_queued_lower_priority_work(new_scheduler, clock, probe):
    scheduler = new_scheduler(SchedulerConfig(rate_limit=(1, 1.0)))
    scheduler.submit("query", probe.task("first", gated=False))
    scheduler.submit("generate", probe.task("generate", gated=False))
    scheduler.submit("execute", probe.task("execute", gated=False))
    await clock.settle()
    scheduler.submit("query", probe.task("late query", gated=False))

    for _ in range(3):
        await clock.advance_and_settle(1.0)

    assert probe.started == ["first", "late query", "execute", "generate"]


async def test_tasks_of_one_lane_start_first_in_first_out(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    scheduler.pause()
    for i in range(5):
        scheduler.submit("query", probe.task(f"q{i}"))

    scheduler.resume()
    await clock.settle()

    assert probe.started == ["q0", "q1", "q2", "q3", "q4"]


async def test_control_tasks_start_while_the_scheduler_is_paused(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    scheduler.pause()
    query = scheduler.submit("query", probe.task("read", gated=False))
    control = scheduler.submit("control", probe.task("cancel", gated=False))

    assert await outcome(control) == "cancel done"
    assert query.state == "queued" and scheduler.paused and scheduler.stats()["paused"] is True

    scheduler.resume()
    assert await outcome(query) == "read done"


async def test_pausing_lets_running_tasks_finish(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    running = scheduler.submit("execute", probe.task("bash"))
    await clock.settle()

    scheduler.pause()
    probe.release("bash")

    assert await outcome(running) == "bash done"


async def test_a_long_waiting_generate_task_is_boosted_to_compete_with_query(
    new_scheduler, clock: ManualClock, probe: Probe,
):
    scheduler = new_scheduler(SchedulerConfig(boost_deadline=4.0))
    scheduler.pause()
    scheduler.submit("generate", probe.task("generate"))
    await clock.advance_and_settle(2.0)  # waited half the deadline: 3 - floor(4 * 2 / 4) = 1
    scheduler.submit("query", probe.task("query"))

    scheduler.resume()
    await clock.settle()

    assert probe.started == ["generate", "query"]


async def test_a_boost_only_partly_earned_still_yields_to_a_higher_lane(
    new_scheduler, clock: ManualClock, probe: Probe,
):
    scheduler = new_scheduler(SchedulerConfig(boost_deadline=4.0))
    scheduler.pause()
    scheduler.submit("generate", probe.task("generate"))
    await clock.advance_and_settle(1.0)  # 3 - floor(1) = 2: level with execute, ahead of it by age
    scheduler.submit("execute", probe.task("execute"))
    scheduler.submit("query", probe.task("query"))

    scheduler.resume()
    await clock.settle()

    assert probe.started == ["query", "generate", "execute"]


async def test_without_a_boost_deadline_waiting_does_not_raise_priority(
    new_scheduler, clock: ManualClock, probe: Probe,
):
    scheduler = new_scheduler()
    scheduler.pause()
    scheduler.submit("generate", probe.task("generate"))
    await clock.advance_and_settle(1000.0)
    scheduler.submit("query", probe.task("query"))

    scheduler.resume()
    await clock.settle()

    assert probe.started == ["query", "generate"]
