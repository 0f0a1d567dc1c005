"""A line in the transcript that is not a message: errors, command output, cancellations."""

from __future__ import annotations

from rich.markdown import Markdown as RichMarkdown
from rich.text import Text
from textual.widgets import Static

ERROR_HINTS = {
    "ProviderError": "check the API key, base_url and network, then press Up and Enter to retry",
    "AuthenticationError": "check the provider's api_key in the config or the environment",
    "CircuitOpenError": "the provider failed repeatedly; wait a moment, or switch model with /model",
    "LimitsExceeded": "the turn hit its limits; raise max_tool_rounds or continue with a new prompt",
}


class Notice(Static):
    """An error (red, with what to do), a command's answer (Markdown) or a dim status line."""

    DEFAULT_CSS = """
    Notice { height: auto; margin: 0 0 1 0; padding: 0 1; }
    Notice.-error { color: $error; border-left: thick $error; }
    Notice.-info { color: $text-muted; }
    Notice.-warning { color: $warning; }
    """

    @classmethod
    def error(cls, message: str, kind: str | None = None) -> Notice:
        """A red error block ending with what to do about it."""
        hint = ERROR_HINTS.get(kind or "", "press Up and Enter to try again, or rephrase the prompt")
        text = Text(f"✗ {message}", style="bold")
        text.append(f"\n  → {hint}", style="")
        notice = cls(text)
        notice.add_class("-error")
        return notice

    @classmethod
    def info(cls, message: str) -> Notice:
        notice = cls(Text(message))
        notice.add_class("-info")
        return notice

    @classmethod
    def warning(cls, message: str) -> Notice:
        notice = cls(Text(message))
        notice.add_class("-warning")
        return notice

    @classmethod
    def markdown(cls, source: str) -> Notice:
        return cls(RichMarkdown(source))
