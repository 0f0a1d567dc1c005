"""Slash commands: answered by the session before (and instead of) the LLM."""

from a3s_core.commands.registry import Command, CommandRegistry, CommandResult, parse_command

__all__ = ["Command", "CommandRegistry", "CommandResult", "parse_command"]
