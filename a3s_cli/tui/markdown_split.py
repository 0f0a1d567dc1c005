"""Where streamed Markdown can be cut so that what comes before never changes again."""

from __future__ import annotations

import re

_FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)")


def safe_split(text: str) -> int:
    """Offset of the start of the last line that begins a new top-level block, or 0.

    That is a non-blank, non-indented line after a blank line, outside any fenced code block:
    the text before it renders the same whatever follows.
    """
    position = best = 0
    fence: str | None = None
    previous_blank = False
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if fence is None and previous_blank and body.strip() and body[:1] not in (" ", "\t"):
            best = position
        if fence is not None:
            match = _FENCE.fullmatch(body)
            if match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence) \
                    and not match["info"].strip():
                fence = None
            previous_blank = False
        else:
            match = _FENCE.fullmatch(body)
            if match and not (match["fence"][0] == "`" and "`" in match["info"]):
                fence = match["fence"]
            previous_blank = not body.strip()
        position += len(line)
    return best
