"""One lane's live state: its queue, running count, limits, pressure flag and metrics."""

from __future__ import annotations

from collections import deque

from a3s_core.lanes.config import LaneSettings
from a3s_core.lanes.metrics import LaneMetrics
from a3s_core.lanes.task import TaskRecord


class LaneState:
    """Internal to LaneScheduler."""

    __slots__ = ("name", "priority", "max_concurrency", "timeout", "queue", "running", "pressured", "metrics")

    def __init__(self, name: str, priority: int, settings: LaneSettings) -> None:
        self.name = name
        self.priority = priority
        self.max_concurrency = settings.max_concurrency
        self.timeout = settings.timeout
        self.queue: deque[TaskRecord] = deque()
        self.running = 0
        self.pressured = False
        self.metrics = LaneMetrics()

    def has_room(self) -> bool:
        return self.running < self.max_concurrency

    def snapshot_head(self) -> TaskRecord | None:
        return self.queue[0] if self.queue else None
