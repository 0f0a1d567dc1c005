"""A small Server-Sent Events parser (the WHATWG event-stream rules the LLM APIs follow).

Lines are ``field: value``; ``data`` lines accumulate (joined by newlines), ``event`` names the
event, lines starting with ``:`` are comments, and a blank line dispatches the event.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass


@dataclass
class SSEEvent:
    """One dispatched event: its name (``message`` when unnamed) and its data text."""

    event: str
    data: str


class SSEParser:
    """Feeds lines in, returns events when a blank line dispatches them."""

    def __init__(self) -> None:
        self._event = ""
        self._data: list[str] = []

    def feed(self, line: str) -> SSEEvent | None:
        """Consume one line (without its line ending); return the event a blank line completes."""
        line = line.rstrip("\r\n")
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        return None  # "id", "retry" and unknown fields do not matter here

    def flush(self) -> SSEEvent | None:
        """Dispatch whatever is pending when the stream ends without a final blank line."""
        return self._dispatch()

    def _dispatch(self) -> SSEEvent | None:
        if not self._data:
            self._event = ""
            return None
        event = SSEEvent(self._event or "message", "\n".join(self._data))
        self._event = ""
        self._data = []
        return event


async def aiter_sse(lines: AsyncIterable[str]) -> AsyncIterator[SSEEvent]:
    """Parse an async stream of text lines (e.g. ``response.aiter_lines()``) into events."""
    parser = SSEParser()
    async for line in lines:
        # aiter_lines splits on \r, \n and \r\n, but be safe if a chunk holds several lines.
        for part in line.splitlines() or [""]:
            event = parser.feed(part)
            if event is not None:
                yield event
    last = parser.flush()
    if last is not None:
        yield last
