"""Test doubles that are real implementations of our seams (never patches of our code)."""

from __future__ import annotations

from a3s_core.events import ConfirmationDecision
from a3s_core.permissions.types import ConfirmationRequest


class FakeClock:
    """A Clock whose time moves only when a test (or a sleep) moves it."""

    def __init__(self) -> None:
        self.time = 1000.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.time

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.time += seconds

    def advance(self, seconds: float) -> None:
        self.time += seconds


class RecordingConfirmation:
    """Answers every confirmation with a fixed decision and remembers what it was asked."""

    def __init__(self, approved: bool, always: bool = False, reason: str | None = None) -> None:
        self.decision = ConfirmationDecision(approved=approved, always=always, reason=reason)
        self.requests: list[ConfirmationRequest] = []

    async def confirm(self, request: ConfirmationRequest) -> ConfirmationDecision:
        self.requests.append(request)
        return self.decision
