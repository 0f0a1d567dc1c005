"""LaneScheduler: a per-session priority scheduler over the control, query, execute and generate lanes.

Scheduling is event-driven: ``_pump`` runs synchronously whenever something may let a task start
(a submit, a finish, ``resume``, a concurrency change, a retry or rate-limit timer), and starts
queued tasks until none may start. There is no polling loop.

Picking the next task: among lanes with queued tasks and a free slot (only control while paused
or while the rate limit is exhausted), take the lane whose head task has the best effective
priority, ties going to the earlier submission. Without a boost deadline the effective priority
is the lane's; with one, a non-control task waiting ``w`` seconds has
``max(1, base - floor(4 * w / boost_deadline))``, so a generate task reaches query's priority
after half the deadline and an execute task after a quarter. Within a lane, order is FIFO.
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from a3s_core.lanes.config import LANE_PRIORITY, LANES, SchedulerConfig
from a3s_core.lanes.dlq import DeadLetter, DeadLetterQueue, describe_error
from a3s_core.lanes.lane import LaneState
from a3s_core.lanes.metrics import COUNTERS
from a3s_core.lanes.ratelimit import SlidingWindowLimiter
from a3s_core.lanes.task import SchedulerEvent, TaskHandle, TaskInfo, TaskRecord, TaskTimeout
from a3s_core.protocols import Clock

T = TypeVar("T")
HISTORY_SIZE = 200


class _MonotonicClock:
    """Real time (the same as agent.clock.SystemClock, without importing the agent package)."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class LaneScheduler:
    """Runs submitted coroutine factories by lane priority, within per-lane concurrency limits.

    Example:
        scheduler = LaneScheduler(SchedulerConfig.from_queue_config(config.queue))
        text = await scheduler.run("query", lambda: read_file(path), name="read")
        handle = scheduler.submit("execute", lambda: run_bash(cmd), name="bash")
        result = await handle          # cancelling this await cancels the bash task too
    """

    def __init__(
        self,
        config: SchedulerConfig | None = None,
        *,
        clock: Clock | None = None,
        on_event: Callable[[SchedulerEvent], None] | None = None,
    ) -> None:
        self.config = config if config is not None else SchedulerConfig()
        self._clock: Clock = clock if clock is not None else _MonotonicClock()
        self._on_event = on_event
        cfg = self.config
        self._lanes = {name: LaneState(name, LANE_PRIORITY[name], cfg.lanes[name]) for name in LANES}
        self._order = list(self._lanes.values())
        self._tasks: dict[str, TaskRecord] = {}
        self._history: deque[TaskRecord] = deque(maxlen=HISTORY_SIZE)
        self._dlq = DeadLetterQueue(cfg.dlq_capacity)
        self._rate = SlidingWindowLimiter(*cfg.rate_limit) if cfg.rate_limit else None
        self._ids = itertools.count(1)
        self._seq = itertools.count()
        self._queued = 0
        self._paused = False
        self._closed = False
        self._pumping = False
        self._wakeup: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._created_at = self._clock.now()

    # -- submitting -------------------------------------------------------------------------

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

    def _timeout_for(self, state: LaneState, timeout: float | None) -> float | None:
        candidates = [t for t in (timeout, state.timeout, self.config.default_timeout) if t is not None]
        return min(candidates) if candidates else None

    def _enqueue(self, record: TaskRecord, state: LaneState, now: float) -> None:
        record.state = "queued"
        record.seq = next(self._seq)
        record.enqueued_at = now
        state.queue.append(record)
        self._queued += 1
        threshold = self.config.pressure_threshold
        if threshold is not None and not state.pressured and len(state.queue) > threshold:
            state.pressured = True
            self._emit("lane_pressure", state.name, None, depth=len(state.queue), threshold=threshold)

    def _dequeued(self, state: LaneState) -> None:
        self._queued -= 1
        if state.pressured:
            threshold = self.config.pressure_threshold or 0
            if len(state.queue) <= threshold // 2:
                state.pressured = False
                self._emit(
                    "lane_pressure_relieved", state.name, None, depth=len(state.queue), threshold=threshold
                )

    # -- picking and starting ---------------------------------------------------------------

    def _pump(self) -> None:
        if self._pumping or self._closed:
            return
        self._pumping = True
        try:
            now = self._clock.now()
            while self._queued:
                state = self._pick(now)
                if state is None:
                    break
                record = state.queue.popleft()
                self._dequeued(state)
                self._start(record, state, now)
            if self._rate is not None and self._queued:
                self._arm_rate_wakeup(now)
        finally:
            self._pumping = False

    def _pick(self, now: float) -> LaneState | None:
        gated = self._paused or (self._rate is not None and not self._rate.available(now))
        deadline = self.config.boost_deadline
        best: LaneState | None = None
        best_key: tuple[int, int] = (0, 0)
        for state in self._order:
            if not state.queue or state.running >= state.max_concurrency or (gated and state.priority):
                continue
            if deadline is None:
                return state
            head = state.queue[0]
            priority = state.priority
            if priority > 1:
                priority = max(1, priority - math.floor(4 * (now - head.enqueued_at) / deadline))
            key = (priority, head.seq)
            if best is None or key < best_key:
                best, best_key = state, key
        return best

    def _start(self, record: TaskRecord, state: LaneState, now: float) -> None:
        record.state = "running"
        record.attempts += 1
        record.started_at = now
        record.entered = record.timed_out = False
        state.running += 1
        if state.priority and self._rate is not None:
            self._rate.record(now)
        if self.config.enable_metrics:
            state.metrics.wait.append(now - record.enqueued_at)
        loop = self._loop
        assert loop is not None
        record.runner = loop.create_task(self._execute(record, state), context=record.context)
        if record.timeout is not None:
            record.timer = loop.create_task(self._expire(record, record.attempts))

    def _arm_rate_wakeup(self, now: float) -> None:
        if self._wakeup is not None or self._paused or self._rate is None:
            return
        if not any(s.queue and s.priority and s.running < s.max_concurrency for s in self._order):
            return
        delay = self._rate.wait_time(now)
        if delay > 0 and self._loop is not None:
            self._wakeup = self._loop.create_task(self._rate_wakeup(delay))

    async def _rate_wakeup(self, delay: float) -> None:
        await self._clock.sleep(delay)
        self._wakeup = None
        self._pump()

    # -- running ----------------------------------------------------------------------------

    async def _execute(self, record: TaskRecord, state: LaneState) -> None:
        record.entered = True
        error: BaseException | None = None
        result: Any = None
        try:
            if not record.cancel_requested:
                result = await record.fn()
        except asyncio.CancelledError as exc:
            error = exc
        except Exception as exc:
            error = exc
        finally:
            self._end_attempt(record, state)
        if record.cancel_requested or (isinstance(error, asyncio.CancelledError) and not record.timed_out):
            self._finish(record, state, "cancelled")
        elif record.timed_out:
            self._fail(record, state, self._timeout_error(record))
        elif error is not None:
            self._fail(record, state, error)
        else:
            self._succeed(record, state, result)
        self._pump()

    async def _expire(self, record: TaskRecord, attempt: int) -> None:
        assert record.timeout is not None and record.started_at is not None
        # Measured from the start, not from this timer's first step, which may come later.
        await self._clock.sleep(record.started_at + record.timeout - self._clock.now())
        if record.state != "running" or record.attempts != attempt or record.cancel_requested:
            return
        record.timer = None
        record.timed_out = True
        self._lanes[record.lane].metrics.timed_out += 1
        self._emit("task_timeout", record.lane, record.task_id,
                   name=record.name, timeout=record.timeout, attempt=attempt)
        if record.entered and record.runner is not None:
            record.runner.cancel()

    def _timeout_error(self, record: TaskRecord) -> TaskTimeout:
        label = record.name or record.task_id
        return TaskTimeout(f"{record.lane} task {label!r} timed out after {record.timeout:g} s")

    def _end_attempt(self, record: TaskRecord, state: LaneState) -> None:
        state.running -= 1
        record.runner = None
        timer = record.timer
        if timer is not None:
            record.timer = None
            timer.cancel()
        if self.config.enable_metrics and record.started_at is not None and not record.cancel_requested:
            state.metrics.latency.append(self._clock.now() - record.started_at)

    def _succeed(self, record: TaskRecord, state: LaneState, result: Any) -> None:
        now = self._clock.now()
        state.metrics.completed += 1
        if self.config.enable_metrics:
            state.metrics.record_completion(now)
        self._settle(record, "done", now)
        if not record.future.done():
            record.future.set_result(result)

    def _fail(self, record: TaskRecord, state: LaneState, error: BaseException) -> None:
        retry = self.config.retry
        if (
            record.retryable and retry.strategy != "none" and record.attempts <= retry.max_retries
            and not self._closed
        ):
            delay = retry.delay(record.attempts)
            record.state = "retrying"
            state.metrics.retried += 1
            self._emit("task_retry", record.lane, record.task_id, name=record.name,
                       attempt=record.attempts, delay=delay, error=describe_error(error))
            assert self._loop is not None
            record.timer = self._loop.create_task(self._retry_later(record, state, delay))
            return
        now = self._clock.now()
        state.metrics.failed += 1
        final = "timed_out" if isinstance(error, TaskTimeout) else "failed"
        if self.config.enable_dlq:
            final = "dead"
            state.metrics.dead_lettered += 1
            letter = DeadLetter(record.task_id, record.lane, record.name, record.payload,
                                describe_error(error), record.attempts, now)
            self._dlq.add(letter)
            self._emit("task_dead_letter", record.lane, record.task_id, name=record.name,
                       attempts=record.attempts, error=letter.error)
        self._settle(record, final, now)
        future = record.future
        if not future.done():
            future.set_exception(error)
            future.exception()  # failures are counted and dead-lettered; an unawaited one is not a leak

    async def _retry_later(self, record: TaskRecord, state: LaneState, delay: float) -> None:
        await self._clock.sleep(delay)
        record.timer = None
        self._enqueue(record, state, self._clock.now())
        self._pump()

    def _finish(self, record: TaskRecord, state: LaneState, final: str) -> None:
        state.metrics.cancelled += 1
        self._settle(record, final, self._clock.now())
        record.future.cancel()

    def _settle(self, record: TaskRecord, final: str, now: float) -> None:
        record.state = final
        record.finished_at = now
        self._tasks.pop(record.task_id, None)

    # -- cancelling -------------------------------------------------------------------------

    def cancel(self, task_id: str) -> bool:
        """Cancel a queued, retrying or running task; False when unknown or already finished."""
        record = self._tasks.get(task_id)
        return record is not None and self._cancel_record(record)

    def _cancel_record(self, record: TaskRecord) -> bool:
        state = self._lanes[record.lane]
        if record.state == "queued":
            state.queue.remove(record)
            self._dequeued(state)
            self._finish(record, state, "cancelled")
            return True
        if record.state == "retrying":
            if record.timer is not None:
                record.timer.cancel()
                record.timer = None
            self._finish(record, state, "cancelled")
            return True
        if record.state != "running":
            return False
        if not record.cancel_requested:
            record.cancel_requested = True
            # A runner that has not taken its first step sees the flag instead; cancelling it
            # now would skip _execute's bookkeeping.
            if record.entered and record.runner is not None:
                record.runner.cancel()
        return True

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

    # -- control ----------------------------------------------------------------------------

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

    # -- looking in -------------------------------------------------------------------------

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

    def _lane(self, lane: str) -> LaneState:
        state = self._lanes.get(lane)
        if state is None:
            raise ValueError(f"unknown lane {lane!r}; lanes are {', '.join(LANES)}")
        return state

    def _emit(self, kind: str, lane: str, task_id: str | None, **detail: Any) -> None:
        if self._on_event is None:
            return
        event = SchedulerEvent(kind, lane, task_id, detail)
        try:
            self._on_event(event)
        except Exception as exc:  # a broken listener must not wedge the scheduler mid-pump
            loop = self._loop
            if loop is not None:
                loop.call_exception_handler(
                    {"message": f"lane scheduler on_event failed for {kind}", "exception": exc}
                )
