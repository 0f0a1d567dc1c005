"""The glob tool: find files by name pattern, newest first."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from a3s_core.errors import ToolArgumentError, ToolError
from a3s_core.protocols import Lane
from a3s_core.tools import _args
from a3s_core.tools._rg import find_rg, run_rg
from a3s_core.tools._walk import WalkFilter, walk_files
from a3s_core.tools.base import ToolContext, ToolResult
from a3s_core.tools.paths import display_path, not_found, resolve_path

MAX_RESULTS = 200
DEFAULT_TIMEOUT = 60.0

DESCRIPTION = """Find files by name with a glob pattern, e.g. "**/*.py", "*.md" or "src/**/test_*.ts".

Patterns use .gitignore syntax relative to path: one without a slash matches at any depth \
("*.py" finds every Python file), one with a slash is anchored at path. Files ignored by \
.gitignore and hidden files are left out unless the pattern names them. Results are sorted by \
modification time, newest first, and capped at 200."""


class GlobTool:
    """File-name search; ``rg_path`` picks the ripgrep binary ("" forces the pure-Python walk)."""

    name = "glob"
    description = DESCRIPTION
    lane: Lane = "query"
    input_schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "pattern": {"type": "string", "description": 'Glob pattern, e.g. "**/*.py" or "src/*.ts".'},
            "path": {"type": "string", "description": "Directory to search in (default: the workspace)."},
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
        """List the files matching ``pattern`` under ``path``."""
        pattern = _args.require_str(args, "pattern", 'a glob such as "**/*.py"')
        raw_path = _args.optional_str(args, "path", "a directory to search in")
        root = resolve_path(raw_path, ctx, self.name) if raw_path else ctx.workspace
        if not root.exists():
            raise not_found(raw_path or str(root), root, "Directory")
        if not root.is_dir():
            raise ToolError(f"{raw_path} is a file, not a directory; give the directory to search in")
        names, complete = await self._find(pattern, root, ctx.timeout or DEFAULT_TIMEOUT)
        ordered = sorted(names, key=lambda name: (-_mtime(root / name), name))
        prefix = display_path(root, ctx.workspace)
        shown = [name if prefix == "." else f"{prefix}/{name}" for name in ordered[:MAX_RESULTS]]
        output = "\n".join(shown) if shown else f"No files match {pattern}"
        truncated = len(ordered) > MAX_RESULTS or not complete
        if truncated:
            output += f"\n[showing {len(shown)} of {len(ordered)} files, newest first; use a narrower pattern or path]"
        metadata = {"count": len(ordered), "truncated": truncated, "engine": "rg" if self.rg_path else "python"}
        return ToolResult(output=output, metadata=metadata)

    async def _find(self, pattern: str, root: Path, timeout: float) -> tuple[list[str], bool]:
        if self.rg_path is not None:
            out = await run_rg(self.rg_path, ["--files", "--null", "--glob", pattern], root, timeout)
            text = out.stdout.decode("utf-8", "replace")
            return [name.removeprefix("./") for name in text.split("\0") if name], out.complete
        try:
            return list(walk_files(root, WalkFilter(globs=(pattern,)))), True
        except ValueError as exc:  # pathspec rejects the pattern
            raise ToolArgumentError(f"Invalid search argument: error parsing glob {pattern!r}: {exc}") from None


def _mtime(path: Path) -> float:
    try:
        return os.stat(path, follow_symlinks=False).st_mtime
    except OSError:
        return 0.0
