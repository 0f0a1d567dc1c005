from __future__ import annotations

import pytest

from a3s_core.errors import ToolArgumentError, ToolError
from a3s_core.tools.base import ToolContext
from a3s_core.tools.edit import EditTool

SOURCE = "def f():\n    return 1\n\n\ndef g():\n    return 1\n"


async def test_edit_replaces_a_unique_match_and_reports_the_diff(ctx: ToolContext) -> None:
    path = ctx.workspace / "m.py"
    path.write_text(SOURCE, encoding="utf-8")
    result = await EditTool().run(
        {"file_path": "m.py", "old_string": "def g():\n    return 1", "new_string": "def g():\n    return 2"}, ctx
    )
    assert path.read_text(encoding="utf-8") == "def f():\n    return 1\n\n\ndef g():\n    return 2\n"
    assert result.output.startswith("Edited m.py: replaced 1 occurrence (+1 -1 lines)\n")
    assert "     6\t    return 2" in result.output
    assert "-    return 1\n+    return 2\n" in result.metadata["diff"]
    assert (result.metadata["additions"], result.metadata["deletions"]) == (1, 1)


async def test_edit_refuses_an_old_string_that_matches_twice(ctx: ToolContext) -> None:
    (ctx.workspace / "m.py").write_text(SOURCE, encoding="utf-8")
    with pytest.raises(ToolError) as info:
        await EditTool().run({"file_path": "m.py", "old_string": "return 1", "new_string": "return 2"}, ctx)
    assert str(info.value) == (
        "old_string matches 2 times (lines 2, 6); add surrounding context to make it unique or set replace_all=true"
    )
    assert (ctx.workspace / "m.py").read_text(encoding="utf-8") == SOURCE


async def test_edit_with_replace_all_replaces_every_match(ctx: ToolContext) -> None:
    (ctx.workspace / "m.py").write_text(SOURCE, encoding="utf-8")
    result = await EditTool().run(
        {"file_path": "m.py", "old_string": "return 1", "new_string": "return 2", "replace_all": True}, ctx
    )
    assert (ctx.workspace / "m.py").read_text(encoding="utf-8") == SOURCE.replace("return 1", "return 2")
    assert result.metadata["replacements"] == 2


async def test_edit_with_no_match_points_to_a_whitespace_insensitive_match(ctx: ToolContext) -> None:
    (ctx.workspace / "m.py").write_text(SOURCE, encoding="utf-8")
    with pytest.raises(ToolError) as info:
        await EditTool().run({"file_path": "m.py", "old_string": "def g():\n  return 1", "new_string": "x"}, ctx)
    assert "old_string was not found in m.py" in str(info.value)
    assert "does match if whitespace is ignored, at line(s) 5" in str(info.value)


async def test_edit_with_no_match_names_the_most_similar_line(ctx: ToolContext) -> None:
    (ctx.workspace / "m.py").write_text(SOURCE, encoding="utf-8")
    with pytest.raises(ToolError, match=r"The most similar line is 5: 'def g\(\):'"):
        await EditTool().run({"file_path": "m.py", "old_string": "def gg():", "new_string": "x"}, ctx)


async def test_edit_refuses_identical_old_and_new_strings(ctx: ToolContext) -> None:
    (ctx.workspace / "m.py").write_text(SOURCE, encoding="utf-8")
    with pytest.raises(ToolArgumentError, match="identical"):
        await EditTool().run({"file_path": "m.py", "old_string": "f", "new_string": "f"}, ctx)


async def test_edit_keeps_crlf_line_endings(ctx: ToolContext) -> None:
    path = ctx.workspace / "dos.txt"
    path.write_bytes(b"one\r\ntwo\r\nthree\r\n")
    await EditTool().run({"file_path": "dos.txt", "old_string": "one\ntwo", "new_string": "1\n2\n2.5"}, ctx)
    assert path.read_bytes() == b"1\r\n2\r\n2.5\r\nthree\r\n"


async def test_edit_keeps_a_latin1_encoding(ctx: ToolContext) -> None:
    path = ctx.workspace / "old.txt"
    path.write_bytes(b"caf\xe9 au lait\n")
    await EditTool().run({"file_path": "old.txt", "old_string": "au lait", "new_string": "cr\xe8me"}, ctx)
    assert path.read_bytes() == b"caf\xe9 cr\xe8me\n"


async def test_edit_of_a_missing_file_suggests_write(ctx: ToolContext) -> None:
    with pytest.raises(ToolError, match="File not found: nope.py.*use write"):
        await EditTool().run({"file_path": "nope.py", "old_string": "a", "new_string": "b"}, ctx)


async def test_edit_refuses_a_binary_file(ctx: ToolContext) -> None:
    (ctx.workspace / "b.bin").write_bytes(b"a\x00b")
    with pytest.raises(ToolError, match="binary file"):
        await EditTool().run({"file_path": "b.bin", "old_string": "a", "new_string": "b"}, ctx)
