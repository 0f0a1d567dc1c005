"""Per-lane concurrency: parallel query batches, one execute task at a time, lanes independent."""

from __future__ import annotations

from a3s_core.lanes import LaneSettings, SchedulerConfig
from tests.core.lanes.probe import outcome


async def test_a_query_batch_runs_ten_at_once_and_queues_the_rest(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    handles = [scheduler.submit("query", probe.task(f"read{i}", group="query")) for i in range(15)]
    await clock.settle()

    assert probe.running["query"] == 10
    assert scheduler.depth("query") == 5 and scheduler.stats()["lanes"]["query"]["running"] == 10

    probe.release(*(f"read{i}" for i in range(15)))
    results = [await outcome(handle) for handle in handles]

    assert results == [f"read{i} done" for i in range(15)]
    assert probe.peak["query"] == 10


async def test_execute_tasks_run_one_at_a_time_in_submission_order(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    handles = [scheduler.submit("execute", probe.task(f"bash{i}", group="execute")) for i in range(4)]

    for i in range(4):
        await clock.settle()
        assert probe.started == [f"bash{j}" for j in range(i + 1)]
        probe.release(f"bash{i}")
        await outcome(handles[i])

    assert probe.peak["execute"] == 1


async def test_a_lane_at_its_limit_does_not_hold_back_other_lanes(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    scheduler.submit("execute", probe.task("bash"))
    scheduler.submit("execute", probe.task("write"))
    scheduler.submit("generate", probe.task("llm"))
    read = scheduler.submit("query", probe.task("read", gated=False))

    assert await outcome(read) == "read done"
    assert probe.started == ["bash", "llm", "read"]
    assert scheduler.depth("execute") == 1


async def test_configured_limits_hold_for_every_lane(new_scheduler, clock, probe):
    config = SchedulerConfig(lanes={"query": LaneSettings(3), "execute": LaneSettings(2)})
    scheduler = new_scheduler(config)
    for lane in ("control", "query", "execute", "generate"):
        for i in range(5):
            scheduler.submit(lane, probe.task(f"{lane}{i}", group=lane))
    await clock.settle()

    assert dict(probe.running) == {"control": 1, "query": 3, "execute": 2, "generate": 1}
    assert {lane: scheduler.depth(lane) for lane in probe.running} == {
        "control": 4, "query": 2, "execute": 3, "generate": 4,
    }


async def test_raising_a_lanes_concurrency_starts_queued_tasks_at_once(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    for i in range(3):
        scheduler.submit("execute", probe.task(f"bash{i}", group="execute"))
    await clock.settle()
    assert probe.running["execute"] == 1

    scheduler.set_concurrency("execute", 3)
    await clock.settle()

    assert probe.running["execute"] == 3
    assert scheduler.stats()["lanes"]["execute"]["max_concurrency"] == 3


async def test_an_unknown_lane_or_a_zero_limit_is_refused(new_scheduler, clock, probe):
    scheduler = new_scheduler()

    for bad in (lambda: scheduler.submit("fast", probe.task("x")), lambda: scheduler.depth("fast"),
                lambda: scheduler.set_concurrency("query", 0)):
        try:
            bad()
        except ValueError as exc:
            assert "lane" in str(exc) or "at least 1" in str(exc)
        else:
            raise AssertionError("expected ValueError")
    assert probe.started == []
