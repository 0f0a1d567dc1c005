"""Prompt history that persists across runs: one JSON-escaped entry per line of a text file."""

from __future__ import annotations

import json
from pathlib import Path

MAX_ENTRIES = 1000


class PromptHistory:
    """The prompts sent so far, oldest first, walked with ``previous()`` / ``next()``.

    Args:
        path: the history file; None keeps the history in memory only.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: list[str] = self._load()
        self._cursor = len(self.entries)
        self._draft = ""

    def _load(self) -> list[str]:
        if self.path is None or not self.path.is_file():
            return []
        entries: list[str] = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                continue  # a hand-edited or truncated line is skipped, not fatal
            if isinstance(value, str) and value:
                entries.append(value)
        return entries[-MAX_ENTRIES:]

    def add(self, text: str) -> None:
        """Record a sent prompt (not twice in a row) and append it to the file."""
        self.reset()
        if not text.strip() or (self.entries and self.entries[-1] == text):
            return
        self.entries.append(text)
        self._cursor = len(self.entries)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(text, ensure_ascii=False) + "\n")

    def previous(self, current: str) -> str | None:
        """The entry before the one shown; ``current`` is kept as the draft to come back to."""
        if self._cursor == 0:
            return None
        if self._cursor == len(self.entries):
            self._draft = current
        self._cursor -= 1
        return self.entries[self._cursor]

    def next(self) -> str | None:
        """The entry after the one shown, then the draft; None when already at the draft."""
        if self._cursor >= len(self.entries):
            return None
        self._cursor += 1
        return self._draft if self._cursor == len(self.entries) else self.entries[self._cursor]

    def reset(self) -> None:
        """Start the next walk from the newest entry."""
        self._cursor = len(self.entries)
        self._draft = ""
