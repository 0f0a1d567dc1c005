from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest

from a3s_core.errors import ToolArgumentError, ToolError
from a3s_core.tools._git import parse_status
from a3s_core.tools.base import ToolContext
from a3s_core.tools.git_worktree import GitWorktreeTool


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.com")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def commit(cwd: Path, name: str, text: str) -> str:
    (cwd / name).write_text(text, encoding="utf-8")
    git(cwd, "add", name)
    git(cwd, "commit", "-q", "-m", f"add {name}")
    return git(cwd, "rev-parse", "HEAD")


@pytest.fixture
def repo(workspace: Path) -> Path:
    git(workspace, "init", "-q", "-b", "main")
    commit(workspace, "a.txt", "one\n")
    return workspace


async def run(ctx: ToolContext, **args: object) -> str:
    return (await GitWorktreeTool().run(dict(args), ctx)).output


async def test_create_makes_a_new_branch_from_base_beside_the_repository(repo: Path, ctx: ToolContext) -> None:
    first = git(repo, "rev-parse", "HEAD")
    commit(repo, "b.txt", "two\n")
    result = await GitWorktreeTool().run({"command": "create", "branch": "feature/login", "base": first[:10]}, ctx)
    path = repo.parent / "ws-feature-login"
    assert result.metadata == {"path": str(path), "branch": "feature/login", "new_branch": True, "head": first[:7]}
    assert git(path, "rev-parse", "HEAD") == first
    assert git(path, "branch", "--show-current") == "feature/login"
    assert (path / "a.txt").is_file() and not (path / "b.txt").exists()


async def test_create_without_base_starts_from_the_current_head(repo: Path, ctx: ToolContext) -> None:
    head = commit(repo, "b.txt", "two\n")
    await run(ctx, command="create", branch="next")
    assert git(repo.parent / "ws-next", "rev-parse", "HEAD") == head


async def test_create_checks_out_an_existing_branch_at_the_given_path(repo: Path, ctx: ToolContext) -> None:
    git(repo, "branch", "old")
    commit(repo, "b.txt", "two\n")
    target = repo.parent / "elsewhere"
    result = await GitWorktreeTool().run({"command": "create", "branch": "old", "path": "../elsewhere"}, ctx)
    assert result.metadata["new_branch"] is False
    assert "existing branch old" in result.output
    assert git(target, "branch", "--show-current") == "old"
    assert not (target / "b.txt").exists()


async def test_create_tracks_a_branch_that_only_exists_on_the_remote(tmp_path: Path, workspace: Path) -> None:
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    commit(origin, "a.txt", "one\n")
    git(origin, "checkout", "-q", "-b", "remote-only")
    remote_head = commit(origin, "r.txt", "remote\n")
    git(origin, "checkout", "-q", "main")
    git(tmp_path, "clone", "-q", str(origin), str(workspace))
    result = await GitWorktreeTool().run({"command": "create", "branch": "remote-only"}, ToolContext(workspace))
    path = Path(result.metadata["path"])
    assert "tracking origin/remote-only" in result.output
    assert git(path, "rev-parse", "HEAD") == remote_head
    assert git(path, "rev-parse", "--abbrev-ref", "@{upstream}") == "origin/remote-only"


async def test_create_refuses_an_unknown_base(repo: Path, ctx: ToolContext) -> None:
    with pytest.raises(ToolError, match="Unknown base 'no-such-ref'"):
        await run(ctx, command="create", branch="x", base="no-such-ref")
    assert not (repo.parent / "ws-x").exists()
    assert git(repo, "branch", "--list", "x") == ""


async def test_create_refuses_a_path_that_already_exists(repo: Path, ctx: ToolContext) -> None:
    (repo.parent / "taken").mkdir()
    with pytest.raises(ToolError, match="already exists"):
        await run(ctx, command="create", branch="x", path="../taken")
    assert git(repo, "branch", "--list", "x") == ""


async def test_create_refuses_a_path_inside_the_git_directory(repo: Path, ctx: ToolContext) -> None:
    with pytest.raises(ToolError, match="inside the repository's git directory"):
        await run(ctx, command="create", branch="x", path=".git/wt")
    assert not (repo / ".git" / "wt").exists()


async def test_create_refuses_a_branch_already_checked_out_and_an_invalid_name(repo: Path, ctx: ToolContext) -> None:
    with pytest.raises(ToolError, match=f"already checked out in {repo}"):
        await run(ctx, command="create", branch="main", path="../m2")
    with pytest.raises(ToolArgumentError, match="not a valid branch name"):
        await run(ctx, command="create", branch="bad..name")


async def test_list_shows_every_worktree_with_its_branch_head_and_dirty_state(repo: Path, ctx: ToolContext) -> None:
    await run(ctx, command="create", branch="side")
    (repo.parent / "ws-side" / "new.txt").write_text("untracked\n", encoding="utf-8")
    result = await GitWorktreeTool().run({"command": "list"}, ctx)
    main, side = result.metadata["worktrees"]
    head = git(repo, "rev-parse", "--short=7", "HEAD")
    assert (main["path"], main["branch"], main["head"], main["dirty"]) == (str(repo), "main", head, False)
    assert main["main"] and main["current"]
    side_row = (side["path"], side["branch"], side["dirty"], side["changes"])
    assert side_row == (str(repo.parent / "ws-side"), "side", True, 1)
    assert not side["main"] and not side["current"]
    lines = result.output.splitlines()
    assert lines[0].split() == ["PATH", "BRANCH", "HEAD", "STATE", "FLAGS"]
    assert lines[1].split() == [str(repo), "main", head, "clean", "main,", "current"]
    assert lines[2].split() == [str(repo.parent / "ws-side"), "side", head, "dirty", "(1", "changed)"]


async def test_status_reports_ahead_and_behind_its_upstream_and_changed_files(repo: Path, ctx: ToolContext) -> None:
    await run(ctx, command="create", branch="work")
    side = repo.parent / "ws-work"
    git(side, "branch", "--set-upstream-to=main")
    commit(side, "w.txt", "work\n")
    commit(repo, "m.txt", "main\n")
    (side / "a.txt").write_text("changed\n", encoding="utf-8")
    result = await GitWorktreeTool().run({"command": "status", "branch": "work"}, ctx)
    [entry] = result.metadata["worktrees"]
    assert entry == {
        "path": str(side), "branch": "work", "upstream": "main", "ahead": 1, "behind": 1, "changes": [" M a.txt"],
    }  # fmt: skip
    assert result.output == f"{side} on work, tracking main (ahead 1, behind 1)\n  1 changed:\n   M a.txt"


async def test_status_without_a_target_covers_every_worktree(repo: Path, ctx: ToolContext) -> None:
    await run(ctx, command="create", branch="side")
    output = await run(ctx, command="status")
    assert output == f"{repo} on main\n  clean\n\n{repo.parent / 'ws-side'} on side\n  clean"


async def test_remove_deletes_a_clean_worktree_and_keeps_its_branch(repo: Path, ctx: ToolContext) -> None:
    await run(ctx, command="create", branch="done")
    output = await run(ctx, command="remove", path="../ws-done")
    assert output == f"Removed worktree {repo.parent / 'ws-done'}; branch done is kept."
    assert not (repo.parent / "ws-done").exists()
    assert git(repo, "branch", "--list", "done") == "done"
    assert len(git(repo, "worktree", "list").splitlines()) == 1


async def test_remove_refuses_a_dirty_worktree_unless_forced(repo: Path, ctx: ToolContext) -> None:
    await run(ctx, command="create", branch="wip")
    side = repo.parent / "ws-wip"
    (side / "a.txt").write_text("edited\n", encoding="utf-8")
    for i in range(11):
        (side / f"new{i:02}.txt").write_text("x\n", encoding="utf-8")
    with pytest.raises(ToolError) as refused:
        await run(ctx, command="remove", branch="wip")
    message = str(refused.value)
    assert "12 uncommitted or untracked change(s): a.txt, new00.txt," in message
    assert "new08.txt, ..." in message and "new09.txt" not in message
    assert "force=true, which discards them" in message
    assert (side / "a.txt").read_text(encoding="utf-8") == "edited\n"
    result = await GitWorktreeTool().run({"command": "remove", "branch": "wip", "force": True}, ctx)
    assert "discarded 12 change(s)" in result.output
    assert len(result.metadata["discarded"]) == 12
    assert not side.exists()


async def test_remove_never_removes_the_main_worktree(repo: Path, ctx: ToolContext) -> None:
    with pytest.raises(ToolError, match="main worktree; it is never removed"):
        await run(ctx, command="remove", branch="main", force=True)
    assert (repo / "a.txt").is_file()


async def test_remove_names_the_worktrees_when_none_matches(repo: Path, ctx: ToolContext) -> None:
    with pytest.raises(ToolError, match=f"No worktree for branch ghost; the worktrees are: {repo} \\(main\\)"):
        await run(ctx, command="remove", branch="ghost")


async def test_a_workspace_outside_any_repository_is_reported(workspace: Path, ctx: ToolContext) -> None:
    with pytest.raises(ToolError, match="is not inside a git repository: run git init or open the repository"):
        await run(ctx, command="list")


async def test_a_missing_git_executable_is_reported(repo: Path, ctx: ToolContext) -> None:
    tool = GitWorktreeTool(git=str(repo / "no-such-git"))
    with pytest.raises(ToolError, match="not found: install git"):
        await tool.run({"command": "list"}, ctx)


async def test_a_git_that_hangs_is_stopped_at_the_timeout(workspace: Path) -> None:
    hanging = workspace / "git"
    hanging.write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    hanging.chmod(0o755)
    tool = GitWorktreeTool(git=str(hanging))
    with pytest.raises(ToolError, match="took longer than 0.3 s and was stopped"):
        await asyncio.wait_for(tool.run({"command": "list"}, ToolContext(workspace, timeout=0.3)), 10)


async def test_an_unknown_command_is_an_argument_error(repo: Path, ctx: ToolContext) -> None:
    with pytest.raises(ToolArgumentError, match="command must be one of create, list, remove, status"):
        await run(ctx, command="prune")


def test_the_permission_subject_is_the_command_and_its_target() -> None:
    tool = GitWorktreeTool()
    assert tool.permission_subject({"command": "remove", "path": "../x", "branch": "b"}) == "remove ../x"
    assert tool.permission_subject({"command": "create", "branch": "b"}) == "create b"
    assert tool.permission_subject({"command": "list"}) == "list"


def test_status_headers_are_parsed_for_upstreams_detached_heads_and_empty_repositories() -> None:
    tracked = parse_status("## main...origin/main [ahead 2, behind 3]\n M a.py\n?? b\n")
    assert (tracked.branch, tracked.upstream, tracked.ahead, tracked.behind) == ("main", "origin/main", 2, 3)
    assert tracked.changed_paths == ["a.py", "b"]
    assert parse_status("## HEAD (no branch)\n").branch is None
    assert parse_status("## No commits yet on main\n").branch == "main"
    gone = parse_status("## topic...origin/topic [gone]\n")
    assert (gone.branch, gone.upstream, gone.ahead) == ("topic", "origin/topic", 0)
