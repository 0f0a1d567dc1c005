from __future__ import annotations

import os
from pathlib import Path

import pytest

from a3s_core.errors import ToolArgumentError, ToolError
from a3s_core.tools.base import ToolContext
from a3s_core.tools.glob import GlobTool


async def test_glob_lists_matches_newest_first(workspace: Path, ctx: ToolContext, rg_path: str | None) -> None:
    for age, name in enumerate(["new.py", "mid.py", "pkg/old.py"]):
        path = workspace / name
        path.parent.mkdir(exist_ok=True)
        path.write_text("", encoding="utf-8")
        os.utime(path, (1_000_000 - age * 100, 1_000_000 - age * 100))
    (workspace / "notes.txt").write_text("", encoding="utf-8")
    result = await GlobTool(rg_path=rg_path).run({"pattern": "**/*.py"}, ctx)
    assert result.output.splitlines() == ["new.py", "mid.py", "pkg/old.py"]
    assert result.metadata["count"] == 3


async def test_glob_respects_ignore_files_even_for_catch_all_patterns(
    tree: Path, ctx: ToolContext, rg_path: str | None
) -> None:
    result = await GlobTool(rg_path=rg_path).run({"pattern": "**/*"}, ctx)
    assert sorted(result.output.splitlines()) == [
        "app.py",
        "bom.txt",
        "data.bin",
        "docs/readme.md",
        "dos.txt",
        "keep.log",
        "src/deep/util.ts",
        "src/generated_keep.py",
        "src/main.py",
        "src/only_root.txt",
    ]


async def test_glob_finds_hidden_files_only_when_the_pattern_names_them(
    tree: Path, ctx: ToolContext, rg_path: str | None
) -> None:
    tool = GlobTool(rg_path=rg_path)
    assert ".hidden.py" not in (await tool.run({"pattern": "*.py"}, ctx)).output.splitlines()
    assert (await tool.run({"pattern": ".config/*.py"}, ctx)).output == ".config/c.py"


async def test_glob_pattern_is_relative_to_path_and_results_to_the_workspace(
    tree: Path, ctx: ToolContext, rg_path: str | None
) -> None:
    result = await GlobTool(rg_path=rg_path).run({"pattern": "deep/*.ts", "path": "src"}, ctx)
    assert result.output == "src/deep/util.ts"


async def test_glob_with_no_match_says_so(tree: Path, ctx: ToolContext, rg_path: str | None) -> None:
    result = await GlobTool(rg_path=rg_path).run({"pattern": "*.rs"}, ctx)
    assert result.output == "No files match *.rs"


async def test_glob_rejects_a_malformed_pattern(ctx: ToolContext) -> None:
    with pytest.raises(ToolArgumentError, match="error parsing glob"):
        await GlobTool().run({"pattern": "a[b"}, ctx)


async def test_glob_refuses_a_file_as_path(tree: Path, ctx: ToolContext) -> None:
    with pytest.raises(ToolError, match="app.py is a file, not a directory"):
        await GlobTool().run({"pattern": "*", "path": "app.py"}, ctx)


@pytest.mark.parametrize("pattern", ["**/*.py", "*.py", "src/*.py", "*.log", "**/*", ".hidden.py", "*.txt", "src/**"])
async def test_glob_gives_the_same_files_with_ripgrep_and_with_the_python_fallback(
    tree: Path, ctx: ToolContext, pattern: str
) -> None:
    with_rg = await GlobTool().run({"pattern": pattern}, ctx)
    fallback = await GlobTool(rg_path="").run({"pattern": pattern}, ctx)
    assert with_rg.metadata["count"] > 0
    assert sorted(fallback.output.splitlines()) == sorted(with_rg.output.splitlines())


async def test_a_long_file_list_is_saved_to_a_file_the_model_can_page_through(tmp_path: Path) -> None:
    workspace = tmp_path / "many"
    (workspace / "pkg").mkdir(parents=True)
    for i in range(250):
        (workspace / "pkg" / f"m{i}.py").write_text("", encoding="utf-8")
    ctx = ToolContext(workspace=workspace)

    result = await GlobTool().run({"pattern": "**/*.py"}, ctx)

    saved = result.metadata["saved_to"]
    assert saved and "all 250 files are saved in" in result.output
    assert len((workspace / saved).read_text(encoding="utf-8").splitlines()) == 250
