"""Rewrite ``google { enabled = true, weight = 1.5 }`` into a multi-line block.

HCL allows only one attribute in a single-line block and python-hcl2 rejects the comma, but the
seed README's Full example uses exactly this form. Only a line that is one whole block whose body
splits, at top-level commas, into ``key = value`` parts is rewritten; commas inside strings,
lists, maps and function calls are left alone (they are invisible or nested in the mask).
"""

from __future__ import annotations

import re
from itertools import pairwise

from a3s_core.config._source import mask

_BLOCK_LINE = re.compile(r'^(\s*)([A-Za-z_][\w-]*(?:\s+(?:"[^"]*"|[A-Za-z_][\w-]*))*)\s*\{(.*)\}\s*$')
_ATTRIBUTE = re.compile(r"^\s*[A-Za-z_][\w-]*\s*=")


def expand_one_line_blocks(text: str) -> tuple[str, list[int]]:
    """Return the rewritten text and, for each of its lines, the 1-based original line number."""
    masked_lines = mask(text).split("\n")
    lines = text.split("\n")
    out: list[str] = []
    origin: list[int] = []
    for number, (line, masked) in enumerate(zip(lines, masked_lines, strict=True), start=1):
        replacement = _expand(line, masked)
        out.extend(replacement)
        origin.extend([number] * len(replacement))
    return "\n".join(out), origin


def _expand(line: str, masked: str) -> list[str]:
    match = _BLOCK_LINE.match(masked)
    if match is None:
        return [line]
    body_start, body_end = match.start(3), match.end(3)
    commas = _top_level_commas(masked, body_start, body_end)
    if not commas:
        return [line]
    bounds = [body_start, *(c + 1 for c in commas), body_end + 1]
    parts = [line[a : b - 1].strip() for a, b in pairwise(bounds)]
    parts = [p for p in parts if p]
    if not all(_ATTRIBUTE.match(p) for p in parts):
        return [line]
    indent = match.group(1)
    head = line[len(indent) : match.start(3)].rstrip()
    tail = line[match.end(3) :].strip()  # "}" plus any trailing comment
    return [f"{indent}{head}", *(f"{indent}  {p}" for p in parts), f"{indent}{tail}"]


def _top_level_commas(masked: str, start: int, end: int) -> list[int] | None:
    """Positions of depth-0 commas in ``masked[start:end]``; None if the brackets don't balance."""
    depth, commas = 0, []
    for i in range(start, end):
        c = masked[i]
        if c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
            if depth < 0:
                return None
        elif c == "," and depth == 0:
            commas.append(i)
    return commas if depth == 0 else None
