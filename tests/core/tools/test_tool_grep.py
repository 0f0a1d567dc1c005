from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from a3s_core.errors import ToolArgumentError, ToolDenied, ToolError
from a3s_core.tools.base import ToolContext
from a3s_core.tools.grep import GrepTool

VISIBLE_TODO_FILES = [
    "app.py",
    "bom.txt",
    "docs/readme.md",
    "dos.txt",
    "keep.log",
    "src/deep/util.ts",
    "src/generated_keep.py",
    "src/main.py",
    "src/only_root.txt",
]


async def test_grep_lists_matching_files_sorted_and_respects_ignore_files(
    tree: Path, ctx: ToolContext, rg_path: str | None
) -> None:
    result = await GrepTool(rg_path=rg_path).run({"pattern": "TODO"}, ctx)
    assert result.output.splitlines() == VISIBLE_TODO_FILES
    assert result.metadata["files"] == len(VISIBLE_TODO_FILES)


async def test_grep_applies_ignore_files_above_the_workspace_like_ripgrep(
    workspace: Path, ctx: ToolContext, rg_path: str | None
) -> None:
    # The pattern naming the workspace itself does not hide it; the one naming files does.
    (workspace.parent / ".gitignore").write_text(f"/{workspace.name}\n*.tmp\n", encoding="utf-8")
    (workspace / "a.py").write_text("x\n", encoding="utf-8")
    (workspace / "b.tmp").write_text("x\n", encoding="utf-8")
    result = await GrepTool(rg_path=rg_path).run({"pattern": "x"}, ctx)
    assert result.output == "a.py"


async def test_grep_with_no_match_says_so(tree: Path, ctx: ToolContext, rg_path: str | None) -> None:
    result = await GrepTool(rg_path=rg_path).run({"pattern": "no such text anywhere"}, ctx)
    assert result.output == "No matches found"
    assert result.is_error is False


async def test_grep_rejects_a_bad_regex_with_the_engines_message(ctx: ToolContext, rg_path: str | None) -> None:
    with pytest.raises(ToolArgumentError, match="(?s)regex parse error.*(unclosed group|missing \\))"):
        await GrepTool(rg_path=rg_path).run({"pattern": "foo("}, ctx)


async def test_grep_content_mode_shows_path_line_and_text_with_context(
    tree: Path, ctx: ToolContext, rg_path: str | None
) -> None:
    args = {"pattern": "TODO", "path": "src/main.py", "output_mode": "content", "context": 1}
    result = await GrepTool(rg_path=rg_path).run(args, ctx)
    assert result.output.splitlines() == [
        "src/main.py-1-def main():",
        "src/main.py:2:    # TODO main",
        "src/main.py-3-    pass",
    ]


async def test_grep_count_mode_counts_matching_lines_per_file(
    tree: Path, ctx: ToolContext, rg_path: str | None
) -> None:
    args = {"pattern": "todo", "path": "src", "case_insensitive": True, "output_mode": "count"}
    result = await GrepTool(rg_path=rg_path).run(args, ctx)
    assert result.output.splitlines() == [
        "src/deep/util.ts:1",
        "src/generated_keep.py:1",
        "src/main.py:2",
        "src/only_root.txt:1",
    ]
    assert result.metadata["matches"] == 5


async def test_grep_head_limit_caps_the_output_with_a_note(tree: Path, ctx: ToolContext) -> None:
    result = await GrepTool().run({"pattern": "TODO", "head_limit": 2}, ctx)
    assert result.output.splitlines() == [
        "app.py",
        "bom.txt",
        "[showing 2 of 9 lines; narrow the search with path, glob or type or raise head_limit]",
    ]
    assert result.metadata["truncated"] is True


async def test_grep_refuses_a_path_outside_the_workspace(ctx: ToolContext, tmp_path: Path) -> None:
    with pytest.raises(ToolDenied):
        await GrepTool().run({"pattern": "x", "path": str(tmp_path)}, ctx)


async def test_grep_of_a_missing_path_is_an_error(ctx: ToolContext) -> None:
    with pytest.raises(ToolError, match="Path not found: nowhere"):
        await GrepTool().run({"pattern": "x", "path": "nowhere"}, ctx)


async def test_grep_rejects_an_unknown_file_type(ctx: ToolContext) -> None:
    with pytest.raises(ToolArgumentError, match="type 'cobol' is not known; use one of c, cpp"):
        await GrepTool().run({"pattern": "x", "type": "cobol"}, ctx)


async def test_grep_rejects_an_unknown_output_mode(ctx: ToolContext) -> None:
    with pytest.raises(ToolArgumentError, match="output_mode must be one of"):
        await GrepTool().run({"pattern": "x", "output_mode": "lines"}, ctx)


PARITY_CASES: list[dict[str, Any]] = [
    {"pattern": "TODO"},
    {"pattern": "todo", "case_insensitive": True, "output_mode": "count"},
    {"pattern": "^TODO", "output_mode": "content"},
    {"pattern": "TODO|pass", "output_mode": "content", "context": 2},
    {"pattern": "TODO", "glob": "*.py"},
    {"pattern": "TODO", "glob": "*.log"},
    {"pattern": "TODO", "glob": "!src/**"},
    {"pattern": "TODO", "glob": "src/*.py"},
    {"pattern": "TODO", "glob": ["src", "*.md"]},
    {"pattern": "TODO", "glob": ".*.py"},
    {"pattern": "TODO", "type": "ts"},
    {"pattern": "TODO", "type": "py", "glob": "src/**"},
    {"pattern": "TODO", "path": "src"},
    {"pattern": "crlf$|second", "output_mode": "content"},
    {"pattern": "o", "output_mode": "content", "path": "src/main.py", "context": 1},
]


@pytest.mark.parametrize("args", PARITY_CASES, ids=lambda args: " ".join(f"{k}={v}" for k, v in args.items()))
async def test_grep_gives_the_same_output_with_ripgrep_and_with_the_python_fallback(
    tree: Path, ctx: ToolContext, args: dict[str, Any]
) -> None:
    with_rg = await GrepTool().run(dict(args), ctx)
    fallback = await GrepTool(rg_path="").run(dict(args), ctx)
    assert (with_rg.metadata["engine"], fallback.metadata["engine"]) == ("rg", "python")
    assert with_rg.output != "No matches found"
    assert fallback.output == with_rg.output


async def test_grep_with_a_broken_rg_path_is_a_tool_error(tree: Path, ctx: ToolContext, tmp_path: Path) -> None:
    with pytest.raises(ToolError, match="Cannot run ripgrep"):
        await GrepTool(rg_path=str(tmp_path / "no-rg")).run({"pattern": "x"}, ctx)


@pytest.mark.parametrize("context", [0, 1])
async def test_grep_content_past_head_limit_counts_every_line_with_both_engines(
    workspace: Path, ctx: ToolContext, context: int
) -> None:
    (workspace / "odd\nname.txt").write_text("x hit\n--\nhit --\n", encoding="utf-8")
    (workspace / "latin.txt").write_bytes(b"caf\xe9 hit\n")
    for i in range(5):
        (workspace / f"f{i}.txt").write_text("hit\nmiss\nmiss\nmiss\nhit\n", encoding="utf-8")
    args = {"pattern": "hit", "output_mode": "content", "context": context, "head_limit": 3}
    with_rg = await GrepTool().run(dict(args), ctx)
    fallback = await GrepTool(rg_path="").run(dict(args), ctx)
    lines = 13 if context == 0 else 24 + 5 + 6  # hits and context lines, "--" inside files, "--" between files
    assert f"[showing 3 of {lines} lines;" in with_rg.output
    assert with_rg.metadata["matches"] == 13
    assert fallback.output == with_rg.output
    assert fallback.metadata == {**with_rg.metadata, "engine": "python"}


async def test_a_long_result_is_saved_to_a_file_the_model_can_page_through(tmp_path: Path) -> None:
    from a3s_core.tools.read import ReadTool

    workspace = tmp_path / "big"
    workspace.mkdir()
    (workspace / "many.txt").write_text("".join(f"needle {i}\n" for i in range(600)), encoding="utf-8")
    ctx = ToolContext(workspace=workspace)

    result = await GrepTool().run({"pattern": "needle", "output_mode": "content"}, ctx)

    saved = result.metadata["saved_to"]
    assert saved and saved.startswith(".a3s/tool-output/grep-") and f"saved in {saved}" in result.output
    page = await ReadTool().run({"file_path": saved, "offset": 600, "limit": 1}, ctx)
    assert "many.txt:600:needle 599" in page.output
    assert (workspace / ".a3s" / "tool-output" / ".gitignore").read_text(encoding="utf-8") == "*\n"
    again = await GrepTool().run({"pattern": "needle", "output_mode": "files_with_matches"}, ctx)
    assert again.output.strip() == "many.txt"  # the saved output is not searched itself
