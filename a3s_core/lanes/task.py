"""One scheduled task: its record inside the scheduler, the handle its submitter awaits, and views of it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Generator
from contextvars import Context
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from a3s_core.errors import A3SError

T = TypeVar("T")

TASK_STATES = ("queued", "running", "retrying", "done", "failed", "dead", "cancelled", "timed_out")


class TaskTimeout(TimeoutError, A3SError):
    """Raised by a TaskHandle whose task ran past its timeout on its last attempt."""


@dataclass
class SchedulerEvent:
    """Something the scheduler reports through ``on_event``.

    ``kind`` is ``task_retry`` (detail: attempt, delay, error, name), ``task_dead_letter`` (attempts,
    error, name), ``task_timeout`` (timeout, attempt, name), ``lane_pressure`` or
    ``lane_pressure_relieved`` (depth, threshold).
    """

    kind: str
    lane: str
    task_id: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class TaskInfo:
    """A snapshot of one task, for dashboards."""

    task_id: str
    lane: str
    name: str
    state: str
    """One of queued, running, retrying, done, failed, dead, cancelled, timed_out."""
    submitted_at: float
    started_at: float | None
    """When its latest attempt started (clock seconds)."""
    finished_at: float | None
    attempts: int


class TaskRecord:
    """The scheduler's mutable state of one task (internal)."""

    __slots__ = (
        "task_id", "lane", "name", "payload", "fn", "timeout", "retryable", "context", "future",
        "seq", "state", "submitted_at", "enqueued_at", "started_at", "finished_at", "attempts",
        "runner", "timer", "entered", "timed_out", "cancel_requested",
    )

    def __init__(
        self,
        task_id: str,
        lane: str,
        name: str,
        payload: dict[str, Any],
        fn: Callable[[], Awaitable[Any]],
        timeout: float | None,
        retryable: bool,
        now: float,
        future: asyncio.Future[Any],
        context: Context,
    ) -> None:
        self.task_id = task_id
        self.lane = lane
        self.name = name
        self.payload = payload
        self.fn = fn
        self.timeout = timeout
        self.retryable = retryable
        self.context = context
        self.future = future
        self.seq = 0
        self.state = "queued"
        self.submitted_at = now
        self.enqueued_at = now
        self.started_at: float | None = None
        self.finished_at: float | None = None
        self.attempts = 0
        self.runner: asyncio.Task[None] | None = None
        self.timer: asyncio.Task[None] | None = None
        self.entered = False
        self.timed_out = False
        self.cancel_requested = False

    def info(self) -> TaskInfo:
        return TaskInfo(
            self.task_id, self.lane, self.name, self.state,
            self.submitted_at, self.started_at, self.finished_at, self.attempts,
        )


class TaskHandle(Generic[T]):
    """What ``submit`` returns: await it for the result, or cancel the task.

    Awaiting raises the task's last exception if it failed, TaskTimeout if its last attempt timed
    out, and asyncio.CancelledError if it was cancelled. Cancelling the coroutine that awaits a
    handle cancels the task too: its coroutine gets CancelledError, and the awaiter's own
    CancelledError is raised once that coroutine has finished (like a TaskGroup, it waits).
    """

    __slots__ = ("_record", "_cancel")

    def __init__(self, record: TaskRecord, cancel: Callable[[TaskRecord], bool]) -> None:
        self._record = record
        self._cancel = cancel

    @property
    def task_id(self) -> str:
        return self._record.task_id

    @property
    def lane(self) -> str:
        return self._record.lane

    @property
    def name(self) -> str:
        return self._record.name

    @property
    def state(self) -> str:
        """One of queued, running, retrying, done, failed, dead, cancelled, timed_out."""
        return self._record.state

    def done(self) -> bool:
        """True once the task has a result, an error or was cancelled."""
        return self._record.future.done()

    def cancel(self) -> bool:
        """Cancel the task; False when it has already finished."""
        return self._cancel(self._record)

    def __await__(self) -> Generator[Any, None, T]:
        record = self._record
        try:
            result: T = yield from record.future.__await__()
        except asyncio.CancelledError:
            # The awaiter was cancelled (or the task was): stop the task too, and return only once
            # its coroutine has finished cleaning up, so a cancelled turn leaves no work running.
            self._cancel(record)
            runner = record.runner
            if runner is not None and not runner.done():
                yield from asyncio.shield(runner).__await__()
            raise
        return result

    def __repr__(self) -> str:
        record = self._record
        return f"<TaskHandle {record.task_id} {record.lane} {record.name!r} {record.state}>"
