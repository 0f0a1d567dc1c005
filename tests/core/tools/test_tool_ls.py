from __future__ import annotations

from pathlib import Path

import pytest

from a3s_core.errors import ToolError
from a3s_core.tools.base import ToolContext
from a3s_core.tools.ls import MAX_ENTRIES, LsTool


async def test_ls_draws_a_tree_without_ignored_entries_or_git(tree: Path, ctx: ToolContext) -> None:
    (tree / ".git").mkdir()
    (tree / ".git" / "HEAD").write_text("ref: x\n", encoding="utf-8")
    result = await LsTool().run({}, ctx)
    assert result.output.splitlines() == [
        "./",
        "  .config/",
        "    c.py",
        "  docs/",
        "    readme.md",
        "  src/",
        "    deep/",
        "      util.ts",
        "    .gitignore",
        "    generated_keep.py",
        "    main.py",
        "    only_root.txt",
        "  .gitignore",
        "  .hidden.py",
        "  .ignore",
        "  app.py",
        "  bom.txt",
        "  data.bin",
        "  dos.txt",
        "  keep.log",
    ]


async def test_ls_leaves_out_entries_matching_ignore_globs(tree: Path, ctx: ToolContext) -> None:
    result = await LsTool().run({"path": "src", "ignore": ["deep", "*.txt", ".*"]}, ctx)
    assert result.output.splitlines() == ["src/", "  generated_keep.py", "  main.py"]


async def test_ls_stops_at_the_entry_cap_with_a_note(workspace: Path, ctx: ToolContext) -> None:
    for n in range(MAX_ENTRIES + 5):
        (workspace / f"f{n:04}").touch()
    result = await LsTool().run({"path": "."}, ctx)
    lines = result.output.splitlines()
    assert len(lines) == 1 + MAX_ENTRIES + 1
    assert lines[-1].startswith(f"[listing stopped at {MAX_ENTRIES} entries")
    assert result.metadata["truncated"] is True


async def test_ls_of_an_empty_directory_says_so(workspace: Path, ctx: ToolContext) -> None:
    (workspace / "empty").mkdir()
    result = await LsTool().run({"path": "empty"}, ctx)
    assert result.output == "empty/\n  (empty)"


async def test_ls_of_a_missing_directory_is_an_error(ctx: ToolContext) -> None:
    with pytest.raises(ToolError, match="Directory not found: nope"):
        await LsTool().run({"path": "nope"}, ctx)
