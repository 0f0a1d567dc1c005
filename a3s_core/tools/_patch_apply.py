"""Applying parsed hunks to a file's text in memory: offset search, whitespace fallback, diagnostics."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from a3s_core.errors import ToolError
from a3s_core.tools._patch_parse import Hunk

MAX_OFFSET = 100
"""How far (in lines, either way) a hunk's context is searched for from its stated line."""


@dataclass
class Placement:
    """Where a hunk applied when that was not exactly where its header said."""

    path: str
    hunk: int
    line: int
    offset: int
    whitespace: bool
    """True when it only matched after ignoring trailing whitespace."""

    def describe(self) -> str:
        text = f"hunk {self.hunk} of {self.path} applied at line {self.line}"
        notes = [f"offset {self.offset:+d}"] if self.offset else []
        if self.whitespace:
            notes.append("ignoring trailing whitespace")
        return f"{text} ({', '.join(notes)})"

    def as_metadata(self) -> dict[str, object]:
        return {
            "path": self.path, "hunk": self.hunk, "line": self.line,
            "offset": self.offset, "whitespace": self.whitespace,
        }  # fmt: skip


def apply_hunks(text: str, hunks: list[Hunk], shown: str) -> tuple[str, list[Placement]]:
    """Return ``text`` with every hunk applied, and the hunks that applied away from their line.

    Raises:
        ToolError: a hunk's context or removed lines are not in the file near where it says.
    """
    lines, eol = _split(text)
    out: list[str] = []
    floor = 0
    shift = 0
    placements: list[Placement] = []
    for hunk in hunks:
        stated = hunk.old_start if hunk.pure_insertion else hunk.old_start - 1
        expected = min(max(stated + shift, floor), len(lines))
        found = _find(lines, hunk.old_lines, expected, floor)
        if found is None:
            raise ToolError(_failure(lines, hunk, expected, floor, shown))
        pos, whitespace = found
        shift = pos - stated
        if shift or whitespace:
            placements.append(Placement(shown, hunk.number, pos + 1, shift, whitespace))
        out.extend(lines[floor:pos])
        floor = _splice(lines, pos, hunk, out)
        if floor == len(lines):
            eol = not hunk.new_no_eol
    out.extend(lines[floor:])
    return _join(out, eol), placements


def _splice(lines: list[str], pos: int, hunk: Hunk, out: list[str]) -> int:
    """Append the hunk's result to ``out``; context keeps the file's own version of the line."""
    at = pos
    for op, line in hunk.lines:
        if op == " ":
            out.append(lines[at])
        elif op == "+":
            out.append(line)
        if op != "+":
            at += 1
    return at


def _candidates(expected: int, floor: int, last: int) -> list[int]:
    low, high = max(floor, expected - MAX_OFFSET), min(last, expected + MAX_OFFSET)
    return sorted(range(low, high + 1), key=lambda pos: (abs(pos - expected), pos))


def _find(lines: list[str], old: list[str], expected: int, floor: int) -> tuple[int, bool] | None:
    if not old:
        return expected, False
    candidates = _candidates(expected, floor, len(lines) - len(old))
    for pos in candidates:
        if lines[pos : pos + len(old)] == old:
            return pos, False
    loose = [line.rstrip() for line in old]
    for pos in candidates:
        if [line.rstrip() for line in lines[pos : pos + len(old)]] == loose:
            return pos, True
    return None


def _failure(lines: list[str], hunk: Hunk, expected: int, floor: int, shown: str) -> str:
    old = [(op, text) for op, text in hunk.lines if op != "+"]
    head = f"hunk {hunk.number} of {shown} does not apply"
    far = _find_anywhere(lines, [text for _, text in old], floor)
    if far is not None:
        return (
            f"{head} near line {expected + 1}: its lines match at line {far + 1}, more than "
            f"{MAX_OFFSET} lines away. Fix the line numbers in its '@@' header."
        )
    new = [text for op, text in hunk.lines if op != "-"]
    if not hunk.pure_insertion and _find(lines, new, expected, floor) is not None:
        return f"{head}: its result is already in the file near line {expected + 1}; was the patch applied before?"
    pos, matched = _longest_prefix(lines, [text for _, text in old], expected, floor)
    op, missing = old[matched]
    kind = "context line" if op == " " else "line to remove"
    where = pos + matched + 1 if matched else expected + 1
    quoted = f"the {kind} {missing!r} (line {matched + 1} of the hunk)"
    if where > len(lines):
        reason = f"{quoted} should be at line {where}, but the file has only {len(lines)} lines."
    else:
        reason = f"{quoted} was not found near line {where}."
    advice = " Read the file again and rebuild the hunk from its current content."
    return f"{head}: {reason}{_closest(lines, missing, where - 1)}{advice}"


def _find_anywhere(lines: list[str], old: list[str], floor: int) -> int | None:
    for pos in range(floor, len(lines) - len(old) + 1):
        if lines[pos : pos + len(old)] == old:
            return pos
    return None


def _longest_prefix(lines: list[str], old: list[str], expected: int, floor: int) -> tuple[int, int]:
    """The position near ``expected`` where most of the hunk's leading old lines match (loosely)."""
    best, best_count = expected, 0
    for pos in _candidates(expected, floor, len(lines)):
        count = 0
        while count < len(old) and pos + count < len(lines) and lines[pos + count].rstrip() == old[count].rstrip():
            count += 1
        if count > best_count:
            best, best_count = pos, count
    return best, min(best_count, len(old) - 1)


def _closest(lines: list[str], missing: str, near: int) -> str:
    if not missing.strip():
        return ""
    stripped = [line.strip() for line in lines]
    close = difflib.get_close_matches(missing.strip(), stripped, n=1, cutoff=0.6)
    if not close:
        return " No line in the file resembles it."
    number = min((i for i, line in enumerate(stripped) if line == close[0]), key=lambda i: abs(i - near))
    return f" The closest line in the file is {number + 1}: {lines[number].strip()!r}."


def _split(text: str) -> tuple[list[str], bool]:
    if not text:
        return [], True
    lines = text.split("\n")
    eol = lines[-1] == ""
    if eol:
        lines.pop()
    return lines, eol


def _join(lines: list[str], eol: bool) -> str:
    if not lines:
        return ""
    return "\n".join(lines) + ("\n" if eol else "")
