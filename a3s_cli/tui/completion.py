"""What to offer while typing: `/commands` with descriptions, `@paths` from the workspace."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from a3s_cli.tui.attachments import complete_paths


@dataclass
class Candidate:
    value: str
    """What replaces the word being completed."""
    description: str = ""


@dataclass
class Completions:
    start: int
    """Offset in the line where the replaced word starts."""
    end: int
    candidates: list[Candidate]


class Completer:
    """Completes the word at the cursor of a one-line view of the prompt.

    Args:
        commands: ``session.list_commands()``: dicts with name, description and usage.
        workspace: where ``@`` paths are looked up.
    """

    def __init__(self, commands: list[dict[str, Any]], workspace: Path) -> None:
        self.commands = commands
        self.workspace = workspace

    def complete(self, line: str, column: int, first_line: bool) -> Completions | None:
        """Completions for the word ending at ``column``, or None when there is nothing to offer."""
        before = line[:column]
        start = max(before.rfind(" "), before.rfind("\t")) + 1
        word = before[start:]
        if first_line and start == 0 and word.startswith("/"):
            found = [Candidate("/" + c["name"], str(c.get("description", ""))) for c in self.commands
                     if ("/" + str(c["name"])).startswith(word)]
            return Completions(0, column, found) if found else None
        if word.startswith("@"):
            found = [Candidate("@" + path) for path in complete_paths(self.workspace, word[1:])]
            return Completions(start, column, found) if found else None
        return None
