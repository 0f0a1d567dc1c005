"""Running git for the git_worktree tool, and parsing what it prints."""

from __future__ import annotations

import asyncio
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from a3s_core.errors import ToolError
from a3s_core.tools._process import terminate_group

GIT_TIMEOUT = 30.0
GIT_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_EDITOR": "true", "GIT_PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0"}
"""Never prompt for credentials or open an editor; status does not take the index lock."""
KILL_GRACE = 1.0


@dataclass
class GitRun:
    """One git invocation's outcome."""

    code: int
    stdout: str
    stderr: str


@dataclass
class Git:
    """Runs ``git`` (no shell) in ``cwd`` with ``env`` on top of the environment."""

    cwd: Path
    env: dict[str, str] = field(default_factory=dict)
    timeout: float = GIT_TIMEOUT
    executable: str = "git"

    async def run(self, *args: str, cwd: Path | None = None) -> GitRun:
        """Run ``git args``; a non-zero exit is returned, not raised.

        Raises:
            ToolError: git is not installed, or it ran longer than the timeout (it is then killed).
        """
        env = {**os.environ, **GIT_ENV, **self.env}
        where = cwd or self.cwd
        if not where.is_dir():
            raise ToolError(f"{where} is not a directory")
        try:
            proc = await asyncio.create_subprocess_exec(
                self.executable, "-c", "core.quotePath=false", *args, cwd=where, env=env, start_new_session=True,
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
        except FileNotFoundError:
            raise ToolError(f"{self.executable} not found: install git (on PATH) to manage worktrees") from None
        except OSError as exc:
            raise ToolError(f"Cannot run git in {where}: {exc.strerror or exc}") from None
        try:
            async with asyncio.timeout(self.timeout):
                stdout, stderr = await proc.communicate()
        except TimeoutError:
            await terminate_group(proc, KILL_GRACE)
            raise ToolError(f"git {' '.join(args)} took longer than {self.timeout:g} s and was stopped") from None
        except asyncio.CancelledError:
            await terminate_group(proc, KILL_GRACE)
            raise
        code = proc.returncode if proc.returncode is not None else -1
        return GitRun(code, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"))

    async def check(self, *args: str, cwd: Path | None = None) -> str:
        """Run ``git args`` and return stdout.

        Raises:
            ToolError: git failed; the message quotes its stderr.
        """
        result = await self.run(*args, cwd=cwd)
        if result.code != 0:
            raise ToolError(f"git {args[0]} failed: {quote_stderr(result)}")
        return result.stdout


def quote_stderr(result: GitRun) -> str:
    """git's own message, without the "fatal: " prefixes, or the exit code when it said nothing."""
    lines = [re.sub(r"^(fatal|error): ", "", line) for line in result.stderr.strip().splitlines()]
    return "\n".join(lines) or f"exit code {result.code}"


@dataclass
class Worktree:
    """One entry of ``git worktree list --porcelain``."""

    path: Path
    head: str = ""
    branch: str | None = None
    """The short branch name; None when detached or bare."""
    bare: bool = False
    locked: str | None = None
    """The lock reason ("" when locked without one); None when not locked."""
    prunable: str | None = None
    """Why git considers it stale (its directory is gone); None when it is fine."""

    @property
    def short_head(self) -> str:
        return self.head[:7]


def parse_worktrees(text: str) -> list[Worktree]:
    """Parse ``git worktree list --porcelain`` output; the first entry is the main worktree."""
    worktrees: list[Worktree] = []
    for block in text.strip().split("\n\n"):
        current: Worktree | None = None
        for line in block.splitlines():
            key, _, value = line.partition(" ")
            if key == "worktree":
                current = Worktree(path=Path(value))
                worktrees.append(current)
            elif current is None:
                continue
            elif key == "HEAD":
                current.head = value
            elif key == "branch":
                current.branch = value.removeprefix("refs/heads/")
            elif key == "bare":
                current.bare = True
            elif key == "locked":
                current.locked = value
            elif key == "prunable":
                current.prunable = value
    return worktrees


@dataclass
class Status:
    """``git status --porcelain=v1 -b`` of one worktree."""

    branch: str | None
    upstream: str | None = None
    ahead: int = 0
    behind: int = 0
    changes: list[str] = field(default_factory=list)
    """Porcelain lines such as " M src/a.py" or "?? new.txt"."""

    @property
    def changed_paths(self) -> list[str]:
        return [line[3:] for line in self.changes]


_HEADER = re.compile(
    r"^## (?:No commits yet on |Initial commit on )?(?P<branch>.+?)"
    r"(?:\.\.\.(?P<up>\S+))?(?: \[(?P<track>[^\]]*)\])?$"
)


def parse_status(text: str) -> Status:
    """Parse ``git status --porcelain=v1 -b``: the "## branch...upstream [ahead 1, behind 2]" line and changes."""
    lines = [line for line in text.splitlines() if line]
    status = Status(branch=None)
    if lines and lines[0].startswith("## "):
        header = lines.pop(0)
        match = _HEADER.match(header)
        if match and not match["branch"].startswith("HEAD (no branch)"):
            status.branch = match["branch"]
            status.upstream = match["up"]
            track = match["track"] or ""
            ahead = re.search(r"ahead (\d+)", track)
            behind = re.search(r"behind (\d+)", track)
            status.ahead = int(ahead[1]) if ahead else 0
            status.behind = int(behind[1]) if behind else 0
    status.changes = lines
    return status
