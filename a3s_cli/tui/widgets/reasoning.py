"""The model's reasoning: dimmed and collapsed, the title showing how much there is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Collapsible, Static


class Reasoning(Collapsible):
    """Collapsible reasoning text, fed delta by delta."""

    DEFAULT_CSS = """
    Reasoning { height: auto; border: none; padding: 0; margin: 0 0 0 1; background: transparent; }
    Reasoning Static { color: $text-muted; text-style: italic; }
    """

    def __init__(self, text: str = "") -> None:
        super().__init__(title="thinking", collapsed=True)
        self.text = text
        self._body = Static(text, markup=False)

    def compose(self) -> ComposeResult:
        with self.Contents():
            yield self._body

    def append(self, fragment: str) -> None:
        """Add reasoning text and show its size in the title."""
        self.text += fragment
        self._body.update(self.text)
        self.title = f"thinking ({len(self.text.split())} words)"
