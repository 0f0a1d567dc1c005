"""The grep tool: regex search over file contents with ripgrep, or pure Python without it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from a3s_core.errors import ToolArgumentError
from a3s_core.protocols import Lane
from a3s_core.tools import _args
from a3s_core.tools._filetypes import type_globs
from a3s_core.tools._rg import find_rg
from a3s_core.tools._search import GrepQuery, Mode, SearchHits, search_python, search_rg
from a3s_core.tools._spill import MAX_SPILL_LINES, spill, spill_note
from a3s_core.tools.base import ToolContext, ToolResult
from a3s_core.tools.paths import display_path, not_found, resolve_path

DEFAULT_HEAD_LIMIT = 250
MAX_HEAD_LIMIT = 2000
MAX_OUTPUT_CHARS = 30_000
MAX_LINE_CHARS = 500
DEFAULT_TIMEOUT = 60.0
MODES: tuple[Mode, ...] = ("files_with_matches", "content", "count")

DESCRIPTION = """Search file contents with a regular expression (ripgrep syntax).

Respects .gitignore and skips hidden and binary files. output_mode "files_with_matches" (the \
default) lists matching files sorted by path; "content" shows matching lines as path:line:text \
(context lines as path-line-text, "--" between groups); "count" shows matches per file. Narrow \
with path, glob (e.g. "*.py" or "src/**/*.ts"; as with rg --glob, a file the glob matches is \
searched even if .gitignore lists it) or type (e.g. "py"). Results are capped at head_limit \
lines. Use this instead of running grep or rg through bash."""


class GrepTool:
    """Content search; ``rg_path`` picks the ripgrep binary ("" forces the pure-Python search)."""

    name = "grep"
    description = DESCRIPTION
    lane: Lane = "query"
    input_schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "pattern": {"type": "string", "description": "Regular expression to search for (ripgrep/Rust syntax)."},
            "path": {"type": "string", "description": "File or directory to search (default: the workspace)."},
            "glob": {
                "type": "string",
                "description": 'Only search files matching this glob, e.g. "*.py" or "src/**/*.ts".',
            },
            "type": {"type": "string", "description": 'Only search files of this type, e.g. "py", "js", "rust", "md".'},
            "case_insensitive": {"type": "boolean", "description": "Ignore case (default false)."},
            "output_mode": {
                "type": "string",
                "enum": list(MODES),
                "description": "files_with_matches (default): file paths; content: matching lines; "
                "count: matching lines per file.",
            },
            "context": {
                "type": "integer",
                "minimum": 0,
                "description": "Lines of context before and after each match (content mode only).",
            },
            "head_limit": {
                "type": "integer",
                "minimum": 1,
                "description": f"Show at most this many lines or files (default {DEFAULT_HEAD_LIMIT}).",
            },
        },
        "required": ["pattern"],
    }

    def __init__(self, rg_path: str | None = None) -> None:
        """``rg_path``: the rg executable; None finds it (venv, then PATH); "" means none."""
        self.rg_path = find_rg(rg_path)

    def permission_subject(self, args: dict[str, Any]) -> str:
        """The pattern."""
        return str(args.get("pattern") or "")

    async def run(self, args: dict[str, Any], ctx: ToolContext) -> ToolResult:
        """Search and format the hits for the model."""
        query, head_limit = self._query(args, ctx)
        if self.rg_path is not None:
            hits = await search_rg(self.rg_path, query, ctx.timeout or DEFAULT_TIMEOUT)
        else:
            hits = search_python(query)
        prefix = _prefix(query.directory, ctx.workspace)
        lines, total, matches = _format(hits, query, prefix, head_limit)
        output, shown = _cap(lines, total)
        saved = None
        if shown < total <= MAX_SPILL_LINES and hits.complete and "head_limit" not in args:
            saved = spill(ctx.workspace, self.name, _format(hits, query, prefix, total)[0])
            output += spill_note(saved, total, "lines")
        if not hits.complete:
            output += "\n[the search produced too much output and was stopped; narrow it with path or glob]"
        metadata = {
            "mode": query.mode,
            "files": len(hits.files),
            "matches": matches,
            "truncated": shown < total or not hits.complete,
            "engine": "rg" if self.rg_path else "python",
            "saved_to": saved,
        }
        return ToolResult(output=output, metadata=metadata)

    def _query(self, args: dict[str, Any], ctx: ToolContext) -> tuple[GrepQuery, int]:
        pattern = _args.require_str(args, "pattern", "a regular expression")
        raw_path = _args.optional_str(args, "path", "a file or directory to search")
        root = resolve_path(raw_path, ctx, self.name) if raw_path else ctx.workspace
        if not root.exists():
            raise not_found(raw_path or str(root), root, "Path")
        mode = args.get("output_mode") or "files_with_matches"
        if mode not in MODES:
            raise ToolArgumentError(f"output_mode must be one of {', '.join(MODES)}, got {mode!r}")
        context = args.get("context", args.get("-C"))
        query = GrepQuery(
            pattern=pattern,
            root=root,
            mode=mode,
            globs=tuple(_args.optional_str_list(args, "glob", "a glob such as *.py")),
            type_globs=type_globs(_args.optional_str(args, "type", "a file type such as py")),
            case_insensitive=_args.optional_bool(args, "case_insensitive", bool(args.get("-i", False))),
            context=_args.optional_int({"context": context}, "context", 0, minimum=0, maximum=50) or 0,
        )
        head_limit = _args.optional_int(args, "head_limit", DEFAULT_HEAD_LIMIT, minimum=1, maximum=MAX_HEAD_LIMIT)
        return query, head_limit or DEFAULT_HEAD_LIMIT


def _prefix(directory: Path, workspace: Path) -> str:
    shown = display_path(directory, workspace)
    return "" if shown == "." else f"{shown}/"


def _format(hits: SearchHits, query: GrepQuery, prefix: str, limit: int) -> tuple[list[str], int, int]:
    """The first ``limit`` output lines, how many lines there are in all, and the number of matches
    (matching lines, or files in files mode). Lines past ``limit`` are counted, never built."""
    if query.mode == "files_with_matches":
        return [f"{prefix}{f.path}" for f in hits.files[:limit]], len(hits.files), len(hits.files)
    matches = sum(f.count for f in hits.files)
    if query.mode == "count":
        return [f"{prefix}{f.path}:{f.count}" for f in hits.files[:limit]], len(hits.files), matches
    lines: list[str] = []
    total = 0
    for f in hits.files:
        if total >= limit:
            total += f.output_lines(query.context) + (query.context > 0)
            continue
        previous: int | None = None
        for number, text, is_match in f.rows():
            # Like rg: "--" between non-adjacent groups, and between files when context is shown.
            gap = number != previous + 1 if previous is not None else total > 0
            if gap and query.context > 0:
                if total < limit:
                    lines.append("--")
                total += 1
            if total < limit:
                lines.append(_content_line(prefix, f.path, number, text, is_match))
            total += 1
            previous = number
    return lines, total, matches


def _content_line(prefix: str, path: str, number: int, text: str, is_match: bool) -> str:
    text = text.removesuffix("\r")
    if len(text) > MAX_LINE_CHARS:
        text = f"{text[:MAX_LINE_CHARS]}... [{len(text)} chars]"
    sep = ":" if is_match else "-"
    return f"{prefix}{path}{sep}{number}{sep}{text}"


def _cap(lines: list[str], total: int) -> tuple[str, int]:
    """Join ``lines`` (the first of ``total``) within MAX_OUTPUT_CHARS, noting what was left out."""
    if not lines:
        return "No matches found", 0
    kept: list[str] = []
    size = 0
    for line in lines:
        if kept and size + len(line) + 1 > MAX_OUTPUT_CHARS:
            break
        kept.append(line)
        size += len(line) + 1
    text = "\n".join(kept)
    if len(kept) < total:
        text += (
            f"\n[showing {len(kept)} of {total} lines; narrow the search with path, glob or type"
            " or raise head_limit]"
        )
    return text, len(kept)
