"""LaneScheduler: a per-session priority scheduler over the control, query, execute and generate lanes.

Scheduling is event-driven: the engine's pump runs synchronously whenever something may let a
task start (a submit, a finish, ``resume``, a concurrency change, a retry or rate-limit timer) and
starts queued tasks until none may start. There is no polling loop. The pick order (lane
priority, FIFO within a lane, priority boost) is described in ``a3s_core.lanes.engine``.
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from a3s_core.lanes.config import LANES
from a3s_core.lanes.dlq import DeadLetter
from a3s_core.lanes.engine import SchedulerEngine
from a3s_core.lanes.metrics import COUNTERS
from a3s_core.lanes.task import TaskHandle, TaskInfo, TaskRecord

T = TypeVar("T")


class LaneScheduler(SchedulerEngine):
    """Runs submitted coroutine factories by lane priority, within per-lane concurrency limits.

    Example:
        scheduler = LaneScheduler(SchedulerConfig.from_queue_config(config.queue))
        text = await scheduler.run("query", lambda: read_file(path), name="read")
        handle = scheduler.submit("execute", lambda: run_bash(cmd), name="bash")
        result = await handle          # cancelling this await cancels the bash task too

    Args:
        config: lanes, retries, rate limit, boost, pressure, timeouts; defaults to SchedulerConfig().
        clock: time for timeouts, retry delays, rate windows and stats; defaults to real time.
        on_event: called synchronously with each SchedulerEvent; it should not raise.
    """

    def submit(
        self,
        lane: str,
        fn: Callable[[], Awaitable[T]],
        *,
        name: str = "",
        payload: dict[str, Any] | None = None,
        timeout: float | None = None,
        retryable: bool = True,
    ) -> TaskHandle[T]:
        """Queue ``fn()`` (called once per attempt) on ``lane``; never blocks. Call from the event loop.

        Raises:
            ValueError: ``lane`` is not one of control, query, execute, generate.
            RuntimeError: the scheduler has been closed.
        """
        state = self._lanes.get(lane)
        if state is None:
            raise ValueError(f"unknown lane {lane!r}; lanes are {', '.join(LANES)}")
        if self._closed:
            raise RuntimeError("the lane scheduler is closed")
        loop = self._loop
        if loop is None:
            loop = self._loop = asyncio.get_running_loop()
        now = self._clock.now()
        record = TaskRecord(
            f"task-{next(self._ids)}", lane, name, payload if payload is not None else {}, fn,
            self._timeout_for(state, timeout), retryable, now, loop.create_future(),
            contextvars.copy_context(),
        )
        self._tasks[record.task_id] = record
        self._history.append(record)
        self._enqueue(record, state, now)
        if state.running < state.max_concurrency:
            self._pump()
        return TaskHandle(record, self._cancel_record)

    async def run(self, lane: str, fn: Callable[[], Awaitable[T]], **kwargs: Any) -> T:
        """Submit and await: the result of ``fn()``, or its error (see TaskHandle)."""
        return await self.submit(lane, fn, **kwargs)

    def cancel(self, task_id: str) -> bool:
        """Cancel a queued, retrying or running task; False when unknown or already finished."""
        record = self._tasks.get(task_id)
        return record is not None and self._cancel_record(record)

    async def aclose(self) -> None:
        """Cancel every queued, retrying and running task and wait for the running ones to stop."""
        self._closed = True
        if self._wakeup is not None:
            self._wakeup.cancel()
            self._wakeup = None
        runners = [r.runner for r in self._tasks.values() if r.runner is not None]
        for record in list(self._tasks.values()):
            self._cancel_record(record)
        if runners:
            await asyncio.gather(*runners, return_exceptions=True)

    @property
    def paused(self) -> bool:
        """True between pause() and resume()."""
        return self._paused

    def pause(self) -> None:
        """Stop starting tasks of every lane but control; running tasks go on."""
        self._paused = True

    def resume(self) -> None:
        """Start queued tasks again."""
        self._paused = False
        self._pump()

    def set_concurrency(self, lane: str, n: int) -> None:
        """Change how many tasks of ``lane`` may run at once; running tasks are not stopped.

        Raises:
            ValueError: an unknown lane or ``n`` below 1.
        """
        if n < 1:
            raise ValueError("max_concurrency must be at least 1")
        self._lane(lane).max_concurrency = n
        self._pump()

    def depth(self, lane: str) -> int:
        """Queued (not running) tasks of ``lane``.

        Raises:
            ValueError: an unknown lane.
        """
        return len(self._lane(lane).queue)

    def dead_letters(self) -> list[DeadLetter]:
        """Tasks that failed after their last retry, oldest first (at most ``dlq_capacity``)."""
        return self._dlq.items()

    def recent_tasks(self, limit: int = 50) -> list[TaskInfo]:
        """The latest submitted tasks, newest first, whatever their state (the last 200 are kept)."""
        return [record.info() for record in itertools.islice(reversed(self._history), max(limit, 0))]

    def stats(self) -> dict[str, Any]:
        """Live figures: ``{"paused", "lanes": {lane: {...}}, "totals": {...}}``.

        Each lane has priority, max_concurrency, queued, running, the LaneMetrics counters,
        latency_p50_ms, latency_p95_ms, wait_p50_ms and throughput_per_s (None with metrics off).
        Totals sum queued, running, the counters and throughput.
        """
        now = self._clock.now()
        timing = self.config.enable_metrics
        lanes: dict[str, dict[str, Any]] = {}
        for state in self._order:
            entry: dict[str, Any] = {
                "priority": state.priority,
                "max_concurrency": state.max_concurrency,
                "queued": len(state.queue),
                "running": state.running,
            }
            entry.update(state.metrics.snapshot(now, self._created_at, timing))
            lanes[state.name] = entry
        summed = ("queued", "running", *COUNTERS)
        totals: dict[str, Any] = {key: sum(lanes[name][key] for name in lanes) for key in summed}
        totals["throughput_per_s"] = (
            round(sum(lanes[name]["throughput_per_s"] for name in lanes), 3) if timing else None
        )
        return {"paused": self._paused, "lanes": lanes, "totals": totals}
