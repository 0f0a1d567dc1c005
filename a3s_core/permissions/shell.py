"""Splitting a shell command line into the simple commands that permission rules judge.

``bash(cargo *)`` must not allow ``cargo test && rm -rf ~``: an allow rule has to cover every
part of a compound command, and a deny rule that covers any part denies the whole line.
"""

from __future__ import annotations

from dataclasses import dataclass

_OPERATORS = ("&&", "||", ";;", "|&", ";", "|", "&", "\n")
_SUBSTITUTIONS = ("$(", "`", "<(", ">(")


@dataclass(frozen=True)
class CommandPart:
    """One simple command of a command line."""

    text: str
    opaque: bool
    """True when it runs hidden commands (``$(...)``, backticks, process substitution)."""


def split_command(command: str) -> list[CommandPart]:
    """Split ``command`` on unquoted ``&&``, ``||``, ``;``, ``|``, ``&`` and newlines."""
    parts: list[CommandPart] = []
    current: list[str] = []
    opaque = False
    quote: str | None = None
    i = 0
    while i < len(command):
        char = command[i]
        if char == "\\" and quote != "'" and i + 1 < len(command):
            current.append(command[i : i + 2])
            i += 2
            continue
        if quote is None and char in "'\"":
            quote = char
        elif quote is not None and char == quote:
            quote = None
        elif quote != "'" and command.startswith(_SUBSTITUTIONS, i):
            opaque = True
        if quote is None:
            operator = next((op for op in _OPERATORS if command.startswith(op, i)), None)
            if operator is not None and not _is_redirect(command, i):
                _finish(parts, current, opaque)
                current, opaque = [], False
                i += len(operator)
                continue
        current.append(char)
        i += 1
    _finish(parts, current, opaque)
    return parts


def _is_redirect(command: str, i: int) -> bool:
    """``2>&1``, ``&>file`` and ``>&2`` use ``&`` without ending the command."""
    if command[i] != "&":
        return False
    before = command[i - 1 : i]
    after = command[i + 1 : i + 2]
    return before in ("<", ">") or after == ">"


def _finish(parts: list[CommandPart], current: list[str], opaque: bool) -> None:
    text = "".join(current).strip()
    if text:
        parts.append(CommandPart(text, opaque))
