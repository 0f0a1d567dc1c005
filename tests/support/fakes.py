"""Test doubles that are real implementations of our seams (never patches of our code)."""

from __future__ import annotations

from a3s_core.events import ConfirmationDecision
from a3s_core.permissions.types import ConfirmationRequest


class RecordingConfirmation:
    """Answers every confirmation with a fixed decision and remembers what it was asked."""

    def __init__(self, approved: bool, always: bool = False, reason: str | None = None) -> None:
        self.decision = ConfirmationDecision(approved=approved, always=always, reason=reason)
        self.requests: list[ConfirmationRequest] = []

    async def confirm(self, request: ConfirmationRequest) -> ConfirmationDecision:
        self.requests.append(request)
        return self.decision
