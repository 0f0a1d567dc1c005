"""A message the user sent, or queued to join the running turn."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class UserMessage(Static):
    """The prompt as sent; ``queued`` until the core injects it into the running turn."""

    DEFAULT_CSS = """
    UserMessage { height: auto; margin: 1 0 1 0; padding: 0 1; border-left: thick $accent; background: $boost; }
    UserMessage.-queued { border-left: thick $warning; color: $text-muted; }
    """

    def __init__(self, text: str, *, queued: bool = False, attached: list[str] | None = None) -> None:
        super().__init__()
        self.text = text
        self.attached = attached or []
        self.queued = queued
        self.set_class(queued, "-queued")
        self.update(self._render_text())

    def _render_text(self) -> Text:
        body = Text(self.text)
        if self.attached:
            body.append("\n📎 " + ", ".join(self.attached), style="dim")
        if self.queued:
            body.append("\n⏳ queued: joins the running turn at its next step", style="italic dim")
        return body

    def mark_injected(self) -> None:
        """The core has added this message to the running turn."""
        self.queued = False
        self.remove_class("-queued")
        self.update(self._render_text())
