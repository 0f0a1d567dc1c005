from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

import pytest

from a3s_core.errors import ToolArgumentError, ToolError
from a3s_core.tools.base import ToolContext
from a3s_core.tools.read import MAX_LINE_CHARS, ReadTool


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


async def test_read_numbers_lines_like_cat_n(ctx: ToolContext) -> None:
    (ctx.workspace / "a.py").write_text("one\ntwo\n", encoding="utf-8")
    result = await ReadTool().run({"file_path": "a.py"}, ctx)
    assert result.output == "     1\tone\n     2\ttwo"
    assert result.metadata == {"path": "a.py", "total_lines": 2, "truncated": False, "start_line": 1, "end_line": 2}


async def test_read_accepts_path_as_an_alias_of_file_path(ctx: ToolContext) -> None:
    (ctx.workspace / "a.txt").write_text("x", encoding="utf-8")
    result = await ReadTool().run({"path": "a.txt"}, ctx)
    assert result.output == "     1\tx"


async def test_read_of_a_missing_file_names_similar_files(ctx: ToolContext) -> None:
    (ctx.workspace / "src").mkdir()
    (ctx.workspace / "src" / "main.py").write_text("", encoding="utf-8")
    with pytest.raises(ToolError, match=r"File not found: src/mian.py. Did you mean: src/main.py\?"):
        await ReadTool().run({"file_path": "src/mian.py"}, ctx)


async def test_read_of_a_directory_points_to_ls(ctx: ToolContext) -> None:
    (ctx.workspace / "src").mkdir()
    with pytest.raises(ToolError, match="src is a directory, not a file; use ls"):
        await ReadTool().run({"file_path": "src"}, ctx)


async def test_read_without_a_path_says_which_argument_is_missing(ctx: ToolContext) -> None:
    with pytest.raises(ToolArgumentError, match="file_path is required"):
        await ReadTool().run({}, ctx)


async def test_read_describes_a_binary_file_instead_of_showing_it(ctx: ToolContext) -> None:
    (ctx.workspace / "blob.bin").write_bytes(b"\x00\x01\x02" * 1000)
    result = await ReadTool().run({"file_path": "blob.bin"}, ctx)
    assert result.output == "Binary file (2.9 KB, application/octet-stream): not shown"
    assert result.metadata["binary"] is True


async def test_read_returns_an_image_block_for_a_png_detected_by_its_bytes(ctx: ToolContext) -> None:
    data = png(3, 2)
    (ctx.workspace / "picture.dat").write_bytes(data)
    result = await ReadTool().run({"file_path": "picture.dat"}, ctx)
    assert result.output == f"Image file: picture.dat (3x2, {len(data)} bytes)"
    assert [(image.media_type, base64.b64decode(image.data)) for image in result.images] == [("image/png", data)]


async def test_read_pages_with_offset_and_limit_and_says_how_to_continue(ctx: ToolContext) -> None:
    (ctx.workspace / "long.txt").write_text("".join(f"line {n}\n" for n in range(1, 11)), encoding="utf-8")
    result = await ReadTool().run({"file_path": "long.txt", "offset": 3, "limit": "2"}, ctx)
    assert result.output.splitlines() == [
        "     3\tline 3",
        "     4\tline 4",
        "... showing lines 3-4 of 10; use offset=5 to read more",
    ]
    assert result.metadata["truncated"] is True


async def test_read_refuses_an_offset_past_the_end(ctx: ToolContext) -> None:
    (ctx.workspace / "a.txt").write_text("a\nb\n", encoding="utf-8")
    with pytest.raises(ToolArgumentError, match="offset=5 is past the end of a.txt, which has 2 lines"):
        await ReadTool().run({"file_path": "a.txt", "offset": 5}, ctx)


async def test_read_rejects_a_limit_that_is_not_a_number(ctx: ToolContext) -> None:
    (ctx.workspace / "a.txt").write_text("a\n", encoding="utf-8")
    with pytest.raises(ToolArgumentError, match="limit must be a number"):
        await ReadTool().run({"file_path": "a.txt", "limit": "many"}, ctx)


async def test_read_cuts_very_long_lines_with_a_marker(ctx: ToolContext) -> None:
    (ctx.workspace / "min.js").write_text("x" * 5000 + "\nshort\n", encoding="utf-8")
    result = await ReadTool().run({"file_path": "min.js"}, ctx)
    first, second = result.output.splitlines()
    assert first == f"     1\t{'x' * MAX_LINE_CHARS}... [line truncated: 5000 characters]"
    assert second == "     2\tshort"


async def test_read_stops_at_the_output_size_cap_and_says_where_to_resume(ctx: ToolContext) -> None:
    (ctx.workspace / "big.txt").write_text(("y" * 999 + "\n") * 1000, encoding="utf-8")
    result = await ReadTool().run({"file_path": "big.txt"}, ctx)
    end = result.metadata["end_line"]
    assert 200 < end < 300
    assert result.output.endswith(f"... showing lines 1-{end} of 1000; use offset={end + 1} to read more")


async def test_read_of_an_empty_file_says_it_is_empty(ctx: ToolContext) -> None:
    (ctx.workspace / "empty.txt").write_bytes(b"")
    result = await ReadTool().run({"file_path": "empty.txt"}, ctx)
    assert result.output == "(The file empty.txt is empty: 0 lines.)"
    assert result.metadata["total_lines"] == 0


async def test_read_shows_crlf_and_latin1_files_as_text(ctx: ToolContext, workspace: Path) -> None:
    (workspace / "dos.txt").write_bytes(b"caf\xe9\r\nbar\r\n")
    result = await ReadTool().run({"file_path": "dos.txt"}, ctx)
    assert result.output == "     1\tcafé\n     2\tbar"
