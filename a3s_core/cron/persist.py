"""Scheduled tasks to and from JSON-ready dicts, with times moved between the clock and wall time.

The scheduler's clock is monotonic (it restarts with the process), so saved times are wall-clock
epoch seconds: ``{"id", "prompt", "interval_secs", "fire_count", "created_at", "next_fire_at",
"expires_at"}``; ``expires_at`` may be null (never expires).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from typing import Any

from a3s_core.cron.task import RECURRING_LIFETIME, ScheduledTask

_log = logging.getLogger(__name__)


def tasks_to_dicts(tasks: list[ScheduledTask], now: float, wall_now: float) -> list[dict[str, Any]]:
    """``tasks`` as dicts whose times are wall-clock seconds (clock ``now`` is ``wall_now``)."""
    shift = wall_now - now
    return [
        {
            "id": task.id,
            "prompt": task.prompt,
            "interval_secs": task.interval_secs,
            "fire_count": task.fire_count,
            "created_at": task.created_at + shift,
            "next_fire_at": task.next_fire_at + shift,
            "expires_at": None if task.expires_at is None else task.expires_at + shift,
        }
        for task in tasks
    ]


def tasks_from_dicts(items: list[dict[str, Any]], now: float, wall_now: float) -> Iterator[ScheduledTask]:
    """The tasks in dicts made by tasks_to_dicts, their times moved back onto the clock.

    A malformed entry is skipped with a warning: one bad entry must not stop a session resuming.
    """
    shift = now - wall_now
    for index, item in enumerate(items):
        try:
            yield _task_from_dict(item, shift)
        except (KeyError, TypeError, ValueError) as exc:
            _log.warning("dropping saved scheduled task #%d: %s: %s", index, type(exc).__name__, exc)


def _task_from_dict(item: dict[str, Any], shift: float) -> ScheduledTask:
    task_id, prompt = item["id"], item["prompt"]
    if not isinstance(task_id, str) or not task_id or not isinstance(prompt, str) or not prompt:
        raise ValueError("id and prompt must be non-empty strings")
    interval = _number(item["interval_secs"], "interval_secs")
    if interval < 1:
        raise ValueError(f"interval_secs {interval} is under 1s")
    created = _number(item["created_at"], "created_at") + shift
    expires = item.get("expires_at", created - shift + RECURRING_LIFETIME)
    return ScheduledTask(
        id=task_id,
        prompt=prompt,
        interval_secs=interval,
        created_at=created,
        next_fire_at=_number(item["next_fire_at"], "next_fire_at") + shift,
        fire_count=int(item.get("fire_count", 0)),
        expires_at=None if expires is None else _number(expires, "expires_at") + shift,
    )


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)
