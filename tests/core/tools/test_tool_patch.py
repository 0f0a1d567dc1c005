from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from a3s_core.errors import ToolArgumentError, ToolDenied, ToolError
from a3s_core.tools.base import ToolContext
from a3s_core.tools.patch import PatchTool

LINES = "".join(f"line {n}\n" for n in range(1, 21))


def _write(ctx: ToolContext, name: str, text: str) -> Path:
    path = ctx.workspace / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _read(ctx: ToolContext, name: str) -> str:
    return (ctx.workspace / name).read_text(encoding="utf-8")


SINGLE = """\
--- a/m.txt
+++ b/m.txt
@@ -2,3 +2,3 @@
 line 2
-line 3
+line three
 line 4
"""


async def test_patch_applies_a_single_hunk_and_reports_the_diff(ctx: ToolContext) -> None:
    _write(ctx, "m.txt", LINES)
    result = await PatchTool().run({"patch": SINGLE}, ctx)
    assert _read(ctx, "m.txt") == LINES.replace("line 3\n", "line three\n")
    assert result.output == "Applied 1 hunk to 1 file: m.txt (+1 -1)"
    assert result.metadata["files"] == [{"path": "m.txt", "status": "modified", "additions": 1, "deletions": 1}]
    assert result.metadata["diff"].startswith("--- a/m.txt\n+++ b/m.txt\n@@ -1,6 +1,6 @@\n")
    assert "-line 3\n+line three\n" in result.metadata["diff"]
    assert (result.metadata["additions"], result.metadata["deletions"], result.metadata["offsets"]) == (1, 1, [])


MULTI = """\
diff --git a/src/a.py b/src/a.py
index 1111111..2222222 100644
--- a/src/a.py
+++ b/src/a.py
@@ -1,3 +1,4 @@
 line 1
+inserted after 1
 line 2
 line 3
@@ -17,4 +18,3 @@
 line 17
-line 18
 line 19
 line 20
diff --git a/b.txt b/b.txt
--- a/b.txt
+++ b/b.txt
@@ -1,2 +1,2 @@
-alpha
+ALPHA
 beta
"""


async def test_patch_applies_several_hunks_to_several_files(ctx: ToolContext) -> None:
    _write(ctx, "src/a.py", LINES)
    _write(ctx, "b.txt", "alpha\nbeta\n")
    result = await PatchTool().run({"patch": MULTI}, ctx)
    expected = LINES.replace("line 1\n", "line 1\ninserted after 1\n", 1).replace("line 18\n", "")
    assert _read(ctx, "src/a.py") == expected
    assert _read(ctx, "b.txt") == "ALPHA\nbeta\n"
    assert result.output == "Applied 3 hunks to 2 files: src/a.py (+1 -1), b.txt (+1 -1)"
    assert "--- a/src/a.py\n" in result.metadata["diff"] and "--- a/b.txt\n" in result.metadata["diff"]
    assert (result.metadata["additions"], result.metadata["deletions"]) == (2, 2)


async def test_patch_finds_context_that_moved_five_lines_and_says_where(ctx: ToolContext) -> None:
    _write(ctx, "m.txt", "".join(f"new {n}\n" for n in range(5)) + LINES)
    result = await PatchTool().run({"patch": SINGLE}, ctx)
    assert "line three\n" in _read(ctx, "m.txt")
    assert "line 3\n" not in _read(ctx, "m.txt")
    assert result.output.splitlines()[1] == "hunk 1 of m.txt applied at line 7 (offset +5)"
    assert result.metadata["offsets"] == [
        {"path": "m.txt", "hunk": 1, "line": 7, "offset": 5, "whitespace": False}
    ]


async def test_patch_carries_one_hunks_offset_to_the_next(ctx: ToolContext) -> None:
    pad = "".join(f"x{n}\n" for n in range(60))
    _write(ctx, "src/a.py", pad + LINES.replace("line 5\n", "line 5\n" + "".join(f"y{n}\n" for n in range(50))))
    _write(ctx, "b.txt", "alpha\nbeta\n")
    result = await PatchTool().run({"patch": MULTI}, ctx)
    assert "line 18\n" not in _read(ctx, "src/a.py")
    assert result.output.splitlines()[1:] == [
        "hunk 1 of src/a.py applied at line 61 (offset +60)",
        "hunk 2 of src/a.py applied at line 127 (offset +110)",
    ]


async def test_patch_tolerates_trailing_whitespace_only_as_a_last_resort_and_says_so(ctx: ToolContext) -> None:
    _write(ctx, "m.txt", LINES.replace("line 2\n", "line 2   \n"))
    result = await PatchTool().run({"patch": SINGLE}, ctx)
    assert _read(ctx, "m.txt").startswith("line 1\nline 2   \nline three\nline 4\n")
    assert "hunk 1 of m.txt applied at line 2 (ignoring trailing whitespace)" in result.output
    assert result.metadata["offsets"][0]["whitespace"] is True


CREATE_DELETE = """\
--- /dev/null
+++ b/pkg/new.py
@@ -0,0 +1,2 @@
+def f():
+    return 1
--- a/old.txt
+++ /dev/null
@@ -1,2 +0,0 @@
-one
-two
"""


async def test_patch_creates_and_deletes_files(ctx: ToolContext) -> None:
    _write(ctx, "old.txt", "one\ntwo\n")
    result = await PatchTool().run({"patch": CREATE_DELETE}, ctx)
    assert _read(ctx, "pkg/new.py") == "def f():\n    return 1\n"
    assert not (ctx.workspace / "old.txt").exists()
    assert result.output == "Applied 2 hunks to 2 files: pkg/new.py (created, +2), old.txt (deleted, -2)"
    assert result.metadata["diff"].startswith("--- /dev/null\n+++ b/pkg/new.py\n")
    assert "--- a/old.txt\n+++ /dev/null\n" in result.metadata["diff"]
    assert [f["status"] for f in result.metadata["files"]] == ["created", "deleted"]


async def test_patch_refuses_a_deletion_that_leaves_lines_behind(ctx: ToolContext) -> None:
    _write(ctx, "old.txt", "one\ntwo\nthree\n")
    with pytest.raises(ToolError, match=r"the patch deletes old.txt, but 1 lines of it would remain"):
        await PatchTool().run({"patch": CREATE_DELETE}, ctx)
    assert _read(ctx, "old.txt") == "one\ntwo\nthree\n"
    assert not (ctx.workspace / "pkg").exists()


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=20)
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
async def test_patch_applies_what_git_diff_writes_including_renames_and_missing_newlines(
    ctx: ToolContext,
) -> None:
    ws = ctx.workspace
    _git(ws, "init", "-q")
    _write(ctx, "keep.py", LINES)
    _write(ctx, "gone.txt", "bye\n")
    _write(ctx, "moved_from.txt", LINES)
    _write(ctx, "tail.txt", "a\nb")
    _git(ws, "add", "-A")
    _git(ws, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    _write(ctx, "keep.py", LINES.replace("line 10\n", "line ten\n") + "line 21\n")
    (ws / "gone.txt").unlink()
    (ws / "moved_from.txt").rename(ws / "moved_to.txt")
    _write(ctx, "tail.txt", "a\nb\nc\n")
    _write(ctx, "fresh.txt", "hello")
    _git(ws, "add", "-A")
    diff = _git(ws, "diff", "--cached", "-M")
    wanted = {name: _read(ctx, name) for name in ("keep.py", "moved_to.txt", "tail.txt", "fresh.txt")}
    _git(ws, "reset", "-q", "--hard")
    result = await PatchTool().run({"patch": diff}, ctx)
    assert {name: _read(ctx, name) for name in wanted} == wanted
    assert not (ws / "gone.txt").exists() and not (ws / "moved_from.txt").exists()
    assert "moved_from.txt -> moved_to.txt (renamed, +0 -0)" in result.output
    assert "fresh.txt (created, +1)" in result.output


async def test_patch_changes_nothing_when_a_later_files_hunk_fails(ctx: ToolContext) -> None:
    _write(ctx, "src/a.py", LINES)
    _write(ctx, "b.txt", "gamma\nbeta\n")
    with pytest.raises(ToolError) as info:
        await PatchTool().run({"patch": MULTI}, ctx)
    assert str(info.value).startswith("hunk 1 of b.txt does not apply: the line to remove 'alpha'")
    assert _read(ctx, "src/a.py") == LINES
    assert _read(ctx, "b.txt") == "gamma\nbeta\n"


async def test_patch_restores_written_files_when_a_later_write_fails(ctx: ToolContext) -> None:
    _write(ctx, "m.txt", LINES)
    _write(ctx, "blocker", "a regular file where a directory is needed\n")
    patch = SINGLE + "--- /dev/null\n+++ b/blocker/new.txt\n@@ -0,0 +1 @@\n+x\n"
    with pytest.raises(ToolError) as info:
        await PatchTool().run({"patch": patch}, ctx)
    assert str(info.value).startswith("Cannot write blocker/new.txt: ")
    assert "No file was changed (files already written were restored)." in str(info.value)
    assert _read(ctx, "m.txt") == LINES


async def test_patch_names_the_patch_line_where_a_hunk_header_was_expected(ctx: ToolContext) -> None:
    with pytest.raises(ToolArgumentError) as info:
        await PatchTool().run({"patch": "--- a/m.txt\n+++ b/m.txt\nhello\n"}, ctx)
    assert str(info.value) == "line 3 of the patch: expected a hunk header '@@ -a,b +c,d @@', got 'hello'"


async def test_patch_rejects_a_hunk_header_without_line_numbers(ctx: ToolContext) -> None:
    with pytest.raises(ToolArgumentError, match=r"^line 3 of the patch: expected a hunk header .* got '@@ @@'"):
        await PatchTool().run({"patch": "--- a/m.txt\n+++ b/m.txt\n@@ @@\n-a\n"}, ctx)


async def test_patch_rejects_a_hunk_line_without_a_prefix(ctx: ToolContext) -> None:
    patch = "--- a/m.txt\n+++ b/m.txt\n@@ -1,2 +1,2 @@\n line 1\nline 2\n"
    with pytest.raises(ToolArgumentError) as info:
        await PatchTool().run({"patch": patch}, ctx)
    assert str(info.value) == (
        "line 5 of the patch: expected a hunk line starting with ' ', '-' or '+' (or a new '@@' hunk "
        "header), got 'line 2'"
    )


async def test_patch_rejects_a_missing_plus_plus_plus_line_and_text_that_is_no_diff(ctx: ToolContext) -> None:
    with pytest.raises(ToolArgumentError, match=r"^line 2 of the patch: expected '\+\+\+ b/path' after"):
        await PatchTool().run({"patch": "--- a/m.txt\n@@ -1 +1 @@\n"}, ctx)
    with pytest.raises(ToolArgumentError, match="the patch contains no file changes"):
        await PatchTool().run({"patch": "just some words\n"}, ctx)


async def test_patch_explains_a_hunk_that_does_not_apply_with_the_closest_line(ctx: ToolContext) -> None:
    _write(ctx, "m.py", "def f():\n    return 1\n\n\ndef g(x):\n    return 2\n")
    patch = "--- a/m.py\n+++ b/m.py\n@@ -1,2 +1,2 @@\n def f():\n-    return 1\n+    return 0\n" + (
        "@@ -5,2 +5,2 @@\n def g():\n-    return 2\n+    return 3\n"
    )
    with pytest.raises(ToolError) as info:
        await PatchTool().run({"patch": patch}, ctx)
    assert str(info.value) == (
        "hunk 2 of m.py does not apply: the context line 'def g():' (line 1 of the hunk) was not found "
        "near line 5. The closest line in the file is 5: 'def g(x):'. Read the file again and rebuild "
        "the hunk from its current content."
    )
    assert _read(ctx, "m.py").count("return 1") == 1


async def test_patch_points_to_context_found_too_far_from_its_stated_line(ctx: ToolContext) -> None:
    _write(ctx, "m.txt", "".join(f"pad {n}\n" for n in range(300)) + LINES)
    with pytest.raises(ToolError) as info:
        await PatchTool().run({"patch": SINGLE}, ctx)
    assert str(info.value) == (
        "hunk 1 of m.txt does not apply near line 2: its lines match at line 302, more than 100 lines "
        "away. Fix the line numbers in its '@@' header."
    )


async def test_patch_says_when_a_hunk_looks_already_applied(ctx: ToolContext) -> None:
    _write(ctx, "m.txt", LINES)
    await PatchTool().run({"patch": SINGLE}, ctx)
    with pytest.raises(ToolError, match="its result is already in the file near line 2; was the patch applied before"):
        await PatchTool().run({"patch": SINGLE}, ctx)


async def test_patch_refuses_to_modify_a_file_that_does_not_exist(ctx: ToolContext) -> None:
    _write(ctx, "n.txt", LINES)
    with pytest.raises(ToolError) as info:
        await PatchTool().run({"patch": SINGLE}, ctx)
    assert str(info.value) == (
        "File not found: m.txt. Did you mean: n.txt?. To create a file, start its section with '--- /dev/null'."
    )


async def test_patch_refuses_to_create_a_file_that_exists(ctx: ToolContext) -> None:
    _write(ctx, "pkg/new.py", "already here\n")
    _write(ctx, "old.txt", "one\ntwo\n")
    with pytest.raises(ToolError) as info:
        await PatchTool().run({"patch": CREATE_DELETE}, ctx)
    assert str(info.value) == (
        "pkg/new.py already exists; the patch creates it ('--- /dev/null'); patch the existing file instead"
    )
    assert _read(ctx, "old.txt") == "one\ntwo\n"


async def test_patch_refuses_a_path_outside_the_workspace(ctx: ToolContext, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(LINES, encoding="utf-8")
    patch = SINGLE.replace("a/m.txt", "a/../outside.txt").replace("b/m.txt", "b/../outside.txt")
    with pytest.raises(ToolDenied, match="is outside the workspace"):
        await PatchTool().run({"patch": patch}, ctx)
    assert outside.read_text(encoding="utf-8") == LINES


async def test_patch_refuses_binary_files_and_binary_patches(ctx: ToolContext) -> None:
    (ctx.workspace / "m.txt").write_bytes(b"line 1\x00\nline 2\n")
    with pytest.raises(ToolError, match="m.txt is a binary file; patch only changes text files"):
        await PatchTool().run({"patch": SINGLE}, ctx)
    binary = "diff --git a/i.png b/i.png\nindex 1..2 100644\nGIT binary patch\nliteral 5\n"
    with pytest.raises(ToolError, match="line 3 of the patch changes a binary file"):
        await PatchTool().run({"patch": binary}, ctx)


async def test_patch_keeps_crlf_line_endings(ctx: ToolContext) -> None:
    path = ctx.workspace / "m.txt"
    path.write_bytes(LINES.replace("\n", "\r\n").encode())
    await PatchTool().run({"patch": SINGLE}, ctx)
    assert path.read_bytes() == LINES.replace("line 3\n", "line three\n").replace("\n", "\r\n").encode()


async def test_patch_accepts_a_patch_written_with_crlf_for_a_crlf_file(ctx: ToolContext) -> None:
    path = ctx.workspace / "m.txt"
    path.write_bytes(LINES.replace("\n", "\r\n").encode())
    await PatchTool().run({"patch": SINGLE.replace("\n", "\r\n")}, ctx)
    assert b"line three\r\nline 4\r\n" in path.read_bytes()


async def test_patch_keeps_a_latin_1_files_encoding(ctx: ToolContext) -> None:
    path = ctx.workspace / "m.txt"
    path.write_bytes("caf\xe9\nline 2\nline 3\nline 4\n".encode("latin-1"))
    await PatchTool().run({"patch": SINGLE}, ctx)
    assert path.read_bytes() == "caf\xe9\nline 2\nline three\nline 4\n".encode("latin-1")


async def test_patch_handles_no_newline_at_end_of_file_on_either_side(ctx: ToolContext) -> None:
    _write(ctx, "m.txt", "a\nb")
    add_newline = "--- a/m.txt\n+++ b/m.txt\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"
    await PatchTool().run({"patch": add_newline}, ctx)
    assert _read(ctx, "m.txt") == "a\nb\n"
    drop_newline = (
        "--- a/m.txt\n+++ b/m.txt\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n\\ No newline at end of file\n"
    )
    result = await PatchTool().run({"patch": drop_newline}, ctx)
    assert _read(ctx, "m.txt") == "a\nc"
    assert result.metadata["diff"].endswith("+c\n\\ No newline at end of file\n")


async def test_patch_recounts_a_hunk_whose_header_counts_are_wrong(ctx: ToolContext) -> None:
    _write(ctx, "m.txt", LINES)
    await PatchTool().run({"patch": SINGLE.replace("@@ -2,3 +2,3 @@", "@@ -2,7 +2,9 @@") + "\n\n"}, ctx)
    assert _read(ctx, "m.txt") == LINES.replace("line 3\n", "line three\n")


async def test_patch_reads_empty_patch_lines_as_blank_context_where_the_header_counts_them(
    ctx: ToolContext,
) -> None:
    _write(ctx, "m.py", "a = 1\n\nb = 2\n\n")
    patch = "--- a/m.py\n+++ b/m.py\n@@ -1,4 +1,4 @@\n a = 1\n\n-b = 2\n+b = 3\n\n"
    await PatchTool().run({"patch": patch}, ctx)
    assert _read(ctx, "m.py") == "a = 1\n\nb = 3\n\n"


async def test_patch_with_differing_names_patches_the_file_that_exists(ctx: ToolContext) -> None:
    _write(ctx, "m.txt", LINES)
    patch = SINGLE.replace("--- a/m.txt", "--- m.txt.orig\t2024-01-01 00:00:00").replace("+++ b/m.txt", "+++ m.txt")
    result = await PatchTool().run({"patch": patch}, ctx)
    assert "line three" in _read(ctx, "m.txt")
    assert not (ctx.workspace / "m.txt.orig").exists()
    assert result.output == "Applied 1 hunk to 1 file: m.txt (+1 -1)"


async def test_patch_strips_the_requested_number_of_path_components(ctx: ToolContext) -> None:
    _write(ctx, "m.txt", LINES)
    patch = SINGLE.replace("a/m.txt", "x/y/m.txt").replace("b/m.txt", "x/y/m.txt")
    tool = PatchTool()
    assert tool.permission_subject({"patch": patch, "strip": 2}) == "m.txt"
    await tool.run({"patch": patch, "strip": 2}, ctx)
    assert "line three" in _read(ctx, "m.txt")
    with pytest.raises(ToolArgumentError, match="strip=3 removes the whole path"):
        await tool.run({"patch": patch, "strip": 3}, ctx)


async def test_patch_preview_reports_the_change_and_writes_nothing(ctx: ToolContext) -> None:
    _write(ctx, "src/a.py", LINES)
    _write(ctx, "b.txt", "alpha\nbeta\n")
    preview = await PatchTool().preview({"patch": MULTI + CREATE_DELETE.split("--- a/old.txt")[0]}, ctx)
    assert [f["path"] for f in preview["files"]] == ["src/a.py", "b.txt", "pkg/new.py"]
    assert (preview["additions"], preview["deletions"]) == (4, 2)
    assert "+ALPHA\n" in preview["diff"] and "+def f():\n" in preview["diff"]
    assert _read(ctx, "src/a.py") == LINES and _read(ctx, "b.txt") == "alpha\nbeta\n"
    assert not (ctx.workspace / "pkg").exists()


def test_patch_permission_subject_lists_the_paths_it_touches() -> None:
    tool = PatchTool()
    assert tool.permission_subject({"patch": MULTI}) == "src/a.py,b.txt"
    assert tool.permission_subject({"patch": CREATE_DELETE}) == "pkg/new.py,old.txt"
    assert tool.permission_subject({"patch": "not a diff"}) == ""
    assert (tool.name, tool.lane) == ("patch", "execute")
