"""Parsing unified diffs (``git diff`` / ``diff -u``) into files and hunks, with line-numbered errors.

Our own parser rather than ``unidiff``: unidiff reports malformed input without line numbers and
silently drops lines after a miscounted hunk, and the model needs both to fix its patch.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Literal, NoReturn

from a3s_core.errors import ToolArgumentError, ToolError

DEV_NULL = "/dev/null"
HUNK_HEADER_PREFIX = "@@ "
HUNK_HEADER = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_GIT_HEADERS = (
    "index ", "old mode ", "new mode ", "new file mode ", "deleted file mode ", "similarity index ",
    "dissimilarity index ", "rename from ", "rename to ", "copy from ", "copy to ",
)  # fmt: skip

Op = Literal[" ", "-", "+"]


@dataclass
class Hunk:
    """One ``@@`` section: the stated old start line and its lines as (op, text) pairs."""

    number: int
    old_start: int
    lines: list[tuple[Op, str]] = field(default_factory=list)
    old_no_eol: bool = False
    """The old side's last line had no newline ("\\ No newline at end of file")."""
    new_no_eol: bool = False

    @property
    def old_lines(self) -> list[str]:
        return [text for op, text in self.lines if op != "+"]

    @property
    def pure_insertion(self) -> bool:
        return all(op == "+" for op, _ in self.lines)


@dataclass
class FilePatch:
    """The change to one file. ``old``/``new`` are None for creation/deletion."""

    old: str | None
    new: str | None
    hunks: list[Hunk] = field(default_factory=list)
    rename: bool = False
    """git said "rename from/to"; otherwise differing old and new names are two names for one file."""

    @property
    def paths(self) -> list[str]:
        """The paths touched, old first, without duplicates."""
        return list(dict.fromkeys(path for path in (self.old, self.new) if path is not None))


def parse_patch(text: str, strip: int | None) -> list[FilePatch]:
    """Parse ``text`` into file patches; ``strip`` path components (None: strip a/ and b/ prefixes).

    Raises:
        ToolArgumentError: the patch is malformed; the message names the patch line.
        ToolError: the patch changes a binary file.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    parser = _Parser(lines, strip)
    files = parser.parse()
    if not files:
        raise ToolArgumentError(
            "the patch contains no file changes: expected a unified diff with '--- a/path' and "
            "'+++ b/path' lines followed by '@@ -a,b +c,d @@' hunks"
        )
    return files


class _Parser:
    def __init__(self, lines: list[str], strip: int | None) -> None:
        self.lines = lines
        self.strip = strip
        self.at = 0
        self.files: list[FilePatch] = []
        self.git: dict[str, str] = {}
        """Headers of the current ``diff --git`` block that matter without ---/+++ lines."""

    def parse(self) -> list[FilePatch]:
        while self.at < len(self.lines):
            line = self.lines[self.at]
            if line.startswith("diff --git "):
                self._flush_git_block()
                self.git = {"diff": line}
            elif line.startswith(("GIT binary patch", "Binary files ")):
                raise ToolError(f"line {self.at + 1} of the patch changes a binary file; patch only changes text files")
            elif line.startswith("--- "):
                self._file_section()
                self.git = {}
                continue
            elif line.startswith(HUNK_HEADER_PREFIX):
                self._fail("expected '--- a/path' and '+++ b/path' lines before the first hunk header", line)
            elif self.git:
                self._git_header(line)
            self.at += 1
        self._flush_git_block()
        return self.files

    def _git_header(self, line: str) -> None:
        for key in ("rename from ", "rename to ", "new file mode ", "deleted file mode "):
            if line.startswith(key):
                self.git[key.strip()] = _unquote(line[len(key) :])
        if not line.startswith(_GIT_HEADERS) and line.strip():
            self._fail("expected a git header line or '--- a/path'", line)

    def _flush_git_block(self) -> None:
        """A git block without ---/+++ lines: a pure rename or an empty file created or deleted."""
        git, self.git = self.git, {}
        if "rename from" in git and "rename to" in git:
            self.files.append(FilePatch(git["rename from"], git["rename to"], rename=True))
        elif "new file mode" in git or "deleted file mode" in git:
            path = _git_diff_path(git["diff"])
            if path is None:
                return
            path = _strip_prefix(path, "b/") if self.strip is None else self._strip_path(path, git["diff"])
            created = "new file mode" in git
            self.files.append(FilePatch(None if created else path, path if created else None))

    def _file_section(self) -> None:
        old_raw = self.lines[self.at][4:]
        self.at += 1
        if self.at >= len(self.lines) or not self.lines[self.at].startswith("+++ "):
            self._fail(f"expected '+++ b/path' after '--- {old_raw}'", self._current())
        new_raw = self.lines[self.at][4:]
        self.at += 1
        patch = FilePatch(*self._paths(old_raw, new_raw), rename="rename from" in self.git)
        if patch.old is None and patch.new is None:
            self._fail("both sides are /dev/null", f"+++ {new_raw}", self.at - 1)
        while self.at < len(self.lines) and self.lines[self.at].startswith("@@"):
            patch.hunks.append(self._hunk(len(patch.hunks) + 1))
            self._skip_blank()
        if not patch.hunks:
            self._fail("expected a hunk header '@@ -a,b +c,d @@'", self._current())
        self.files.append(patch)

    def _hunk(self, number: int) -> Hunk:
        header = self.lines[self.at]
        match = HUNK_HEADER.match(header)
        if match is None:
            self._fail("expected a hunk header '@@ -a,b +c,d @@'", header)
        counts = (int(match.group(2) or 1), int(match.group(4) or 1))
        hunk = Hunk(number, int(match.group(1)))
        self.at += 1
        while self.at < len(self.lines) and not self._hunk_ends():
            line = self.lines[self.at]
            if line.startswith("\\"):
                self._no_newline(hunk, line)
            else:
                op: Op = line[0] if line else " "  # type: ignore[assignment]
                hunk.lines.append((op, line[1:]))
            self.at += 1
        self._drop_trailing_blanks(hunk, counts)
        if not hunk.lines:
            self._fail("expected at least one ' ', '-' or '+' line after the hunk header", self._current())
        return hunk

    def _hunk_ends(self) -> bool:
        line = self.lines[self.at]
        if line.startswith(("@@", "diff --git ")):
            return True
        if line.startswith("--- ") and self.at + 1 < len(self.lines) and self.lines[self.at + 1].startswith("+++ "):
            return True
        if line == "" or line[0] in " -+\\":
            return False
        self._fail("expected a hunk line starting with ' ', '-' or '+' (or a new '@@' hunk header)", line)

    def _no_newline(self, hunk: Hunk, line: str) -> None:
        if not hunk.lines:
            self._fail("'\\ No newline at end of file' must follow a hunk line", line)
        op = hunk.lines[-1][0]
        hunk.old_no_eol = hunk.old_no_eol or op in " -"
        hunk.new_no_eol = hunk.new_no_eol or op in " +"

    def _drop_trailing_blanks(self, hunk: Hunk, counts: tuple[int, int]) -> None:
        """Empty patch lines ending a hunk are separators, unless the header counts them as context."""
        blanks = 0
        while blanks < len(hunk.lines) and hunk.lines[-1 - blanks] == (" ", ""):
            if self.lines[self.at - 1 - blanks] != "":
                break
            blanks += 1
        for keep in range(blanks, -1, -1):
            body = hunk.lines[: len(hunk.lines) - blanks + keep]
            if keep == 0 or _counts(body) == counts:
                hunk.lines = body
                return

    def _skip_blank(self) -> None:
        while self.at < len(self.lines) and self.lines[self.at].strip() == "":
            self.at += 1

    def _paths(self, old_raw: str, new_raw: str) -> tuple[str | None, str | None]:
        old, new = _header_path(old_raw), _header_path(new_raw)
        if self.strip is None:
            prefixed = (old is None or old.startswith("a/")) and (new is None or new.startswith("b/"))
            if prefixed:
                old = None if old is None else old[2:]
                new = None if new is None else new[2:]
            return old, new
        return (
            None if old is None else self._strip_path(old, f"--- {old_raw}"),
            None if new is None else self._strip_path(new, f"+++ {new_raw}"),
        )

    def _strip_path(self, path: str, line: str) -> str:
        if not self.strip:
            return path
        parts = path.split("/")
        if len(parts) <= self.strip:
            raise ToolArgumentError(f"strip={self.strip} removes the whole path from {line!r}")
        return "/".join(parts[self.strip :])

    def _current(self) -> str:
        return self.lines[self.at] if self.at < len(self.lines) else "the end of the patch"

    def _fail(self, expected: str, got: str, at: int | None = None) -> NoReturn:
        number = (self.at if at is None else at) + 1
        shown = got if got == "the end of the patch" else repr(got)
        raise ToolArgumentError(f"line {number} of the patch: {expected}, got {shown}")



def _counts(lines: list[tuple[Op, str]]) -> tuple[int, int]:
    return sum(op != "+" for op, _ in lines), sum(op != "-" for op, _ in lines)


def _header_path(raw: str) -> str | None:
    """The path of a ---/+++ line: without a trailing timestamp, unquoted; None for /dev/null."""
    path = raw.split("\t", 1)[0].rstrip() if not raw.startswith('"') else raw
    path = _unquote(path)
    return None if path == DEV_NULL else path


def _unquote(raw: str) -> str:
    """Undo git's C-style quoting of paths with unusual characters."""
    raw = raw.strip()
    if len(raw) >= 2 and raw.startswith('"'):
        end = raw.rfind('"')
        body = raw[1:end] if end > 0 else raw[1:]
        return codecs.escape_decode(body.encode("utf-8"))[0].decode("utf-8", errors="replace")
    return raw


def _strip_prefix(path: str, prefix: str) -> str:
    return path[len(prefix) :] if path.startswith(prefix) else path


def _git_diff_path(line: str) -> str | None:
    """The new path of ``diff --git a/X b/X`` when both halves agree (they do unless renamed)."""
    rest = line[len("diff --git ") :]
    half = (len(rest) - 1) // 2
    old, new = rest[:half], rest[half + 1 :]
    if rest[half : half + 1] == " " and old[2:] == new[2:]:
        return new
    return None
