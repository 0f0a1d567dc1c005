"""The start-rate limit over a sliding window, and lane pressure events."""

from __future__ import annotations

from a3s_core.lanes import LaneSettings, SchedulerConfig
from tests.core.lanes.probe import outcome


async def test_the_rate_limit_caps_starts_per_sliding_window(new_scheduler, clock, probe):
    scheduler = new_scheduler(SchedulerConfig(rate_limit=(2, 1.0)))
    for i in range(5):
        scheduler.submit("query", probe.task(f"q{i}", gated=False))
    await clock.settle()
    assert probe.started == ["q0", "q1"] and clock.pending == 1  # one wake-up, no polling

    await clock.advance_and_settle(0.5)
    assert len(probe.started) == 2
    await clock.advance_and_settle(0.5)
    assert len(probe.started) == 4
    await clock.advance_and_settle(1.0)

    assert probe.start_times == [0.0, 0.0, 1.0, 1.0, 2.0]
    assert clock.pending == 0


async def test_control_tasks_ignore_the_rate_limit_and_use_none_of_it(new_scheduler, clock, probe):
    scheduler = new_scheduler(SchedulerConfig(rate_limit=(1, 10.0)))
    scheduler.submit("query", probe.task("q0", gated=False))
    scheduler.submit("query", probe.task("q1", gated=False))
    controls = [scheduler.submit("control", probe.task(f"c{i}", gated=False)) for i in range(3)]

    assert [await outcome(c) for c in controls] == ["c0 done", "c1 done", "c2 done"]
    assert "q1" not in probe.started
    await clock.advance_and_settle(10.0)
    assert probe.started[-1] == "q1"


async def test_pressure_fires_once_per_crossing_and_is_relieved_at_half_the_threshold(
    new_scheduler, clock, probe, events
):
    scheduler = new_scheduler(SchedulerConfig(pressure_threshold=4), on_event=events.append)
    names = [f"bash{i}" for i in range(7)]
    for name in names:
        scheduler.submit("execute", probe.task(name))
    await clock.settle()
    assert [(e.kind, e.lane, e.detail) for e in events] == [
        ("lane_pressure", "execute", {"depth": 5, "threshold": 4}),
    ]

    for name in names[:4]:  # depth 6 -> 2
        probe.release(name)
        await clock.settle()

    assert [(e.kind, e.detail["depth"]) for e in events] == [
        ("lane_pressure", 5), ("lane_pressure_relieved", 2),
    ]
    for i in range(3):
        scheduler.submit("execute", probe.task(f"more{i}"))
    assert [e.kind for e in events][-1] == "lane_pressure" and len(events) == 3


async def test_no_pressure_events_without_a_threshold(new_scheduler, clock, probe, events):
    scheduler = new_scheduler(SchedulerConfig(lanes={"execute": LaneSettings(1)}), on_event=events.append)
    for i in range(100):
        scheduler.submit("execute", probe.task(f"bash{i}"))

    assert scheduler.depth("execute") == 99 and events == []
