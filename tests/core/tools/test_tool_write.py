from __future__ import annotations

import os

import pytest

from a3s_core.errors import ToolArgumentError, ToolError
from a3s_core.tools.base import ToolContext
from a3s_core.tools.write import WriteTool


async def test_write_creates_missing_directories_and_reports_the_new_file(ctx: ToolContext) -> None:
    result = await WriteTool().run({"file_path": "pkg/sub/new.py", "content": "a = 1\nb = 2\n"}, ctx)
    assert (ctx.workspace / "pkg" / "sub" / "new.py").read_text(encoding="utf-8") == "a = 1\nb = 2\n"
    assert result.output == "Created pkg/sub/new.py (2 lines)"
    assert result.metadata["created"] is True
    assert (result.metadata["additions"], result.metadata["deletions"]) == (2, 0)


async def test_write_over_an_existing_file_reports_a_unified_diff(ctx: ToolContext) -> None:
    (ctx.workspace / "a.txt").write_text("keep\nold\n", encoding="utf-8")
    result = await WriteTool().run({"file_path": "a.txt", "content": "keep\nnew\n"}, ctx)
    assert result.metadata["created"] is False
    assert result.metadata["diff"].splitlines() == [
        "--- a/a.txt",
        "+++ b/a.txt",
        "@@ -1,2 +1,2 @@",
        " keep",
        "-old",
        "+new",
    ]
    assert result.output == "Updated a.txt (2 lines; +1 -1)"


async def test_write_keeps_the_permissions_of_the_file_it_replaces(ctx: ToolContext) -> None:
    script = ctx.workspace / "run.sh"
    script.write_text("echo 1\n", encoding="utf-8")
    script.chmod(0o750)
    await WriteTool().run({"file_path": "run.sh", "content": "echo 2\n"}, ctx)
    assert script.stat().st_mode & 0o777 == 0o750
    assert sorted(os.listdir(ctx.workspace)) == ["run.sh"], "no temporary file is left behind"


async def test_write_can_create_an_empty_file(ctx: ToolContext) -> None:
    await WriteTool().run({"file_path": "empty", "content": ""}, ctx)
    assert (ctx.workspace / "empty").read_bytes() == b""


async def test_write_refuses_a_directory(ctx: ToolContext) -> None:
    (ctx.workspace / "src").mkdir()
    with pytest.raises(ToolError, match="src is a directory"):
        await WriteTool().run({"file_path": "src", "content": "x"}, ctx)


async def test_write_without_content_says_which_argument_is_missing(ctx: ToolContext) -> None:
    with pytest.raises(ToolArgumentError, match="content is required"):
        await WriteTool().run({"file_path": "a.txt"}, ctx)
