"""The drop-up list of completions above the prompt; never takes focus from it."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from a3s_cli.tui.completion import Candidate, Completions


class CompletionMenu(OptionList, can_focus=False):
    """Shows candidates; the prompt moves the highlight and accepts one."""

    DEFAULT_CSS = """
    CompletionMenu { display: none; height: auto; max-height: 10; border: round $accent; margin: 0 1; }
    CompletionMenu.-open { display: block; }
    """

    def __init__(self) -> None:
        super().__init__(id="completion")
        self.completions: Completions | None = None

    def show(self, completions: Completions | None) -> None:
        """Replace the candidates (None or empty hides the menu)."""
        self.completions = completions
        self.clear_options()
        if completions is None or not completions.candidates:
            self.remove_class("-open")
            return
        self.add_options([Option(_label(c)) for c in completions.candidates])
        self.highlighted = 0
        self.add_class("-open")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def move(self, step: int) -> None:
        if self.option_count:
            self.highlighted = ((self.highlighted or 0) + step) % self.option_count

    def chosen(self) -> Candidate | None:
        if self.completions is None or self.highlighted is None:
            return None
        return self.completions.candidates[self.highlighted]

    def hide(self) -> None:
        self.show(None)


def _label(candidate: Candidate) -> Text:
    label = Text(candidate.value, style="bold")
    if candidate.description:
        label.append(f"  {candidate.description}", style="dim")
    return label
