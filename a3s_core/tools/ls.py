"""The ls tool: a directory tree that respects .gitignore."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

from a3s_core.errors import ToolArgumentError, ToolError
from a3s_core.protocols import Lane
from a3s_core.tools import _args
from a3s_core.tools._walk import WalkFilter, walk
from a3s_core.tools.base import ToolContext, ToolResult
from a3s_core.tools.paths import display_path, not_found, resolve_path

MAX_ENTRIES = 1000

DESCRIPTION = """List a directory as an indented tree (directories end with /).

Entries ignored by .gitignore and the .git directory are left out; hidden files are shown. \
Shallow levels are listed first and the listing stops at 1000 entries. Use ignore to leave out \
more (e.g. ["node_modules", "*.pyc"]). Prefer glob or grep to find specific files."""


class LsTool:
    """Lists a directory tree breadth first, capped at MAX_ENTRIES entries."""

    name = "ls"
    description = DESCRIPTION
    lane: Lane = "query"
    input_schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "path": {"type": "string", "description": "Directory to list (default: the workspace)."},
            "ignore": {
                "type": "array",
                "items": {"type": "string"},
                "description": 'Glob patterns of entries to leave out, e.g. ["*.log", "build"].',
            },
        },
    }

    def permission_subject(self, args: dict[str, Any]) -> str:
        """The path as given ("." for the workspace)."""
        return str(args.get("path") or ".")

    async def run(self, args: dict[str, Any], ctx: ToolContext) -> ToolResult:
        """List the directory."""
        raw = _args.optional_str(args, "path", "a directory to list") or "."
        ignore = _args.optional_str_list(args, "ignore", 'glob patterns such as "*.log"')
        root = resolve_path(raw, ctx, self.name)
        if not root.exists():
            raise not_found(raw, root, "Directory")
        if not root.is_dir():
            raise ToolError(f"{raw} is a file, not a directory; use read to see it")
        globs = tuple(f"!{pattern.removeprefix('!')}" for pattern in ignore)
        try:
            walker = walk(root, WalkFilter(globs=globs, hidden=True))
            entries = list(itertools.islice(walker, MAX_ENTRIES))
            truncated = next(walker, None) is not None
        except ValueError as exc:
            raise ToolArgumentError(f"ignore holds an invalid glob: {exc}") from None
        shown = display_path(root, ctx.workspace)
        lines = [f"{shown}/", *_tree(entries)]
        if not entries:
            lines.append("  (empty)")
        if truncated:
            lines.append(f"[listing stopped at {MAX_ENTRIES} entries; list a subdirectory or use glob for more]")
        return ToolResult(
            output="\n".join(lines),
            metadata={"path": shown, "entries": len(entries), "truncated": truncated},
        )


def _tree(entries: list[tuple[str, bool]]) -> list[str]:
    children: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for rel, is_dir in entries:
        parent, _, name = rel.rpartition("/")
        children[parent].append((name, is_dir))
    lines: list[str] = []

    def render(parent: str, depth: int) -> None:
        ordered = sorted(children.get(parent, []), key=lambda item: (not item[1], item[0]))
        for name, is_dir in ordered:
            lines.append(f"{'  ' * depth}{name}{'/' if is_dir else ''}")
            if is_dir:
                render(f"{parent}/{name}" if parent else name, depth + 1)

    render("", 1)
    return lines
