"""One tool call: a one-line summary, a live output tail, its status, details on expand."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.syntax import Syntax
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from a3s_cli.render_tools import shorten, subject_of

TAIL_LINES = 6
COLLAPSED_DIFF_LINES = 20


class ToolBlock(Vertical):
    """Click the summary line to expand the full output and diff."""

    DEFAULT_CSS = """
    ToolBlock { height: auto; margin: 0 0 1 1; padding: 0 1; border-left: outer $primary 50%; }
    ToolBlock.-error { border-left: outer $error; }
    ToolBlock > .summary { height: 1; }
    ToolBlock > .body { height: auto; color: $text-muted; }
    """

    def __init__(self, tool_id: str | None, name: str, args: dict[str, Any] | None) -> None:
        super().__init__()
        self.tool_id = tool_id
        self.tool_name = name
        self.args = args or {}
        self.output = ""
        self.status: str | None = None
        self.is_error = False
        self.metadata: dict[str, Any] = {}
        self.expanded = False
        self._summary = Static(classes="summary")
        self._body = Static(classes="body")

    def compose(self) -> ComposeResult:
        yield self._summary
        yield self._body

    def on_mount(self) -> None:
        self._refresh()

    def append_output(self, text: str) -> None:
        """Live output while the tool runs (bash streams its lines here)."""
        self.output += text
        self._refresh()

    def finish(self, output: str | None, is_error: bool, metadata: dict[str, Any]) -> None:
        """The tool ended: record its result, exit status and diff."""
        self.output = output if output is not None else self.output
        self.is_error = is_error
        self.metadata = dict(metadata)
        self.status = _status(is_error, self.metadata, self.output)
        self.set_class(is_error, "-error")
        self._refresh()

    def on_click(self, event: events.Click) -> None:
        self.toggle()

    def toggle(self) -> None:
        """Show or hide the full output and diff."""
        self.expanded = not self.expanded
        self._refresh()

    def summary_text(self) -> Text:
        line = Text()
        line.append("● " if self.status is None else ("✗ " if self.is_error else "✓ "),
                    style="cyan" if self.status is None else ("red" if self.is_error else "green"))
        line.append(self.tool_name, style="bold")
        subject = subject_of(self.args)
        if subject:
            line.append(f"  {subject}")
        line.append(f"  {self.status}" if self.status else "  running…", style="dim")
        line.truncate(400)
        return line

    def _refresh(self) -> None:
        self._summary.update(self.summary_text())
        body = self._body_renderable()
        self._body.update(body if body is not None else "")
        self._body.display = body is not None

    def _body_renderable(self) -> RenderableType | None:
        parts: list[RenderableType] = []
        diff = self.metadata.get("diff")
        if isinstance(diff, str) and diff.strip():
            lines = diff.splitlines()
            shown = lines if self.expanded else lines[:COLLAPSED_DIFF_LINES]
            parts.append(Syntax("\n".join(shown), "diff", theme="ansi_dark", background_color="default"))
            if len(shown) < len(lines):
                parts.append(Text(f"… {len(lines) - len(shown)} more lines (click to expand)", style="dim"))
        elif self.status is None or self.expanded:
            text = self.output if self.expanded else _tail(self.output)
            if text.strip():
                parts.append(Text(text.rstrip("\n")))
        elif self.is_error and self.output.strip():
            parts.append(Text(shorten(self.output, 200), style="red"))
        return Group(*parts) if parts else None


def _tail(text: str) -> str:
    return "\n".join(text[-4000:].rstrip("\n").splitlines()[-TAIL_LINES:])


def _status(is_error: bool, metadata: dict[str, Any], output: str) -> str:
    details: list[str] = []
    if isinstance(metadata.get("exit_code"), int):
        details.append(f"exit {metadata['exit_code']}")
    if "additions" in metadata or "deletions" in metadata:
        details.append(f"+{metadata.get('additions', 0)} -{metadata.get('deletions', 0)}")
    if not details:
        details.append("failed" if is_error else "done")
    return "  ".join(details)
