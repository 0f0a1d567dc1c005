"""Live statistics for the dashboard: counters, latency and wait percentiles, throughput, recent tasks."""

from __future__ import annotations

from a3s_core.lanes import SchedulerConfig
from tests.core.lanes.probe import outcome


async def test_latency_percentiles_and_throughput_come_from_finished_tasks(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    handles = [scheduler.submit("query", probe.task(f"read{i}")) for i in range(4)]
    await clock.settle()
    for i in range(4):
        await clock.advance_and_settle(1.0)
        probe.release(f"read{i}")
        await outcome(handles[i])

    query = scheduler.stats()["lanes"]["query"]

    assert (query["latency_p50_ms"], query["latency_p95_ms"]) == (2000.0, 4000.0)
    assert query["wait_p50_ms"] == 0.0
    assert query["throughput_per_s"] == 1.0  # 4 completions over the 4 s since the start


async def test_wait_measures_time_spent_queued(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    first = scheduler.submit("execute", probe.task("first"))
    second = scheduler.submit("execute", probe.task("second", gated=False))
    await clock.settle()
    await clock.advance_and_settle(3.0)
    probe.release("first")
    await outcome(first)
    await outcome(second)

    execute = scheduler.stats()["lanes"]["execute"]
    assert execute["wait_p50_ms"] == 0.0 and execute["latency_p95_ms"] == 3000.0
    assert [t.started_at for t in scheduler.recent_tasks()] == [3.0, 0.0]


async def test_counters_add_up_per_lane_and_in_the_totals(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    await outcome(scheduler.submit("query", probe.task("ok", gated=False)))
    await outcome(scheduler.submit("query", probe.task("bad", gated=False, fail=1)))
    scheduler.submit("execute", probe.task("running"))
    scheduler.submit("execute", probe.task("queued"))
    scheduler.submit("generate", probe.task("gone")).cancel()
    await clock.settle()

    stats = scheduler.stats()
    assert stats["paused"] is False
    query, execute = stats["lanes"]["query"], stats["lanes"]["execute"]
    assert (query["completed"], query["failed"], query["dead_lettered"]) == (1, 1, 1)
    assert (execute["running"], execute["queued"], stats["lanes"]["generate"]["cancelled"]) == (1, 1, 1)
    assert [lane["priority"] for lane in stats["lanes"].values()] == [0, 1, 2, 3]
    assert {k: stats["totals"][k] for k in ("completed", "failed", "running", "queued", "cancelled")} == {
        "completed": 1, "failed": 1, "running": 1, "queued": 1, "cancelled": 1,
    }


async def test_with_metrics_off_counters_remain_but_timings_are_none(new_scheduler, clock, probe):
    scheduler = new_scheduler(SchedulerConfig(enable_metrics=False))
    await outcome(scheduler.submit("query", probe.task("read", gated=False)))

    query = scheduler.stats()["lanes"]["query"]
    assert query["completed"] == 1
    assert query["latency_p50_ms"] is None and query["throughput_per_s"] is None


async def test_recent_tasks_lists_the_newest_first_with_their_states(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    await outcome(scheduler.submit("query", probe.task("read", gated=False), name="read"))
    scheduler.submit("execute", probe.task("bash"), name="bash")
    scheduler.submit("execute", probe.task("edit"), name="edit")
    await clock.settle()

    recent = scheduler.recent_tasks()

    assert [(t.name, t.lane, t.state, t.attempts) for t in recent] == [
        ("edit", "execute", "queued", 0), ("bash", "execute", "running", 1), ("read", "query", "done", 1),
    ]
    assert recent[2].finished_at == 0.0 and recent[0].started_at is None
    assert [t.name for t in scheduler.recent_tasks(limit=1)] == ["edit"]


async def test_recent_task_history_is_bounded(new_scheduler, clock, probe):
    scheduler = new_scheduler()
    handles = [scheduler.submit("query", probe.task(f"t{i}", gated=False), name=f"t{i}") for i in range(205)]
    for handle in handles:
        await outcome(handle)

    recent = scheduler.recent_tasks(limit=1000)
    assert len(recent) == 200 and recent[0].name == "t204" and recent[-1].name == "t5"
