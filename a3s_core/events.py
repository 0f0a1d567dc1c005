"""The event stream every front end consumes (TUI, one-shot CLI, SDK, tests).

One dataclass with an ``event_type`` and the fields that type uses; ``to_dict`` gives the JSON
line that ``--output-format stream-json`` prints. A ``confirmation_required`` event carries a
Future that the consumer resolves through ``approve()`` / ``deny()``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Literal

EventType = Literal[
    "turn_start",
    "text_delta",
    "reasoning_delta",
    "tool_start",
    "tool_output_delta",
    "tool_end",
    "confirmation_required",
    "permission_denied",
    "retry",
    "task_retry",
    "task_timeout",
    "dead_letter",
    "queue_pressure",
    "queue_pressure_relieved",
    "external_task_pending",
    "external_task_completed",
    "message_queued",
    "message_injected",
    "command_result",
    "compacted",
    "turn_end",
    "end",
    "error",
]


@dataclass
class ConfirmationDecision:
    """A person's answer to a confirmation request."""

    approved: bool
    always: bool = False
    reason: str | None = None


@dataclass
class AgentEvent:
    """One event of a turn. Fields unused by an event type keep their defaults."""

    event_type: EventType
    text: str = ""
    turn: int = 0
    tool_id: str | None = None
    tool_name: str | None = None
    args: dict[str, Any] | None = None
    output: str | None = None
    is_error: bool = False
    metadata: dict[str, Any] = field(default_factory=dict)
    usage: dict[str, int] | None = None
    rule: str | None = None
    future: asyncio.Future[ConfirmationDecision] | None = field(default=None, repr=False)

    def approve(self, always: bool = False) -> None:
        """Answer a confirmation_required event with yes (``always`` adds a session rule)."""
        self._resolve(ConfirmationDecision(approved=True, always=always))

    def deny(self, reason: str | None = None) -> None:
        """Answer a confirmation_required event with no, optionally saying why."""
        self._resolve(ConfirmationDecision(approved=False, reason=reason))

    def _resolve(self, decision: ConfirmationDecision) -> None:
        future = self.future
        if future is None or future.done():
            return
        loop = future.get_loop()
        loop.call_soon_threadsafe(lambda: future.done() or future.set_result(decision))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.event_type}
        for name in ("text", "tool_id", "tool_name", "args", "output", "rule", "usage"):
            value = getattr(self, name)
            if value not in (None, "", {}):
                data[name] = value
        if self.turn:
            data["turn"] = self.turn
        if self.is_error:
            data["is_error"] = True
        if self.metadata:
            data["metadata"] = self.metadata
        return data
