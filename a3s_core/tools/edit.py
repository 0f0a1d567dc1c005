"""The edit tool: replace an exact piece of text in a file."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from a3s_core.errors import ToolArgumentError, ToolError
from a3s_core.protocols import Lane
from a3s_core.tools import _args
from a3s_core.tools._files import TextFile, atomic_write, load_text_file, unified_diff
from a3s_core.tools.base import ToolContext, ToolResult
from a3s_core.tools.paths import display_path, resolve_path

SNIPPET_CONTEXT = 3
MAX_SNIPPET_LINES = 30

DESCRIPTION = """Replace exact text in an existing file.

old_string must match the file exactly (indentation, tabs and spaces included) and, unless \
replace_all is true, exactly once; include enough surrounding lines to make it unique. Do not \
include the line-number prefixes shown by read. The file's line endings (LF or CRLF) and encoding \
are kept. Use write to create a new file."""


class EditTool:
    """Replaces one (or every) exact occurrence of ``old_string`` with ``new_string``."""

    name = "edit"
    description = DESCRIPTION
    lane: Lane = "execute"
    input_schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "file_path": {
                "type": "string",
                "description": "Path of the file to change, relative to the workspace or absolute.",
            },
            "old_string": {"type": "string", "description": "The exact text to replace."},
            "new_string": {"type": "string", "description": "The text to put in its place."},
            "replace_all": {
                "type": "boolean",
                "description": "Replace every occurrence instead of requiring a unique match (default false).",
            },
        },
        "required": ["file_path", "old_string", "new_string"],
    }

    def permission_subject(self, args: dict[str, Any]) -> str:
        """The path as given."""
        return str(args.get("file_path") or args.get("path") or "")

    async def preview(self, args: dict[str, Any], ctx: ToolContext) -> dict[str, Any]:
        """The diff this call would make, for a confirmation prompt; writes nothing."""
        plan = self._plan(args, ctx)
        return {"path": plan.shown, **unified_diff(plan.file.text, plan.updated, plan.shown).as_metadata()}

    async def run(self, args: dict[str, Any], ctx: ToolContext) -> ToolResult:
        """Apply the replacement and report the diff."""
        plan = self._plan(args, ctx)
        file = plan.file
        try:
            data = file.encode(plan.updated)
        except UnicodeEncodeError:
            file = TextFile(text=file.text, encoding="utf-8", newline=file.newline)
            data = file.encode(plan.updated)
        try:
            atomic_write(plan.path, data)
        except OSError as exc:
            raise ToolError(f"Cannot write {plan.raw}: {exc.strerror or exc}") from None
        diff = unified_diff(file.text, plan.updated, plan.shown)
        times = f"{plan.count} occurrences" if plan.count > 1 else "1 occurrence"
        summary = f"Edited {plan.shown}: replaced {times} (+{diff.additions} -{diff.deletions} lines)"
        snippet = _snippet(plan.updated, plan.first, len(plan.new))
        return ToolResult(
            output=f"{summary}\n{snippet}",
            metadata={"path": plan.shown, "replacements": plan.count, **diff.as_metadata()},
        )

    def _plan(self, args: dict[str, Any], ctx: ToolContext) -> _EditPlan:
        raw = _args.require_str(args, "file_path", "the path of the file to edit", aliases=("path",))
        old = _args.require_text(args, "old_string", "the exact text to replace")
        new = _args.require_text(args, "new_string", "the replacement text")
        replace_all = _args.optional_bool(args, "replace_all", False)
        if not old:
            raise ToolArgumentError("old_string must not be empty; use write to create or replace a whole file")
        if old == new:
            raise ToolArgumentError("old_string and new_string are identical; there is nothing to change")
        path = resolve_path(raw, ctx, self.name)
        shown = display_path(path, ctx.workspace)
        file = _load(raw, path)
        if file.newline == "\r\n":
            old, new = old.replace("\r\n", "\n"), new.replace("\r\n", "\n")
        count = _check_matches(file.text, old, replace_all, shown)
        updated = file.text.replace(old, new) if replace_all else file.text.replace(old, new, 1)
        return _EditPlan(raw, path, shown, file, updated, count, file.text.index(old), new)


@dataclass
class _EditPlan:
    raw: str
    path: Path
    shown: str
    file: TextFile
    updated: str
    count: int
    first: int
    new: str


def _load(raw: str, path: Path) -> TextFile:
    return load_text_file(raw, path, tool="edit", create_hint="To create a new file, use write.")


def _check_matches(text: str, old: str, replace_all: bool, shown: str) -> int:
    count = text.count(old)
    if count == 0:
        raise ToolError(_no_match_message(text, old, shown))
    if count > 1 and not replace_all:
        lines = ", ".join(str(n) for n in _match_lines(text, old)[:20])
        raise ToolError(
            f"old_string matches {count} times (lines {lines}); add surrounding context to make it "
            "unique or set replace_all=true"
        )
    return count


def _match_lines(text: str, old: str) -> list[int]:
    lines: list[int] = []
    start = text.find(old)
    while start != -1:
        lines.append(text.count("\n", 0, start) + 1)
        start = text.find(old, start + len(old))
    return lines


def _no_match_message(text: str, old: str, shown: str) -> str:
    message = f"old_string was not found in {shown}."
    words = old.split()
    if words:
        loose = re.compile(r"\s+".join(re.escape(word) for word in words))
        starts = [text.count("\n", 0, m.start()) + 1 for m in loose.finditer(text)]
        if starts:
            lines = ", ".join(str(n) for n in starts[:10])
            return (
                f"{message} It does match if whitespace is ignored, at line(s) {lines}: read those "
                "lines and copy their indentation and spacing exactly."
            )
    first = next((line for line in old.split("\n") if line.strip()), "")
    file_lines = text.split("\n")
    close = difflib.get_close_matches(first.strip(), [line.strip() for line in file_lines], n=1, cutoff=0.6)
    if close:
        number = [line.strip() for line in file_lines].index(close[0]) + 1
        message += f" The most similar line is {number}: {file_lines[number - 1].strip()!r}."
    return message + " Read the file again and copy the text exactly."


def _snippet(text: str, start: int, length: int) -> str:
    lines = text.split("\n")
    first = text.count("\n", 0, start)
    last = text.count("\n", 0, start + length)
    low = max(0, first - SNIPPET_CONTEXT)
    high = min(len(lines), last + SNIPPET_CONTEXT + 1, low + MAX_SNIPPET_LINES)
    return "\n".join(f"{n + 1:>6}\t{lines[n]}" for n in range(low, high))
