"""The multi-line prompt: Enter sends, Shift+Enter / Ctrl+J add a line, Up/Down walk history."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widgets import TextArea

from a3s_cli.tui.completion import Completer
from a3s_cli.tui.history import PromptHistory
from a3s_cli.tui.widgets.completion_menu import CompletionMenu

NEWLINE_KEYS = ("shift+enter", "ctrl+j")


class PromptInput(TextArea):
    """Posts ``Submitted`` on Enter; drives the completion menu while `/` or `@` is typed."""

    DEFAULT_CSS = """
    PromptInput { height: auto; min-height: 3; max-height: 12; margin: 0 1; border: round $primary; }
    PromptInput:focus { border: round $accent; }
    """

    @dataclass
    class Submitted(Message):
        """The user pressed Enter on a non-empty prompt."""

        text: str

    def __init__(self, history: PromptHistory, completer: Completer, menu: CompletionMenu) -> None:
        super().__init__(id="prompt", soft_wrap=True, show_line_numbers=False, compact=False)
        self.prompt_history = history
        self.completer = completer
        self.menu = menu
        self._recalled: str | None = None

    async def _on_key(self, event: events.Key) -> None:
        if self._handle_special(event.key):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    def _handle_special(self, key: str) -> bool:
        if self.menu.is_open and key in ("up", "down", "tab", "enter", "escape"):
            if key in ("up", "down"):
                self.menu.move(-1 if key == "up" else 1)
            elif key == "escape":
                self.menu.hide()
            elif key == "enter" and self._word_is_complete():
                self.submit()
            else:
                self.accept_completion()
            return True
        if key == "enter":
            self.submit()
            return True
        if key in NEWLINE_KEYS:
            self.insert("\n")
            return True
        if key == "up" and self.cursor_at_first_line:
            return self._recall(self.prompt_history.previous(self.text))
        if key == "down" and self.cursor_at_last_line:
            return self._recall(self.prompt_history.next())
        return False

    def _recall(self, entry: str | None) -> bool:
        if entry is None:
            return False
        self._recalled = entry
        self.load_text(entry)
        self.move_cursor(self.document.end)
        return True

    def submit(self) -> None:
        text = self.text.strip()
        if not text:
            return
        self.prompt_history.add(text)
        self.clear()
        self.menu.hide()
        self.post_message(self.Submitted(text))

    def accept_completion(self) -> None:
        """Replace the word being completed with the highlighted candidate."""
        candidate, completions = self.menu.chosen(), self.menu.completions
        self.menu.hide()
        if candidate is None or completions is None:
            return
        row = self.cursor_location[0]
        suffix = "" if candidate.value.endswith("/") else " "
        self.replace(candidate.value + suffix, (row, completions.start), (row, completions.end))

    def _word_is_complete(self) -> bool:
        candidate, completions = self.menu.chosen(), self.menu.completions
        if candidate is None or completions is None:
            return False
        row = self.cursor_location[0]
        return self.document.get_line(row)[completions.start:completions.end] == candidate.value

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._recalled is not None and self.text == self._recalled:
            self.menu.hide()  # a recalled entry is sent with Enter, not completed
            return
        self._recalled = None
        row, column = self.cursor_location
        line = self.document.get_line(row)
        self.menu.show(self.completer.complete(line, column, first_line=row == 0))
