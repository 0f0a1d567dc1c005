"""Renderers for the one-shot CLI: the event stream turned into terminal text or JSON lines.

``TerminalRenderer``: the answer goes to stdout, everything else to stderr.

* stdout on a terminal: streamed Markdown, each block rendered with rich once it is complete
  (see :mod:`a3s_cli.render_blocks`); stdout elsewhere: the model's text exactly as it streams,
  with a newline between separate assistant messages and at the end.
* stderr: tool starts and ends, permission denials (yellow), errors (red), retries (dim); live
  bash output and colours only when stderr is a terminal; reasoning and token usage only when
  verbose.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from a3s_cli.render_blocks import MarkdownBlocks
from a3s_cli.render_tools import denied_line, end_line, start_line, style, usage_line
from a3s_core.events import AgentEvent

OUTPUT_INDENT = "    "


NOTICES = {
    "compacted": "⇲ context",
    "task_retry": "↻ task retry:",
    "dead_letter": "✗ dead letter:",
    "task_timeout": "⏱ task timed out:",
    "external_task_pending": "→ sent to an external worker:",
    "message_injected": "↳ joined the turn:",
}


class TerminalRenderer:
    """Prints an AgentEvent stream for a person (or a pipe) to read."""

    def __init__(
        self,
        out: TextIO,
        err: TextIO,
        *,
        out_is_tty: bool,
        err_is_tty: bool,
        verbose: bool = False,
        width: int | None = None,
    ) -> None:
        self.out = out
        self.err = err
        self.out_is_tty = out_is_tty
        self.err_is_tty = err_is_tty
        self.verbose = verbose
        self.width = width
        self._blocks = MarkdownBlocks()
        self._console: Any = None
        self._out_blocks = 0
        self._out_at_line_start = True
        self._out_wrote = False
        self._message_open = False
        self._err_at_line_start = True
        self._last_stream: str | None = None
        """"out" or "err": which stream was written last, to space them apart on one terminal."""

    def handle(self, event: AgentEvent) -> None:
        """Render one event."""
        kind = event.event_type
        if kind == "text_delta":
            self._end_err_line()
            self._text(event.text)
            return
        if kind == "reasoning_delta":
            if self.verbose and event.text:
                self._err_write(style(event.text, "dim", self.err_is_tty), event.text.endswith("\n"))
            return
        if kind == "tool_output_delta":
            self._tool_output(event.text or event.output or "")
            return
        if kind == "retry":
            # The response restarts from its first token: what is still held would repeat.
            self._blocks.drop()
        self._end_message()
        if kind == "tool_start":
            self._err_line(start_line(event, self.err_is_tty))
        elif kind == "tool_end":
            self._err_line(end_line(event, self.err_is_tty))
        elif kind == "permission_denied":
            self._err_line(denied_line(event, self.err_is_tty))
        elif kind == "error":
            self._err_line(style(f"✗ error: {event.text}", "red", self.err_is_tty))
        elif kind == "retry":
            self._err_line(style(f"↻ {event.text}", "dim", self.err_is_tty))
        elif kind in NOTICES:
            self._err_line(style(f"{NOTICES[kind]} {event.text}", "dim", self.err_is_tty))
        elif kind == "turn_start" and event.metadata.get("scheduled"):
            self._err_line(style(f"⏰ scheduled ({event.metadata.get('task_id')}): {event.text}", "cyan", self.err_is_tty))
        elif kind == "end" and self.verbose and event.usage:
            self._err_line(style(usage_line(event.usage), "dim", self.err_is_tty))

    def pause(self) -> None:
        """Bring both streams to the start of a line (before a prompt is shown)."""
        self._end_message()
        self._end_err_line()
        self.err.flush()

    def finish(self) -> None:
        """Print what is still held and end the output with a newline."""
        self._end_message()
        self._end_err_line()
        self.out.flush()
        self.err.flush()

    def _text(self, text: str) -> None:
        if not text:
            return
        self._message_open = True
        if not self.out_is_tty:
            self.out.write(text)
            self.out.flush()
            self._out_wrote = True
            self._out_at_line_start = text.endswith("\n")
            return
        for block in self._blocks.feed(text):
            self._render(block)

    def _end_message(self) -> None:
        """The assistant message (if any) is over: flush held Markdown or end the raw line."""
        if not self._message_open:
            return
        self._message_open = False
        if self.out_is_tty:
            for block in self._blocks.flush():
                self._render(block)
        elif self._out_wrote and not self._out_at_line_start:
            self.out.write("\n")
            self.out.flush()
            self._out_at_line_start = True

    def _render(self, block: str) -> None:
        """Print one block, separated from the one before by exactly one blank line."""
        console = self._console or self._make_console()
        from rich.markdown import Markdown

        with console.capture() as captured:
            console.print(Markdown(block))
        lines = captured.get().splitlines()
        # rich opens lists, quotes and tables with an empty line and may end with one.
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            return
        if self._out_blocks or (self._last_stream == "err" and self.err_is_tty):
            self.out.write("\n")
        self.out.write("\n".join(lines) + "\n")
        self._out_blocks += 1
        self._last_stream = "out"
        self.out.flush()

    def _make_console(self) -> Any:
        from rich.console import Console

        self._console = Console(file=self.out, width=self.width, force_terminal=True, highlight=False, emoji=False)
        return self._console

    def _tool_output(self, text: str) -> None:
        if not self.err_is_tty or not text:
            return
        pieces: list[str] = []
        for line in text.splitlines(keepends=True):
            if self._err_at_line_start:
                pieces.append(OUTPUT_INDENT)
            pieces.append(style(line.rstrip("\n"), "dim", True) + ("\n" if line.endswith("\n") else ""))
            self._err_at_line_start = line.endswith("\n")
        self._err_write("".join(pieces), self._err_at_line_start)

    def _err_write(self, text: str, ends_line: bool) -> None:
        if self._last_stream == "out" and self.out_is_tty and self.err_is_tty:
            text = "\n" + text
        self._last_stream = "err"
        self.err.write(text)
        self.err.flush()
        self._err_at_line_start = ends_line

    def _err_line(self, line: str) -> None:
        self._end_err_line()
        self._err_write(line + "\n", True)

    def _end_err_line(self) -> None:
        if not self._err_at_line_start:
            self._err_write("\n", True)


class JsonLinesRenderer:
    """``--output-format stream-json``: one JSON object per event, flushed line by line."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def handle(self, event: AgentEvent) -> None:
        """Write the event as one JSON line."""
        self.out.write(json.dumps(event.to_dict(), ensure_ascii=False, default=str) + "\n")
        self.out.flush()

    def finish(self) -> None:
        """Nothing is held back; flush for good measure."""
        self.out.flush()
