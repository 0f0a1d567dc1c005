"""A recurring prompt and the scheduler's limits."""

from __future__ import annotations

import secrets
import string
from collections.abc import Container
from dataclasses import dataclass
from typing import Any

MAX_TASKS = 50
"""Scheduled tasks one session may hold."""
RECURRING_LIFETIME = 3 * 24 * 3600.0
"""Seconds after creation at which a recurring task expires (it is removed instead of firing)."""
DEFAULT_INTERVAL = 600.0
"""The interval of ``/loop`` without one: 10 minutes."""

_ID_ALPHABET = string.ascii_lowercase + string.digits
ID_LENGTH = 6


@dataclass
class ScheduledTask:
    """One recurring prompt. Times are on the scheduler's clock (monotonic seconds)."""

    id: str
    prompt: str
    interval_secs: float
    created_at: float
    next_fire_at: float
    fire_count: int = 0
    """Fires started so far (counted when a fire starts, so a running fire sees itself)."""
    expires_at: float | None = None
    """created_at + RECURRING_LIFETIME; None never expires."""
    last_error: str | None = None
    """``"Type: message"`` of the last fire that raised, cleared by the next fire that does not."""

    def info(self, now: float) -> dict[str, Any]:
        """The seed's list_scheduled_tasks entry: id, prompt, interval_secs, fire_count, next_fire_in_secs."""
        return {
            "id": self.id,
            "prompt": self.prompt,
            "interval_secs": self.interval_secs,
            "fire_count": self.fire_count,
            "next_fire_in_secs": round(max(self.next_fire_at - now, 0.0), 1),
        }


def new_task_id(taken: Container[str]) -> str:
    """Six random characters of ``[a-z0-9]`` not in ``taken``."""
    while True:
        task_id = "".join(secrets.choice(_ID_ALPHABET) for _ in range(ID_LENGTH))
        if task_id not in taken:
            return task_id
