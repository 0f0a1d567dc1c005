"""The git_worktree tool's read-only side: finding worktrees, their state, and tables of them."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from a3s_core.errors import ToolError
from a3s_core.tools._git import Git, Status, Worktree, parse_status, parse_worktrees, quote_stderr

MAX_LISTED_CHANGES = 50


@dataclass
class Repository:
    """The repository the workspace is in."""

    toplevel: Path
    """The working tree that contains the workspace (a linked worktree's own directory)."""
    common_dir: Path
    """The shared ``.git`` directory of the main worktree."""


async def open_repository(git: Git) -> Repository:
    """The repository around ``git.cwd``.

    Raises:
        ToolError: the workspace is not inside a git repository (or git refused to look at it).
    """
    result = await git.run("rev-parse", "--path-format=absolute", "--show-toplevel", "--git-common-dir")
    if result.code != 0:
        if "not a git repository" in result.stderr:
            raise ToolError(f"{git.cwd} is not inside a git repository: run git init or open the repository")
        raise ToolError(f"git rev-parse failed in {git.cwd}: {quote_stderr(result)}")
    toplevel, common_dir = result.stdout.splitlines()[:2]
    return Repository(toplevel=Path(toplevel).resolve(), common_dir=Path(common_dir).resolve())


async def list_worktrees(git: Git) -> list[Worktree]:
    """All worktrees, the main one first."""
    return parse_worktrees(await git.check("worktree", "list", "--porcelain"))


async def worktree_status(git: Git, worktree: Worktree) -> Status | None:
    """``git status`` of ``worktree``; None for a bare or vanished one.

    Raises:
        ToolError: git status failed there (its message is quoted).
    """
    if worktree.bare or worktree.prunable is not None or not worktree.path.is_dir():
        return None
    text = await git.check("status", "--porcelain=v1", "-b", cwd=worktree.path)
    return parse_status(text)


def resolve_user_path(raw: str, workspace: Path) -> Path:
    """A path argument, relative to the workspace, ``~`` expanded, symlinks resolved where they exist."""
    path = Path(os.path.expanduser(raw))
    return (path if path.is_absolute() else workspace / path).resolve()


def find_worktree(worktrees: list[Worktree], args: dict[str, Any], workspace: Path) -> Worktree:
    """The worktree that ``args["path"]`` or else ``args["branch"]`` names.

    Raises:
        ToolError: no worktree has that path or branch (the message lists the worktrees).
    """
    raw_path, branch = args.get("path"), args.get("branch")
    if raw_path:
        wanted = resolve_user_path(str(raw_path), workspace)
        found = [w for w in worktrees if w.path.resolve() == wanted]
        what = f"at {wanted}"
    else:
        found = [w for w in worktrees if w.branch == branch]
        what = f"for branch {branch}"
    if found:
        return found[0]
    known = ", ".join(f"{w.path} ({w.branch or 'detached'})" for w in worktrees)
    raise ToolError(f"No worktree {what}; the worktrees are: {known}")


def contains(worktree: Worktree, path: Path) -> bool:
    """True when ``path`` lies inside ``worktree``'s directory."""
    return path.resolve().is_relative_to(worktree.path.resolve())


async def rows(git: Git, worktrees: list[Worktree], workspace: Path) -> list[dict[str, Any]]:
    """One dict per worktree for ``list``: path, branch, head, dirty, changes and flags."""
    statuses = await asyncio.gather(*(worktree_status(git, w) for w in worktrees))
    current = _current(worktrees, workspace)
    return [
        {
            "path": str(w.path),
            "branch": w.branch,
            "head": w.short_head,
            "dirty": None if status is None else bool(status.changes),
            "changes": 0 if status is None else len(status.changes),
            "main": i == 0,
            "current": w is current,
            "detached": w.branch is None and not w.bare,
            "bare": w.bare,
            "locked": w.locked is not None,
            "prunable": w.prunable is not None,
        }
        for i, (w, status) in enumerate(zip(worktrees, statuses, strict=True))
    ]


def _current(worktrees: list[Worktree], workspace: Path) -> Worktree | None:
    """The innermost worktree containing the workspace."""
    inside = [w for w in worktrees if contains(w, workspace)]
    return max(inside, key=lambda w: len(w.path.parts), default=None)


def table(entries: list[dict[str, Any]]) -> str:
    """``list`` rows as aligned columns: PATH BRANCH HEAD STATE FLAGS."""
    lines = [("PATH", "BRANCH", "HEAD", "STATE", "FLAGS")]
    for row in entries:
        branch = row["branch"] or ("(bare)" if row["bare"] else "(detached)")
        if row["dirty"] is None:
            state = "missing" if row["prunable"] else "-"
        else:
            state = f"dirty ({row['changes']} changed)" if row["dirty"] else "clean"
        flags = [name for name in ("main", "current", "locked", "prunable") if row[name]]
        lines.append((row["path"], branch, row["head"] or "-", state, ", ".join(flags)))
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line[:4], widths, strict=True)) + f"  {line[4]}".rstrip()
        for line in lines
    )


def describe_status(worktree: Worktree, status: Status | None) -> tuple[str, dict[str, Any]]:
    """One worktree's status as text for the model and as metadata."""
    data: dict[str, Any] = {"path": str(worktree.path), "branch": worktree.branch}
    if status is None:
        reason = "bare repository" if worktree.bare else "its directory is missing (prunable)"
        return f"{worktree.path}: {reason}", data | {"changes": None}
    data |= {"upstream": status.upstream, "ahead": status.ahead, "behind": status.behind, "changes": status.changes}
    head = f"{worktree.path} on {status.branch or f'detached HEAD {worktree.short_head}'}"
    if status.upstream:
        head += f", tracking {status.upstream} (ahead {status.ahead}, behind {status.behind})"
    if not status.changes:
        return f"{head}\n  clean", data
    shown = [f"  {line}" for line in status.changes[:MAX_LISTED_CHANGES]]
    if len(status.changes) > MAX_LISTED_CHANGES:
        shown.append(f"  ... and {len(status.changes) - MAX_LISTED_CHANGES} more")
    return f"{head}\n  {len(status.changes)} changed:\n" + "\n".join(shown), data
