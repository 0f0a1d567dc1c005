"""The glob tool: find files by name pattern, newest first."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from a3s_core.errors import ToolArgumentError, ToolError
from a3s_core.protocols import Lane
from a3s_core.tools import _args
from a3s_core.tools._rg import find_rg, run_rg
from a3s_core.tools._walk import WalkFilter, walk_files
from a3s_core.tools.base import ToolContext, ToolResult
from a3s_core.tools.paths import display_path, not_found, resolve_path

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

MAX_RESULTS = 200
DEFAULT_TIMEOUT = 60.0

DESCRIPTION = """Find files by name with a glob pattern, e.g. "**/*.py", "*.md" or "src/**/test_*.ts".

Patterns use .gitignore syntax relative to path: one without a slash matches at any depth \
("*.py" finds every Python file), one with a slash is anchored at path ("src/*.py"). Files \
ignored by .gitignore are left out; hidden files only when the pattern names a dot-file or \
dot-directory (".github/**"). Results are sorted by modification time, newest first, and capped \
at 200."""


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
        metadata = {
            "count": len(ordered),
            "files": shown,
            "truncated": truncated,
            "engine": "rg" if self.rg_path else "python",
        }
        return ToolResult(output=output, metadata=metadata)

    async def _find(self, pattern: str, root: Path, timeout: float) -> tuple[list[str], bool]:
        # The pattern filters rg's file list instead of going to `rg --glob`: a glob override would
        # whitelist matching directories ("**/*" would list node_modules) and bypass .gitignore.
        matcher = _matcher(pattern)
        hidden = _names_hidden(pattern)
        if self.rg_path is not None:
            args = ["--files", "--null", *(["--hidden"] if hidden else [])]
            out = await run_rg(self.rg_path, args, root, timeout)
            text = out.stdout.decode("utf-8", "replace")
            names, complete = [name.removeprefix("./") for name in text.split("\0") if name], out.complete
        else:
            names, complete = list(walk_files(root, WalkFilter(hidden=hidden))), True
        return [name for name in names if matcher.match_file(name)], complete


def _matcher(pattern: str) -> GitIgnoreSpec:
    from pathspec import GitIgnoreSpec

    if pattern.startswith("!"):
        raise ToolArgumentError("pattern must say which files to find; a pattern starting with ! finds nothing")
    if re.search(r"\[(?![^\]]*\])", pattern):
        raise ToolArgumentError(f"error parsing glob {pattern!r}: unclosed character class; missing ']'")
    try:
        return GitIgnoreSpec.from_lines([pattern])
    except ValueError as exc:
        raise ToolArgumentError(f"error parsing glob {pattern!r}: {exc}") from None


def _names_hidden(pattern: str) -> bool:
    """True when a path component of the pattern starts with a dot, e.g. ".github/**" or ".env"."""
    return any(part.startswith(".") and part not in (".", "..") for part in pattern.split("/"))


def _mtime(path: Path) -> float:
    try:
        return os.stat(path, follow_symlinks=False).st_mtime
    except OSError:
        return 0.0
