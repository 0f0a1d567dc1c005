"""The git_worktree tool: create, list, remove and inspect git worktrees for parallel work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from a3s_core.errors import ToolArgumentError, ToolError
from a3s_core.protocols import Lane
from a3s_core.tools import _args
from a3s_core.tools._git import GIT_TIMEOUT, Git, Worktree, quote_stderr
from a3s_core.tools._worktree_view import (
    Repository,
    contains,
    describe_status,
    find_worktree,
    list_worktrees,
    open_repository,
    resolve_user_path,
    rows,
    table,
    worktree_status,
)
from a3s_core.tools.base import ToolContext, ToolResult

COMMANDS = ("create", "list", "remove", "status")
MAX_NAMED_FILES = 10

DESCRIPTION = """Manage git worktrees: extra checkouts of the repository, each on its own branch, for \
working on several things in parallel.

- create: a worktree for `branch` at `path` (default: ../<repo>-<branch> beside the main \
checkout). A branch that does not exist is created from `base` (any commit-ish; default the \
current HEAD); an existing branch is checked out there.
- list: every worktree with its branch, HEAD, clean/dirty state and flags.
- status: branch, ahead/behind its upstream, and changed files of one worktree (path or branch) \
or of all.
- remove: delete a worktree by path or branch (the branch itself is kept). A worktree with \
uncommitted or untracked changes is refused unless force=true, which discards them. The main \
worktree is never removed."""


class GitWorktreeTool:
    """Runs ``git worktree`` and ``git status`` for the model; ``git`` picks the executable."""

    name = "git_worktree"
    description = DESCRIPTION
    lane: Lane = "execute"
    input_schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "command": {"type": "string", "enum": list(COMMANDS), "description": "What to do."},
            "branch": {"type": "string", "description": "Branch to create/check out, or whose worktree to use."},
            "path": {"type": "string", "description": "Worktree directory (relative to the workspace or absolute)."},
            "base": {"type": "string", "description": "create: commit-ish a new branch starts from (default HEAD)."},
            "force": {"type": "boolean", "description": "remove: discard uncommitted changes (default false)."},
        },
        "required": ["command"],
    }

    def __init__(self, git: str = "git") -> None:
        """``git``: the git executable (name on PATH or a path)."""
        self.git = git

    def permission_subject(self, args: dict[str, Any]) -> str:
        """The command and the path or branch it acts on, e.g. "remove ../repo-feature"."""
        return f"{args.get('command') or ''} {args.get('path') or args.get('branch') or ''}".strip()

    async def run(self, args: dict[str, Any], ctx: ToolContext) -> ToolResult:
        """Carry out ``args["command"]`` in the repository around the workspace."""
        command = args.get("command")
        if command not in COMMANDS:
            raise ToolArgumentError(f"command must be one of {', '.join(COMMANDS)}, got {command!r}")
        timeout = min(ctx.timeout, GIT_TIMEOUT) if ctx.timeout else GIT_TIMEOUT
        git = Git(cwd=ctx.workspace, env=dict(ctx.env), timeout=timeout, executable=self.git)
        repo = await open_repository(git)
        if command == "create":
            return await _create(git, repo, args, ctx.workspace)
        if command == "list":
            return await _list(git, ctx.workspace)
        if command == "status":
            return await _status(git, args, ctx.workspace)
        return await _remove(git, args, ctx.workspace)


async def _create(git: Git, repo: Repository, args: dict[str, Any], workspace: Path) -> ToolResult:
    branch = _args.require_str(args, "branch", "the branch to check out in the new worktree")
    base = _args.optional_str(args, "base", "a commit-ish the new branch starts from")
    raw_path = _args.optional_str(args, "path", "the directory for the new worktree")
    valid = await git.run("check-ref-format", "--branch", branch)
    if valid.code != 0:
        raise ToolArgumentError(f"{branch!r} is not a valid branch name: {quote_stderr(valid)}")
    worktrees = await list_worktrees(git)
    if raw_path:
        path = resolve_user_path(raw_path, workspace)
    else:
        main = worktrees[0].path
        path = main.parent / f"{main.name}-{branch.replace('/', '-')}"
    if path.is_relative_to(repo.common_dir):
        raise ToolError(f"{path} is inside the repository's git directory {repo.common_dir}; choose another path")
    if path.exists() or path.is_symlink():
        raise ToolError(f"{path} already exists; choose another path or remove it first")
    exists = (await git.run("show-ref", "--verify", "--quiet", f"refs/heads/{branch}")).code == 0
    if exists:
        holder = next((w for w in worktrees if w.branch == branch), None)
        if holder is not None:
            raise ToolError(f"Branch {branch} is already checked out in {holder.path}; use that worktree")
        add, how = ["worktree", "add", str(path), branch], f"existing branch {branch}"
        if base:
            how += f" (base {base} ignored: the branch already exists)"
    else:
        add, how = await _new_branch_add(git, branch, base, path)
    result = await git.run(*add)
    if result.code != 0:
        raise ToolError(f"git worktree add failed: {quote_stderr(result)}")
    head = (await git.check("rev-parse", "--short", "HEAD", cwd=path)).strip()
    output = f"Created worktree {path} on {how}, HEAD {head}."
    metadata = {"path": str(path), "branch": branch, "new_branch": not exists, "head": head}
    return ToolResult(output=output, metadata=metadata)


async def _new_branch_add(git: Git, branch: str, base: str | None, path: Path) -> tuple[list[str], str]:
    """The ``git worktree add`` arguments for a branch that does not exist yet, and how it was made."""
    if base is None:
        remote = await git.check("for-each-ref", "--format=%(refname:short)", f"refs/remotes/*/{branch}")
        candidates = remote.split()
        if len(candidates) == 1:
            return ["worktree", "add", "--track", "-b", branch, str(path), candidates[0]], (
                f"new branch {branch} tracking {candidates[0]}"
            )
    start = base or "HEAD"
    if (await git.run("rev-parse", "--verify", "--quiet", f"{start}^{{commit}}")).code != 0:
        if base is None:
            raise ToolError("The repository has no commits yet: commit something before creating a worktree")
        raise ToolError(f"Unknown base {base!r}: no branch, tag or commit of that name in this repository")
    return ["worktree", "add", "-b", branch, str(path), start], f"new branch {branch} from {start}"


async def _list(git: Git, workspace: Path) -> ToolResult:
    entries = await rows(git, await list_worktrees(git), workspace)
    return ToolResult(output=table(entries), metadata={"worktrees": entries})


async def _status(git: Git, args: dict[str, Any], workspace: Path) -> ToolResult:
    worktrees = await list_worktrees(git)
    if args.get("path") or args.get("branch"):
        worktrees = [find_worktree(worktrees, args, workspace)]
    texts: list[str] = []
    entries: list[dict[str, Any]] = []
    for worktree in worktrees:
        text, data = describe_status(worktree, await worktree_status(git, worktree))
        texts.append(text)
        entries.append(data)
    return ToolResult(output="\n\n".join(texts), metadata={"worktrees": entries})


async def _remove(git: Git, args: dict[str, Any], workspace: Path) -> ToolResult:
    if not args.get("path") and not args.get("branch"):
        raise ToolArgumentError("remove needs path or branch: which worktree to remove")
    force = _args.optional_bool(args, "force", False)
    worktrees = await list_worktrees(git)
    target = find_worktree(worktrees, args, workspace)
    if target is worktrees[0]:
        raise ToolError(f"{target.path} is the main worktree; it is never removed")
    if contains(target, workspace):
        raise ToolError(f"{target.path} contains the workspace; open another worktree before removing it")
    if target.prunable is not None:
        await git.check("worktree", "prune")
        return ToolResult(output=f"{target.path} was already gone; pruned its stale record.", metadata=_removed(target))
    status = await worktree_status(git, target)
    changed = status.changed_paths if status else []
    if changed and not force:
        named = ", ".join(changed[:MAX_NAMED_FILES]) + (", ..." if len(changed) > MAX_NAMED_FILES else "")
        raise ToolError(
            f"{target.path} has {len(changed)} uncommitted or untracked change(s): {named}. "
            "Commit or stash them, or remove with force=true, which discards them."
        )
    if target.locked is not None and not force:
        raise ToolError(f"{target.path} is locked ({target.locked or 'no reason given'}); force=true removes it")
    flags = ["--force"] * (2 if target.locked is not None else 1) if force else []
    await git.check("worktree", "remove", *flags, str(target.path))
    note = f" and discarded {len(changed)} change(s)" if changed else ""
    kept = f"; branch {target.branch} is kept" if target.branch else ""
    return ToolResult(output=f"Removed worktree {target.path}{note}{kept}.", metadata=_removed(target, changed))


def _removed(target: Worktree, discarded: list[str] | None = None) -> dict[str, Any]:
    return {"path": str(target.path), "branch": target.branch, "discarded": discarded or []}
