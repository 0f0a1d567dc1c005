"""Where a path argument points, and whether a tool may go there.

This module is the single place the workspace boundary is enforced: every built-in tool that takes
a path calls :func:`resolve_path`.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from a3s_core.errors import ToolDenied, ToolError
from a3s_core.tools.base import ToolContext


def resolve_path(raw: str, ctx: ToolContext, tool_name: str) -> Path:
    """Turn a path argument into an absolute, symlink-resolved path the tool may use.

    ``raw`` is relative to the workspace or absolute; ``~`` is expanded.

    Raises:
        ToolDenied: the path (after resolving symlinks) is outside the workspace and
            ``ctx.allow_path`` does not allow ``tool_name`` there.
    """
    path = Path(os.path.expanduser(raw))
    if not path.is_absolute():
        path = ctx.workspace / path
    resolved = path.resolve()
    workspace = ctx.workspace.resolve()
    if resolved.is_relative_to(workspace) or ctx.allow_path(resolved, tool_name):
        return resolved
    example = resolved if resolved.is_dir() else resolved.parent
    raise ToolDenied(
        f"{raw} is outside the workspace {workspace}; add an allow rule such as "
        f"{tool_name}({example}/*) to permit it"
    )


def display_path(path: Path, workspace: Path) -> str:
    """The path as the model should see it: relative to the workspace when inside it."""
    try:
        rel = path.relative_to(workspace)
    except ValueError:
        return str(path)
    return rel.as_posix() or "."


def not_found(raw: str, path: Path, what: str = "File") -> ToolError:
    """A "File not found" error that names similar entries of the parent directory, if any."""
    message = f"{what} not found: {raw}"
    parent = path.parent
    if not parent.is_dir():
        return ToolError(f"{message} (the directory {parent} does not exist either)")
    try:
        names = os.listdir(parent)
    except OSError:
        return ToolError(message)
    close = difflib.get_close_matches(path.name, names, n=3, cutoff=0.6)
    if close:
        base = os.path.dirname(raw)
        suggestions = ", ".join(os.path.join(base, name) for name in close)
        message += f". Did you mean: {suggestions}?"
    return ToolError(message)
