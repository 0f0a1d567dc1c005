"""A sliding-window cap on task starts."""

from __future__ import annotations

from collections import deque


class SlidingWindowLimiter:
    """At most ``max_operations`` starts in any ``per_seconds`` window, by the scheduler's clock."""

    def __init__(self, max_operations: int, per_seconds: float) -> None:
        self.max_operations = max_operations
        self.per_seconds = per_seconds
        self._starts: deque[float] = deque()

    def _prune(self, now: float) -> None:
        starts = self._starts
        horizon = now - self.per_seconds
        while starts and starts[0] <= horizon:
            starts.popleft()

    def available(self, now: float) -> bool:
        """True when a start at ``now`` stays within the limit."""
        if len(self._starts) < self.max_operations:
            return True
        self._prune(now)
        return len(self._starts) < self.max_operations

    def record(self, now: float) -> None:
        """Count a start at ``now``."""
        self._starts.append(now)

    def wait_time(self, now: float) -> float:
        """Seconds until a slot frees (0 when one is free now)."""
        self._prune(now)
        if len(self._starts) < self.max_operations:
            return 0.0
        return self._starts[0] + self.per_seconds - now
