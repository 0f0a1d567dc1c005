"""CronScheduler: a session's recurring prompts, fired one at a time by one lazy ticker task.

    scheduler = CronScheduler(clock, fire=run_prompt_as_turn, is_busy=lambda: session.busy)
    task = scheduler.schedule("check the build", 300)   # fires at +5m, +10m, ... while idle
    scheduler.notify_idle()                             # at the end of every turn
"""

from __future__ import annotations

import asyncio
import builtins
import math
import time
from collections.abc import Awaitable, Callable
from typing import Any

from a3s_core.cron.interval import format_interval
from a3s_core.cron.persist import tasks_from_dicts, tasks_to_dicts
from a3s_core.cron.task import MAX_TASKS, RECURRING_LIFETIME, ScheduledTask, new_task_id
from a3s_core.protocols import Clock

FireCallback = Callable[[ScheduledTask], Awaitable[None]]


class CronScheduler:
    """Session-scoped recurring prompts.

    A due task fires only while the session is idle: if ``is_busy()`` is true when it comes due,
    it waits for ``notify_idle()``. Fires run one at a time and never stack: however many
    intervals were missed, a task fires once, and its next fire is one interval after that fire
    started. A task expires RECURRING_LIFETIME after creation. An exception from ``fire`` is
    stored in ``task.last_error`` and passed to the loop's exception handler; the task stays.

    ``wall_clock`` (default ``time.time``) only converts times for ``to_dicts``/``restore``,
    since the clock is monotonic and does not survive a restart.
    """

    def __init__(
        self,
        clock: Clock,
        fire: FireCallback,
        is_busy: Callable[[], bool],
        *,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._clock = clock
        self._fire = fire
        self._is_busy = is_busy
        self._wall_clock = wall_clock
        self._tasks: dict[str, ScheduledTask] = {}
        self._ticker: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None
        self._firing: asyncio.Future[None] | None = None
        self._awaiting_idle = False
        self._closed = False

    def schedule(self, prompt: str, interval_secs: float) -> ScheduledTask:
        """Add a task that first fires one interval from now; start the ticker if a loop runs.

        Raises:
            ValueError: an empty prompt, an interval under 1s or not shorter than the 3-day
                lifetime, or MAX_TASKS tasks already scheduled.
            RuntimeError: the scheduler was closed.
        """
        if self._closed:
            raise RuntimeError("the scheduler is closed")
        _check_interval(interval_secs)
        if not prompt.strip():
            raise ValueError("a scheduled prompt must not be empty")
        self._drop_expired(self._clock.now())
        if len(self._tasks) >= MAX_TASKS:
            raise ValueError(
                f"at most {MAX_TASKS} scheduled tasks per session; cancel one with /cron-cancel <id>"
            )
        now = self._clock.now()
        task = ScheduledTask(
            id=new_task_id(self._tasks),
            prompt=prompt,
            interval_secs=float(interval_secs),
            created_at=now,
            next_fire_at=now + interval_secs,
            expires_at=now + RECURRING_LIFETIME,
        )
        self._tasks[task.id] = task
        self._ensure_ticker()
        return task

    def cancel(self, task_id: str) -> bool:
        """Remove a task; False when no task has this id. A fire already running is not stopped."""
        if self._tasks.pop(task_id, None) is None:
            return False
        self._poke()
        return True

    def list(self) -> list[ScheduledTask]:
        """The live tasks, soonest next fire first (expired ones are dropped)."""
        self._drop_expired(self._clock.now())
        return sorted(self._tasks.values(), key=lambda task: task.next_fire_at)

    def get(self, task_id: str) -> ScheduledTask | None:
        """The task with this id, or None."""
        return self._tasks.get(task_id)

    def notify_idle(self) -> None:
        """Tell the scheduler a turn ended: a task that came due while busy may fire now."""
        self._awaiting_idle = False
        self._ensure_ticker()
        self._poke()

    def start(self) -> None:
        """Start the ticker if there are tasks (idempotent), e.g. after restore().

        Raises:
            RuntimeError: no event loop is running in this thread.
        """
        asyncio.get_running_loop()
        self._ensure_ticker()

    async def aclose(self) -> None:
        """Stop the ticker, cancelling a fire in progress, and refuse new tasks.

        Called from inside a fired turn, it lets that turn finish and the ticker stops after it.
        """
        self._closed = True
        ticker, self._ticker = self._ticker, None
        if ticker is None or ticker.done():
            return
        if asyncio.current_task() is self._firing:  # closed by the fired turn: stop after it
            return
        ticker.cancel()
        try:
            await ticker
        except asyncio.CancelledError:
            if not ticker.done():  # the caller was cancelled, not (only) the ticker
                raise

    def to_dicts(self) -> builtins.list[dict[str, Any]]:
        """The tasks as JSON-ready dicts, their times as wall-clock epoch seconds."""
        return tasks_to_dicts(self.list(), self._clock.now(), self._wall_clock())

    def restore(self, items: builtins.list[dict[str, Any]]) -> None:
        """Add tasks saved by to_dicts, keeping their ids (a clashing id gets a new one).

        Expired tasks are dropped, and so are malformed entries and any beyond MAX_TASKS. An
        overdue task fires once, soon after the ticker starts. Needs no running loop: the
        ticker starts on the next schedule(), notify_idle() or start().
        """
        now = self._clock.now()
        for task in tasks_from_dicts(items, now, self._wall_clock()):
            if len(self._tasks) >= MAX_TASKS:
                break
            if task.expires_at is not None and task.expires_at <= now:
                continue
            if task.id in self._tasks:
                task.id = new_task_id(self._tasks)
            self._tasks[task.id] = task
        self._poke()

    @property
    def running(self) -> bool:
        """True while the ticker task is alive."""
        return self._ticker is not None and not self._ticker.done()

    def _ensure_ticker(self) -> None:
        if self._closed or not self._tasks:
            return
        if self.running:
            self._poke()
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # e.g. restore() or a sync SDK call before the loop: start later
            return
        self._wake = asyncio.Event()
        self._ticker = loop.create_task(self._tick(self._wake), name="a3s-cron-ticker")

    def _poke(self) -> None:
        if self._wake is not None:
            self._wake.set()

    async def _tick(self, wake: asyncio.Event) -> None:
        while not self._closed:
            wake.clear()
            now = self._clock.now()
            self._drop_expired(now)
            if not self._tasks:
                return
            due = min(self._tasks.values(), key=lambda task: task.next_fire_at)
            if due.next_fire_at <= now:
                if not self._awaiting_idle and not self._is_busy():
                    await self._fire_once(due)
                    continue
                self._awaiting_idle = True
            await self._wait(wake, self._next_deadline(now))

    def _next_deadline(self, now: float) -> float | None:
        """The earliest future fire or expiry time, or None."""
        times = [task.next_fire_at for task in self._tasks.values()]
        times += [task.expires_at for task in self._tasks.values() if task.expires_at is not None]
        future = [moment for moment in times if moment > now]
        return min(future) if future else None

    async def _wait(self, wake: asyncio.Event, deadline: float | None) -> None:
        """Until the clock reaches ``deadline`` or something pokes ``wake``."""
        waiters: list[asyncio.Future[object]] = [asyncio.ensure_future(wake.wait())]
        if deadline is not None:
            waiters.append(asyncio.ensure_future(self._sleep_until(deadline)))
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
            await asyncio.gather(*waiters, return_exceptions=True)

    async def _sleep_until(self, deadline: float) -> None:
        # measured when the sleep task starts, which is a loop step after it was created: time
        # may have moved in between (a test advancing a ManualClock, a blocked loop)
        await self._clock.sleep(max(deadline - self._clock.now(), 0.0))

    async def _fire_once(self, task: ScheduledTask) -> None:
        """Run ``fire(task)`` in its own task, so interrupting the fired turn leaves the ticker alive."""
        started = self._clock.now()
        task.fire_count += 1
        task.next_fire_at = started + task.interval_secs
        ticker = asyncio.current_task()
        assert ticker is not None
        cancels_before = ticker.cancelling()
        self._firing = asyncio.ensure_future(self._fire(task))
        try:
            await self._firing
        except asyncio.CancelledError:
            if ticker.cancelling() > cancels_before:
                raise
            task.last_error = "CancelledError: the fired turn was cancelled"
        except Exception as exc:  # a failed turn must not end the ticker or drop the task
            task.last_error = f"{type(exc).__name__}: {exc}"
            asyncio.get_running_loop().call_exception_handler(
                {"message": f"scheduled task {task.id} failed: {task.last_error}", "exception": exc}
            )
        else:
            task.last_error = None
        finally:
            self._firing = None
        if ticker.cancelling() > cancels_before:  # cancelled while the fire swallowed the cancel
            raise asyncio.CancelledError()

    def _drop_expired(self, now: float) -> None:
        for task_id, task in list(self._tasks.items()):
            if task.expires_at is not None and now >= task.expires_at:
                del self._tasks[task_id]


def _check_interval(interval_secs: float) -> None:
    if not math.isfinite(interval_secs) or interval_secs < 1:
        raise ValueError(f"interval must be at least 1s, got {interval_secs!r}")
    if interval_secs >= RECURRING_LIFETIME:
        raise ValueError(
            f"interval {format_interval(interval_secs)} would never fire: a recurring task expires "
            f"after {format_interval(RECURRING_LIFETIME)}"
        )
