"""The scheduler's settings: lanes, retries, rate limit, priority boost, pressure and timeouts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from a3s_core.errors import ConfigError
from a3s_core.protocols import Lane

if TYPE_CHECKING:
    from a3s_core.config.models import QueueConfig

LANES: tuple[Lane, ...] = ("control", "query", "execute", "generate")
"""The four lanes, highest priority first."""

LANE_PRIORITY: dict[str, int] = {"control": 0, "query": 1, "execute": 2, "generate": 3}
"""Base priority of each lane; lower starts first."""

RETRY_STRATEGIES = ("exponential", "fixed", "none")
_RATE_UNITS = {"per_second": 1.0, "per_minute": 60.0, "per_hour": 3600.0}


@dataclass
class LaneSettings:
    """One lane's limits."""

    max_concurrency: int
    """Tasks of this lane that may run at once."""
    timeout: float | None = None
    """Seconds a task of this lane may run; None means no lane timeout."""


@dataclass
class RetrySettings:
    """How a failed task is retried."""

    strategy: str = "none"
    """``"exponential"`` (the delay doubles), ``"fixed"`` or ``"none"``."""
    max_retries: int = 0
    """Retries after the first failure."""
    initial_delay: float = 0.1
    """Seconds before the first retry."""
    max_delay: float = 30.0
    """Upper bound of any retry delay, in seconds."""

    def __post_init__(self) -> None:
        if self.strategy not in RETRY_STRATEGIES:
            choices = ", ".join(RETRY_STRATEGIES)
            raise ValueError(f"retry strategy must be one of {choices}, not {self.strategy!r}")

    def delay(self, attempt: int) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based).

        Exponential: ``initial_delay * 2 ** (attempt - 1)``; fixed: ``initial_delay``; both capped
        at ``max_delay``. ``"none"`` returns 0.
        """
        if self.strategy == "none":
            return 0.0
        if self.strategy == "fixed":
            return min(self.initial_delay, self.max_delay)
        return min(self.initial_delay * 2.0 ** max(attempt - 1, 0), self.max_delay)


def _default_lanes() -> dict[str, LaneSettings]:
    return {
        "control": LaneSettings(1),
        "query": LaneSettings(10),
        "execute": LaneSettings(1),
        "generate": LaneSettings(1),
    }


@dataclass
class SchedulerConfig:
    """Everything a LaneScheduler can be told; lanes missing from ``lanes`` keep their defaults."""

    lanes: dict[str, LaneSettings] = field(default_factory=_default_lanes)
    """Per-lane concurrency and timeout (defaults: control 1, query 10, execute 1, generate 1)."""
    retry: RetrySettings = field(default_factory=RetrySettings)
    """Retrying of failed tasks; the default never retries."""
    rate_limit: tuple[int, float] | None = None
    """``(max_operations, per_seconds)``: at most that many task starts per sliding window.
    Control tasks are exempt and not counted."""
    boost_deadline: float | None = None
    """Seconds of waiting over which a queued task climbs to priority 1; None disables boosting."""
    pressure_threshold: int | None = None
    """Queued tasks in one lane above which ``lane_pressure`` fires; None disables it."""
    default_timeout: float | None = None
    """Seconds a task may run when neither it nor its lane sets a timeout."""
    enable_metrics: bool = True
    """Record latencies, waits and throughput (counters are always kept)."""
    enable_dlq: bool = True
    """Keep tasks that failed for good in the dead-letter queue."""
    dlq_capacity: int = 1000
    """Dead letters kept; the oldest are dropped first."""

    def __post_init__(self) -> None:
        unknown = set(self.lanes) - set(LANES)
        if unknown:
            raise ValueError(f"unknown lane(s) {sorted(unknown)}; lanes are {', '.join(LANES)}")
        merged = _default_lanes()
        merged.update(self.lanes)
        self.lanes = merged
        for name, lane in merged.items():
            if lane.max_concurrency < 1:
                raise ValueError(f"lane {name!r}: max_concurrency must be at least 1")
        if self.rate_limit is not None and (self.rate_limit[0] < 1 or self.rate_limit[1] <= 0):
            raise ValueError("rate_limit needs at least 1 operation per a positive number of seconds")
        if self.boost_deadline is not None and self.boost_deadline <= 0:
            raise ValueError("boost_deadline must be positive")

    @classmethod
    def from_queue_config(cls, queue: QueueConfig) -> SchedulerConfig:
        """Build the scheduler settings from the HCL ``queue {}`` block (milliseconds become seconds).

        Raises:
            ConfigError: a ``rate_limit.limit_type`` or ``retry_policy.strategy`` it does not know.
        """
        lanes = _default_lanes()
        lanes["query"] = LaneSettings(queue.query_max_concurrency, _seconds(queue.query_timeout_ms))
        lanes["execute"] = LaneSettings(queue.execute_max_concurrency, _seconds(queue.execute_timeout_ms))
        lanes["generate"] = LaneSettings(queue.generate_max_concurrency, _seconds(queue.generate_timeout_ms))
        return cls(
            lanes=lanes,
            retry=_retry_from(queue),
            rate_limit=_rate_from(queue),
            boost_deadline=_boost_from(queue),
            pressure_threshold=queue.pressure_threshold,
            default_timeout=_seconds(queue.default_timeout_ms),
            enable_metrics=queue.enable_metrics,
            enable_dlq=queue.enable_dlq,
        )


def _seconds(ms: int | None) -> float | None:
    return None if ms is None else ms / 1000.0


def _retry_from(queue: QueueConfig) -> RetrySettings:
    policy = queue.retry_policy
    if policy is None:
        return RetrySettings()
    if policy.strategy not in RETRY_STRATEGIES:
        choices = ", ".join(RETRY_STRATEGIES)
        raise ConfigError(f"queue.retry_policy.strategy must be one of {choices}, not {policy.strategy!r}")
    return RetrySettings(
        strategy=policy.strategy,
        max_retries=policy.max_retries,
        initial_delay=policy.initial_delay_ms / 1000.0,
        max_delay=policy.max_delay_ms / 1000.0,
    )


def _rate_from(queue: QueueConfig) -> tuple[int, float] | None:
    rate = queue.rate_limit
    if rate is None:
        return None
    per = _RATE_UNITS.get(rate.limit_type)
    if per is None:
        raise ConfigError(
            f"queue.rate_limit.limit_type must be one of {', '.join(_RATE_UNITS)}, not {rate.limit_type!r}"
        )
    return (rate.max_operations, per)


def _boost_from(queue: QueueConfig) -> float | None:
    boost = queue.priority_boost
    if boost is None or boost.strategy == "none":
        return None
    return boost.deadline_ms / 1000.0
