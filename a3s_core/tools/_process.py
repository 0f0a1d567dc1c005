"""Process-group handling for the bash tool: kill everything a command started."""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import os
import signal
from collections.abc import Callable

KILL_GRACE = 2.0
"""Seconds between SIGTERM and SIGKILL."""


def signal_group(pgid: int, sig: int) -> None:
    """Send ``sig`` to the process group ``pgid``; a group that is already gone is fine."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


async def terminate_group(proc: asyncio.subprocess.Process, grace: float = KILL_GRACE) -> None:
    """SIGTERM the process group led by ``proc``, wait up to ``grace`` s, then SIGKILL what is left.

    SIGKILL is sent even when this coroutine is itself cancelled while waiting.
    """
    signal_group(proc.pid, signal.SIGTERM)
    try:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(proc.wait()), grace)
    finally:
        signal_group(proc.pid, signal.SIGKILL)


class OutputBuffer:
    """Keeps the head and the tail of a stream of text, counting what falls in between."""

    def __init__(self, head: int, tail: int) -> None:
        self._head_limit = head
        self._tail_limit = tail
        self._head: list[str] = []
        self._head_size = 0
        self._tail = ""
        self.total = 0
        """Characters received."""

    def append(self, text: str) -> None:
        """Add received text."""
        self.total += len(text)
        room = self._head_limit - self._head_size
        if room > 0:
            self._head.append(text[:room])
            self._head_size += min(room, len(text))
            text = text[room:]
        if text:
            self._tail += text
            if len(self._tail) > 2 * self._tail_limit:
                self._tail = self._tail[-self._tail_limit :]

    @property
    def omitted(self) -> int:
        """Characters dropped between head and tail."""
        return max(0, self.total - self._head_size - min(len(self._tail), self._tail_limit))

    def text(self) -> str:
        """Head and tail, with a note of how much was cut between them."""
        head = "".join(self._head)
        tail = self._tail[-self._tail_limit :] if self._tail else ""
        if self.omitted:
            return f"{head}\n\n... [{self.omitted} characters of output omitted] ...\n\n{tail}"
        return head + tail


async def pump(stream: asyncio.StreamReader, buffer: OutputBuffer, on_output: Callable[[str], None]) -> None:
    """Copy ``stream`` into ``buffer`` until EOF, decoding UTF-8 incrementally and calling ``on_output``."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    while chunk := await stream.read(65536):
        text = decoder.decode(chunk)
        if text:
            buffer.append(text)
            on_output(text)
    text = decoder.decode(b"", final=True)
    if text:
        buffer.append(text)
        on_output(text)
