"""Slash commands and mid-turn steering of a session (mixed into AgentSession)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from a3s_core.commands import CommandResult, parse_command
from a3s_core.events import AgentEvent

if TYPE_CHECKING:
    from a3s_core.agent.session import AgentSession


class CommandControls:
    # -- commands ----------------------------------------------------------------------------

    def list_commands(self: AgentSession) -> list[dict[str, str]]:
        """Every slash command: name, description, usage."""
        self._refresh_command_files()
        return [command.info() for command in self.commands.list()]

    def _refresh_command_files(self: AgentSession) -> None:
        """(Re)load Markdown commands; built-in and registered commands keep their names."""
        from a3s_core.commands.files import command_dirs, load_command_files

        files, self.command_warnings = load_command_files(command_dirs(self.workspace, Path.home()))
        for name in self._file_commands:
            self.commands.unregister(name)
        self._file_commands = set()
        for file in files:
            if file.name in self._fixed_commands:
                self.command_warnings.append(f"{file.path}: skipped: /{file.name} is a built-in command")
                continue
            self.commands.register(file.name, file.description, file.handler, file.usage)
            self._file_commands.add(file.name)

    def register_command(self: AgentSession, name: str, description: str, handler: Callable[..., Any], usage: str = "") -> None:
        """Add ``/name``; ``handler(args, ctx)`` returns the text to show (ctx: model, history_len...)."""
        self.commands.register(name, description, handler, usage)
        self._fixed_commands.add(name.lower().removeprefix("/"))

    async def command(self: AgentSession, line: str) -> CommandResult:
        """Run a slash command line (``/model openai/gpt-4o``) without the LLM.

        Raises:
            ValueError: ``line`` is not a slash command.
        """
        parsed = parse_command(line)
        if parsed is None:
            raise ValueError(f"not a slash command: {line!r}")
        if self.commands.get(parsed[0]) is None:
            self._refresh_command_files()
        ctx = {"model": self.model, "history_len": len(self.history), "session_id": self.session_id,
               "workspace": str(self.workspace), "turns": self.turns, "session": self}
        return await self.commands.dispatch(parsed[0], parsed[1], ctx)

    # -- steering ----------------------------------------------------------------------------

    def steer(self: AgentSession, text: str) -> bool:
        """Queue a message for the running turn; it joins at the turn's next step. False when idle."""
        if not self.busy:
            return False
        self._steering.append(text)
        self._publish(AgentEvent("message_queued", text=text, turn=self.turns))
        return True

    def _take_steering(self: AgentSession) -> list[str]:
        taken, self._steering = self._steering, []
        for text in taken:
            self._publish(AgentEvent("message_injected", text=text, turn=self.turns))
        return taken
