"""The command registry every front end dispatches through (TUI, plain REPL, one-shot, SDK)."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

COMMAND_LINE = re.compile(r"^/([A-Za-z][\w-]*)(?:\s+(.*))?$", re.DOTALL)

Handler = Callable[[str, dict[str, Any]], Any]
"""``handler(args, ctx)`` returns a str, a CommandResult, or an awaitable of either.
``ctx`` holds at least model, history_len, session_id, workspace and the session itself."""


@dataclass
class CommandResult:
    """What a command answers: text to show, and an action for the front end (exit, clear...)."""

    text: str = ""
    action: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    is_error: bool = False


@dataclass
class Command:
    name: str
    description: str
    handler: Handler
    usage: str = ""

    def info(self) -> dict[str, str]:
        return {"name": self.name, "description": self.description, "usage": self.usage or f"/{self.name}"}


def parse_command(line: str) -> tuple[str, str] | None:
    """``("model", "openai/gpt-4o")`` for ``/model openai/gpt-4o``; None when the line is not a command.

    A path such as ``/usr/bin/env is missing`` is not a command: a name has no slash in it.
    """
    match = COMMAND_LINE.match(line.strip())
    if match is None:
        return None
    return match.group(1).lower(), (match.group(2) or "").strip()


class CommandRegistry:
    def __init__(self) -> None:
        self._commands: dict[str, Command] = {}

    def register(self, name: str, description: str, handler: Handler, usage: str = "") -> None:
        """Add or replace ``/name``.

        Raises:
            ValueError: the name is not a word (letters, digits, - and _, starting with a letter).
        """
        name = name.removeprefix("/")
        if not re.fullmatch(r"[A-Za-z][\w-]*", name):
            raise ValueError(f"invalid command name {name!r}: use letters, digits, - and _")
        self._commands[name.lower()] = Command(name.lower(), description, handler, usage)

    def unregister(self, name: str) -> bool:
        return self._commands.pop(name.lower().removeprefix("/"), None) is not None

    def get(self, name: str) -> Command | None:
        return self._commands.get(name.lower().removeprefix("/"))

    def list(self) -> list[Command]:
        return sorted(self._commands.values(), key=lambda command: command.name)

    async def dispatch(self, name: str, args: str, ctx: dict[str, Any]) -> CommandResult:
        """Run ``/name args``; an unknown name answers with a pointer to /help."""
        command = self.get(name)
        if command is None:
            return CommandResult(f"Unknown command: /{name} - type /help", is_error=True)
        answer = command.handler(args, ctx)
        if inspect.isawaitable(answer):
            answer = await answer
        if isinstance(answer, CommandResult):
            return answer
        return CommandResult("" if answer is None else str(answer))
