"""Text-level helpers around the HCL parser: masking, one-line-block rewriting, key lines.

python-hcl2 reports no line numbers for values, so the loader finds a key's line itself, on a
"masked" copy of the source in which string contents, comments and heredoc bodies are blanked
(same length, newlines kept): braces and commas left in the mask are real syntax.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEREDOC = re.compile(r"<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n")
_OPENERS = "{[("
_CLOSERS = "}])"


def mask(text: str) -> str:
    """Return ``text`` with string contents, comments and heredoc bodies replaced by spaces."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            end = _string_end(text, i + 1)
            _blank(out, text, i + 1, end)
            i = end + 1
        elif c == "#" or text.startswith("//", i):
            i = _blank(out, text, i, _line_end(text, i))
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = _blank(out, text, i, n if end < 0 else end + 2)
        elif (m := _HEREDOC.match(text, i)) is not None:
            i = _blank(out, text, m.end(), _heredoc_end(text, m.end(), m.group(1)))
        else:
            i += 1
    return "".join(out)


def _blank(out: list[str], text: str, start: int, end: int) -> int:
    for k in range(start, end):
        if text[k] != "\n":
            out[k] = " "
    return end


def _line_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def _heredoc_end(text: str, start: int, marker: str) -> int:
    found = re.compile(rf"^[ \t]*{re.escape(marker)}[ \t]*$", re.M).search(text, start)
    return found.start() if found else len(text)


def _string_end(text: str, i: int) -> int:
    """Index of the closing quote of a string whose body starts at ``i`` (or end of line)."""
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
        elif c == '"' or c == "\n":
            return i
        elif text.startswith("${", i) or text.startswith("%{", i):
            i = interpolation_end(text, i + 2)
        else:
            i += 1
    return n


def interpolation_end(text: str, i: int) -> int:
    """Index just past the ``}`` closing an interpolation whose body starts at ``i``."""
    depth, n = 1, len(text)
    while i < n and depth:
        c = text[i]
        if c == '"':
            i = _string_end(text, i + 1)
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "\n":
            return i
        i += 1
    return i


def line_depths(masked: str) -> list[int]:
    """Bracket depth at the start of each line of a masked text."""
    depths, depth = [], 0
    for line in masked.split("\n"):
        depths.append(depth)
        for c in line:
            if c in _OPENERS:
                depth += 1
            elif c in _CLOSERS:
                depth = max(0, depth - 1)
    return depths


class KeyLocator:
    """Finds the line of a key path such as ``[("providers", 1), ("api_key", None)]``."""

    def __init__(self, text: str) -> None:
        self._lines = mask(text).split("\n")
        self._depths = line_depths("\n".join(self._lines))

    def line_of(self, path: Sequence[tuple[str, int | None]]) -> int | None:
        """1-based line of the deepest part of ``path`` that can be found, or None.

        An index selects the n-th repeated block; None selects the last occurrence (the one
        the parser keeps).
        """
        start, end, depth, found = 0, len(self._lines), 0, None
        for key, index in path:
            pattern = re.compile(rf'^\s*"?{re.escape(key)}"?(?=[\s={{:"]|$)')
            hits = [
                i for i in range(start, end)
                if self._depths[i] == depth and pattern.match(self._lines[i])
            ]
            if not hits:
                break
            pick = hits[-1] if index is None else (hits[index] if index < len(hits) else None)
            if pick is None:
                break
            found = pick
            start, end = pick + 1, self._block_end(pick, end)
            depth += 1
        return None if found is None else found + 1

    def _block_end(self, line: int, limit: int) -> int:
        depth = self._depths[line]
        for i in range(line + 1, limit):
            if self._depths[i] <= depth:
                return i
        return limit
