"""Value types shared by permission checking and confirmation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Action = Literal["allow", "deny", "ask"]


@dataclass(frozen=True)
class PermissionDecision:
    """The outcome of a permission check. ``rule`` is the rule text that decided, if any."""

    action: Action
    rule: str | None = None
    reason: str = ""


@dataclass
class ConfirmationRequest:
    """A tool call waiting for a person's yes or no."""

    tool_id: str
    tool_name: str
    args: dict[str, Any]
    subject: str
    """The permission subject (the bash command, the file path...)."""
    rule: str | None = None
    """The rule that asked, or None when the default policy asked."""
    preview: dict[str, Any] = field(default_factory=dict)
    """Front-end material: a diff for edits, the full command for bash."""
    timeout: float | None = None
    """Seconds before ``timeout_action`` applies; None waits forever."""
