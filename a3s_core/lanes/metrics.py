"""Per-lane counters, latency and wait reservoirs, and a sliding throughput window."""

from __future__ import annotations

from collections import deque
from typing import Any

COUNTERS = ("completed", "failed", "retried", "dead_lettered", "cancelled", "timed_out")
RESERVOIR_SIZE = 1024
THROUGHPUT_WINDOW = 60.0


def percentile_ms(samples: deque[float], fraction: float) -> float | None:
    """Nearest-rank percentile of ``samples`` (seconds), in milliseconds; None without samples."""
    if not samples:
        return None
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, int(fraction * len(ordered) + 0.999999) - 1))
    return round(ordered[index] * 1000.0, 3)


class LaneMetrics:
    """What one lane has done.

    Counters: ``completed`` tasks succeeded; ``failed`` tasks ended in an error for good (timeouts
    and dead-lettered ones included); ``retried`` retries scheduled; ``dead_lettered`` tasks put
    in the dead-letter queue; ``cancelled``; ``timed_out`` attempts that hit their timeout.
    Latency is the run time of finished attempts, wait the time from (re)queueing to start; both
    keep the last 1024 samples. Throughput is completions per second over the last 60 s.
    """

    __slots__ = (*COUNTERS, "latency", "wait", "_buckets")

    def __init__(self) -> None:
        self.completed = 0
        self.failed = 0
        self.retried = 0
        self.dead_lettered = 0
        self.cancelled = 0
        self.timed_out = 0
        self.latency: deque[float] = deque(maxlen=RESERVOIR_SIZE)
        self.wait: deque[float] = deque(maxlen=RESERVOIR_SIZE)
        self._buckets: deque[list[int]] = deque()  # [whole second, completions in it]

    def record_completion(self, now: float) -> None:
        second = int(now)
        buckets = self._buckets
        if buckets and buckets[-1][0] == second:
            buckets[-1][1] += 1
            return
        buckets.append([second, 1])
        while buckets[0][0] <= second - THROUGHPUT_WINDOW:
            buckets.popleft()

    def throughput(self, now: float, since: float) -> float:
        """Completions per second over the last 60 s (or since ``since``, if that is shorter)."""
        span = min(THROUGHPUT_WINDOW, now - since)
        if span <= 0:
            return 0.0
        horizon = now - THROUGHPUT_WINDOW
        count = sum(n for second, n in self._buckets if second + 1 > horizon)
        return round(count / span, 3)

    def counters(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTERS}

    def snapshot(self, now: float, since: float, timing: bool) -> dict[str, Any]:
        """Counters plus latency/wait percentiles and throughput (None when ``timing`` is off)."""
        stats: dict[str, Any] = self.counters()
        stats["latency_p50_ms"] = percentile_ms(self.latency, 0.5) if timing else None
        stats["latency_p95_ms"] = percentile_ms(self.latency, 0.95) if timing else None
        stats["wait_p50_ms"] = percentile_ms(self.wait, 0.5) if timing else None
        stats["throughput_per_s"] = self.throughput(now, since) if timing else None
        return stats
