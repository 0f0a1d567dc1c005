"""The bottom line: model, workspace, session, tokens, cost, context use, busy time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.widgets import Static


class StatusBar(Static, can_focus=False):
    """Redrawn twice a second from the session; ``busy_since`` comes from the app's clock."""

    DEFAULT_CSS = """
    StatusBar { dock: bottom; height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, session: Any, clock: Callable[[], float]) -> None:
        super().__init__()
        self.session = session
        self.clock = clock
        self.busy_since: float | None = None
        self.note = ""

    def on_mount(self) -> None:
        self.refresh_status()
        self.set_interval(0.5, self.refresh_status)

    def refresh_status(self) -> None:
        self.update(status_text(self.session, self._busy()))

    def _busy(self) -> str:
        if self.busy_since is None:
            return self.note
        return f"⠿ working {self.clock() - self.busy_since:.0f}s · Esc interrupts"


def status_text(session: Any, busy: str) -> Text:
    """One line describing the session."""
    usage = session.usage
    cost = _call(session, "cost")
    used = _call(session, "context_used")
    parts = [
        (session.model, "bold"),
        (session.workspace.name or str(session.workspace), ""),
        (f"#{session.session_id}", ""),
        (f"↑{usage.input_tokens} ↓{usage.output_tokens}", ""),
        ("—" if cost is None else f"${cost:.4f}", ""),
        ("ctx —" if used is None else f"ctx {used * 100:.0f}%", ""),
    ]
    line = Text()
    for index, (value, style) in enumerate(parts):
        if index:
            line.append(" · ", style="dim")
        line.append(value, style=style)
    if busy:
        line.append("   " + busy, style="bold yellow")
    return line


def _call(session: Any, name: str) -> Any:
    method = getattr(session, name, None)
    return method() if callable(method) else None
