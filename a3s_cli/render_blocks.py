"""Cutting streamed Markdown into blocks that can be rendered once and never again.

A block is complete at a blank line outside a fenced code block, or at the fence that closes
one. A blank line followed by an indented line does not end the block: that line continues a
list item, and rendered alone it would turn into a code block.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)")


class MarkdownBlocks:
    """Feed text deltas in; get complete Markdown blocks out."""

    def __init__(self) -> None:
        self._partial = ""
        self._lines: list[str] = []
        self._fence: str | None = None
        self._blank_seen = False

    @property
    def pending(self) -> bool:
        """True when text is held that no block has returned yet."""
        return bool(self._lines or self._partial)

    def feed(self, text: str) -> list[str]:
        """Add a delta; return the blocks it completed, in order."""
        self._partial += text
        *complete, self._partial = self._partial.split("\n")
        blocks: list[str] = []
        for line in complete:
            block = self._add_line(line.rstrip("\r"))
            if block is not None:
                blocks.append(block)
        if self._blank_seen and self._partial[:1] not in ("", " ", "\t"):
            # The next line has begun and is not indented: the held block is finished.
            block = self._take()
            if block is not None:
                blocks.append(block)
        return blocks

    def flush(self) -> list[str]:
        """Return the blocks still held (the last may be unfinished) and start afresh."""
        blocks: list[str] = []
        if self._partial:
            finished = self._add_line(self._partial)
            blocks.extend([finished] if finished is not None else [])
        last = self._take()
        blocks.extend([last] if last is not None else [])
        self._partial, self._fence, self._blank_seen = "", None, False
        return blocks

    def drop(self) -> None:
        """Forget held text (the model's response restarted)."""
        self._partial, self._lines, self._fence, self._blank_seen = "", [], None, False

    def _add_line(self, line: str) -> str | None:
        if self._fence is not None:
            self._lines.append(line)
            if _closes(line, self._fence):
                self._fence = None
                return self._take()
            return None
        if not line.strip():
            self._blank_seen = bool(self._lines)
            return None
        finished = None
        if self._blank_seen:
            if line[:1] in (" ", "\t"):
                self._lines.append("")
            else:
                finished = self._take()
            self._blank_seen = False
        self._lines.append(line)
        opening = _FENCE.fullmatch(line)
        if opening is not None and not (opening["fence"][0] == "`" and "`" in opening["info"]):
            self._fence = opening["fence"]
        return finished

    def _take(self) -> str | None:
        lines, self._lines = self._lines, []
        self._blank_seen = False
        return "\n".join(lines) if lines else None


def _closes(line: str, fence: str) -> bool:
    match = _FENCE.fullmatch(line)
    return (
        match is not None
        and match["fence"][0] == fence[0]
        and len(match["fence"]) >= len(fence)
        and not match["info"].strip()
    )
