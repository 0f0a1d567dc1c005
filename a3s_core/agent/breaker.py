"""A circuit breaker over LLM calls: after N consecutive failures, stop calling for a while."""

from __future__ import annotations

from a3s_core.errors import CircuitOpenError
from a3s_core.protocols import Clock


class CircuitBreaker:
    """Opens after ``threshold`` consecutive failures; after ``cooldown`` seconds one call may try."""

    def __init__(self, clock: Clock, threshold: int = 3, cooldown: float = 30.0) -> None:
        self.clock = clock
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.opened_at: float | None = None

    def before_call(self) -> None:
        """Raises CircuitOpenError while the breaker is open and cooling down."""
        if self.opened_at is None:
            return
        waited = self.clock.now() - self.opened_at
        if waited < self.cooldown:
            raise CircuitOpenError(
                f"LLM calls paused after {self.failures} consecutive failures; "
                f"retry in {self.cooldown - waited:.0f} s, or switch model with -m / /model"
            )

    def record_success(self) -> None:
        self.failures = 0
        self.opened_at = None

    def record_failure(self) -> bool:
        """Count a failure; returns True when this failure opened the breaker."""
        self.failures += 1
        if self.failures >= self.threshold:
            self.opened_at = self.clock.now()
            return True
        return False
