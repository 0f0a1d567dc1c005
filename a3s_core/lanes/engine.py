"""The scheduling core behind LaneScheduler: queueing, picking, starting, timeouts, retries, cancelling.

Picking the next task: among lanes with queued tasks and a free slot (only control while paused
or while the rate limit is exhausted), take the lane whose head task has the best effective
priority, ties going to the earlier submission. Without a boost deadline the effective priority
is the lane's; with one, a non-control task waiting ``w`` seconds has
``max(1, base - floor(4 * w / boost_deadline))``, so a generate task reaches query's priority
after half the deadline and an execute task after a quarter. Within a lane, order is FIFO.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from a3s_core.lanes.config import LANE_PRIORITY, LANES, SchedulerConfig
from a3s_core.lanes.dlq import DeadLetter, DeadLetterQueue, describe_error
from a3s_core.lanes.lane import LaneState
from a3s_core.lanes.ratelimit import SlidingWindowLimiter
from a3s_core.lanes.task import SchedulerEvent, TaskRecord, TaskTimeout
from a3s_core.protocols import Clock

HISTORY_SIZE = 200


class MonotonicClock:
    """Real time (as agent.clock.SystemClock, without importing the agent package)."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class SchedulerEngine:
    """The private half of LaneScheduler; every method here is internal."""

    def __init__(
        self,
        config: SchedulerConfig | None = None,
        *,
        clock: Clock | None = None,
        on_event: Callable[[SchedulerEvent], None] | None = None,
    ) -> None:
        self.config = config if config is not None else SchedulerConfig()
        self._clock: Clock = clock if clock is not None else MonotonicClock()
        self._on_event = on_event
        cfg = self.config
        self._lanes: dict[str, LaneState] = {
            name: LaneState(name, LANE_PRIORITY[name], cfg.lanes[name]) for name in LANES
        }
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
