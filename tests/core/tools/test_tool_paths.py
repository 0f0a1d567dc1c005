from __future__ import annotations

from pathlib import Path

import pytest

from a3s_core.errors import ToolDenied
from a3s_core.tools.base import ToolContext
from a3s_core.tools.paths import display_path, resolve_path
from a3s_core.tools.read import ReadTool


def test_a_relative_path_resolves_inside_the_workspace(ctx: ToolContext) -> None:
    assert resolve_path("src/../a.py", ctx, "read") == ctx.workspace / "a.py"


def test_a_path_outside_the_workspace_is_refused_with_a_hint(ctx: ToolContext, tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("s", encoding="utf-8")
    with pytest.raises(ToolDenied) as info:
        resolve_path(str(outside), ctx, "read")
    assert f"is outside the workspace {ctx.workspace}" in info.value.reason
    assert f"read({tmp_path.resolve()}/*)" in info.value.reason


async def test_a_path_outside_the_workspace_is_allowed_when_allow_path_says_so(
    workspace: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "notes.txt"
    outside.write_text("hello\n", encoding="utf-8")
    asked: list[tuple[Path, str]] = []

    def allow(path: Path, tool: str) -> bool:
        asked.append((path, tool))
        return True

    ctx = ToolContext(workspace=workspace.resolve(), allow_path=allow)
    result = await ReadTool().run({"file_path": str(outside)}, ctx)
    assert "hello" in result.output
    assert asked == [(outside.resolve(), "read")]


async def test_a_symlink_that_escapes_the_workspace_is_refused(ctx: ToolContext, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("s", encoding="utf-8")
    (ctx.workspace / "link.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(ToolDenied, match="link.txt is outside the workspace"):
        await ReadTool().run({"file_path": "link.txt"}, ctx)


def test_tilde_expands_to_the_home_directory(workspace: Path) -> None:
    home = Path.home().resolve()
    ctx = ToolContext(workspace=home)
    assert resolve_path("~/x.txt", ctx, "read") == home / "x.txt"


def test_display_paths_are_relative_inside_and_absolute_outside(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert display_path(ws / "a" / "b.py", ws) == "a/b.py"
    assert display_path(ws, ws) == "."
    assert display_path(tmp_path / "x", ws) == str(tmp_path / "x")
