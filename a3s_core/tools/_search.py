"""grep's two search engines, ripgrep and pure Python, producing the same ``SearchHits``."""

from __future__ import annotations

import codecs
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from a3s_core.errors import ToolArgumentError
from a3s_core.tools._rg import run_rg
from a3s_core.tools._walk import WalkFilter, walk_files

Mode = Literal["content", "files_with_matches", "count"]


@dataclass(frozen=True)
class GrepQuery:
    """One search. ``root`` is a directory, or a file searched on its own."""

    pattern: str
    root: Path
    mode: Mode = "files_with_matches"
    globs: tuple[str, ...] = ()
    type_globs: tuple[str, ...] = ()
    case_insensitive: bool = False
    context: int = 0

    @property
    def directory(self) -> Path:
        """Where result paths are relative to."""
        return self.root if self.root.is_dir() else self.root.parent


@dataclass
class FileHits:
    """Matches in one file; in content mode, ``rows()`` gives (line number, text, is_match).

    rg's hits arrive as ``raw`` records and are parsed only when the file is shown: a broad search
    can return a hundred thousand lines, of which the tool shows a few hundred.
    """

    path: str
    count: int = 0
    lines: list[tuple[int, str, bool]] = field(default_factory=list)
    raw: str = ""
    """Unparsed ``rg --null --line-number`` records of this file; ``rows()`` moves them to ``lines``."""
    raw_lines: int = 0
    """How many records ``raw`` holds."""
    raw_breaks: int = 0
    """How many "--" lines rg put between non-adjacent groups inside ``raw``."""

    def rows(self) -> list[tuple[int, str, bool]]:
        """The (line number, text, is_match) rows, parsing ``raw`` on first use."""
        if self.raw:
            self.lines += [(int(n), text, sep == ":") for _, n, sep, text in _RECORD.findall(self.raw)]
            self.raw = ""
        return self.lines

    def output_lines(self, context: int) -> int:
        """Lines this file adds to content output: its rows, and with context a "--" between groups."""
        if self.raw:
            return self.raw_lines + (self.raw_breaks if context else 0)
        if not context:
            return len(self.lines)
        return len(self.lines) + sum(b[0] != a[0] + 1 for a, b in itertools.pairwise(self.lines))


@dataclass
class SearchHits:
    """Matching files sorted by path; ``complete`` is False when the engine's output was cut."""

    files: list[FileHits]
    complete: bool = True


async def search_rg(rg: str, query: GrepQuery, timeout: float) -> SearchHits:
    """Run the query with ripgrep."""
    args = ["--ignore-case"] if query.case_insensitive else []
    for glob in query.globs:
        args += ["--glob", glob]
    if query.type_globs:
        for glob in query.type_globs:
            args += ["--type-add", f"a3s:{glob}"]
        args += ["--type", "a3s"]
    if query.mode == "files_with_matches":
        args += ["--files-with-matches", "--null"]
    elif query.mode == "count":
        args += ["--count", "--with-filename", "--null"]
    else:
        args += ["--line-number", "--with-filename", "--null", "--context", str(query.context)]
    args += ["--regexp", query.pattern]
    if not query.root.is_dir():
        args.append(f"./{query.root.name}")
    out = await run_rg(rg, args, query.directory, timeout)
    text = out.stdout.decode("utf-8", "replace")
    if query.mode == "files_with_matches":
        files = [FileHits(path=_clean(p)) for p in text.split("\0") if p]
    elif query.mode == "count":
        files = _parse_counts(text)
    else:
        files = _parse_lines(text, query.context)
    return SearchHits(files=sorted(files, key=lambda f: f.path), complete=out.complete)


def _clean(path: str) -> str:
    return path.removeprefix("./")


def _parse_counts(text: str) -> list[FileHits]:
    files: list[FileHits] = []
    for line in text.splitlines():
        path, _, count = line.rpartition("\0")
        if path:
            files.append(FileHits(path=_clean(path), count=int(count)))
    return files


_RECORD = re.compile(r"(?:--\n)*([^\0]*)\0(\d+)([:-])([^\n]*)\n")
"""One line of ``rg --null --line-number``: path NUL number, ":" (match) or "-" (context), text.
"--" lines between context groups are skipped (the tool draws its own). The path may hold a
newline, so records are read one after another rather than line by line; a record cut off at the
read limit has no final newline and is dropped."""
_FILE = re.compile(r"(?:--\n)*(([^\0]*)\0[^\n]*\n(?:(?:--\n)*\2\0[^\n]*\n)*)")
"""All consecutive records of one file (rg prints each file's lines together)."""
_MATCH = re.compile(r"\0\d+:")


def _parse_lines(text: str, context: int) -> list[FileHits]:
    by_path: dict[str, FileHits] = {}
    for raw, path in _FILE.findall(text):
        records = raw.count("\0")
        count = len(_MATCH.findall(raw)) if context else records
        path = _clean(path)
        hits = by_path.get(path)
        if hits is None:
            by_path[path] = FileHits(path, count, raw=raw, raw_lines=records, raw_breaks=raw.count("\n--\n"))
        else:  # not seen from rg 14, which prints a file's lines in one piece
            hits.rows()
            hits.lines += FileHits(path, raw=raw).rows()
            hits.count += count
    return list(by_path.values())


def search_python(query: GrepQuery) -> SearchHits:
    """Run the query with ``re`` over a ripgrep-compatible walk (used when rg is missing).

    Raises:
        ToolArgumentError: the pattern is not a valid regular expression.
    """
    try:
        regex = re.compile(query.pattern, re.IGNORECASE if query.case_insensitive else 0)
    except re.error as exc:
        raise ToolArgumentError(f"Invalid search argument: regex parse error: {exc}") from None
    if query.root.is_dir():
        names = walk_files(query.root, WalkFilter(globs=query.globs, type_globs=query.type_globs))
    else:
        names = iter([query.root.name])
    files: list[FileHits] = []
    for name in names:
        hits = _search_file(query.directory / name, name, regex, query)
        if hits is not None:
            files.append(hits)
    return SearchHits(files=sorted(files, key=lambda f: f.path))


def _search_file(path: Path, name: str, regex: re.Pattern[str], query: GrepQuery) -> FileHits | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    lines = _decode(data)
    if lines is None:
        return None
    matched = [i for i, line in enumerate(lines) if regex.search(line)]
    if not matched:
        return None
    hits = FileHits(path=name, count=len(matched))
    if query.mode == "content":
        wanted = set(matched)
        shown: set[int] = set()
        for i in matched:
            shown.update(range(max(0, i - query.context), min(len(lines), i + query.context + 1)))
        hits.lines = [(i + 1, lines[i], i in wanted) for i in sorted(shown)]
    return hits


def _decode(data: bytes) -> list[str] | None:
    """Lines as ripgrep sees them: BOMs honoured, binary (NUL bytes) skipped."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", "replace")
    elif b"\0" in data:
        return None
    else:
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8", "replace")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines
