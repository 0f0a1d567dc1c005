"""The read tool: a file's lines numbered like ``cat -n``, images as image blocks."""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path
from typing import Any

from a3s_core.errors import ToolArgumentError, ToolError
from a3s_core.messages import ImageBlock
from a3s_core.protocols import Lane
from a3s_core.tools import _args
from a3s_core.tools._files import decode_text, split_lines
from a3s_core.tools._media import human_size, image_size, image_type
from a3s_core.tools.base import ToolContext, ToolResult
from a3s_core.tools.paths import display_path, not_found, resolve_path

DEFAULT_LIMIT = 2000
MAX_LINE_CHARS = 2000
MAX_OUTPUT_CHARS = 256 * 1024
MAX_IMAGE_BYTES = 5 * 1024 * 1024
"""Providers refuse larger images (Anthropic: 5 MB per image)."""

DESCRIPTION = """Read a file from the workspace.

Text is returned with line numbers like `cat -n` (number, tab, line); the numbers are not part of \
the file. By default up to 2000 lines from the start are shown; use offset and limit to page \
through longer files. Lines longer than 2000 characters are cut. PNG, JPEG, GIF and WebP images \
are returned as images. Binary files are described, not shown. Read a file before editing it."""


class ReadTool:
    """Reads text files (numbered lines), images (image blocks) and describes binary files."""

    name = "read"
    description = DESCRIPTION
    lane: Lane = "query"
    input_schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "file_path": {
                "type": "string",
                "description": "Path of the file, relative to the workspace or absolute.",
            },
            "offset": {
                "type": "integer",
                "minimum": 1,
                "description": "1-based line number to start from (default 1).",
            },
            "limit": {
                "type": "integer",
                "minimum": 1,
                "description": f"Maximum number of lines to return (default {DEFAULT_LIMIT}).",
            },
        },
        "required": ["file_path"],
    }

    def permission_subject(self, args: dict[str, Any]) -> str:
        """The path as given."""
        return str(args.get("file_path") or args.get("path") or "")

    async def run(self, args: dict[str, Any], ctx: ToolContext) -> ToolResult:
        """Read the file named by ``file_path`` (or ``path``)."""
        raw = _args.require_str(args, "file_path", "the path of the file to read", aliases=("path",))
        offset = _args.optional_int(args, "offset", 1, minimum=1) or 1
        limit = _args.optional_int(args, "limit", DEFAULT_LIMIT, minimum=1) or DEFAULT_LIMIT
        path = resolve_path(raw, ctx, self.name)
        shown = display_path(path, ctx.workspace)
        data = _read_bytes(raw, path)
        media_type = image_type(data)
        if media_type is not None:
            return _image_result(shown, data, media_type)
        text_file = decode_text(data)
        if text_file is None:
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return ToolResult(
                output=f"Binary file ({human_size(len(data))}, {kind}): not shown",
                metadata={"path": shown, "binary": True, "size": len(data), "truncated": False},
            )
        return _text_result(shown, split_lines(text_file.text), offset, limit)


def _read_bytes(raw: str, path: Path) -> bytes:
    if path.is_dir():
        raise ToolError(f"{raw} is a directory, not a file; use ls to list it")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise not_found(raw, path) from None
    except OSError as exc:
        raise ToolError(f"Cannot read {raw}: {exc.strerror or exc}") from None


def _image_result(shown: str, data: bytes, media_type: str) -> ToolResult:
    size = image_size(data, media_type)
    dims = f"{size[0]}x{size[1]}, " if size else ""
    metadata: dict[str, Any] = {"path": shown, "image": True, "media_type": media_type, "size": len(data)}
    if len(data) > MAX_IMAGE_BYTES:
        return ToolResult(
            output=f"Image file: {shown} ({dims}{human_size(len(data))}): too large to show "
            f"(limit {human_size(MAX_IMAGE_BYTES)})",
            metadata=metadata,
        )
    block = ImageBlock(media_type=media_type, data=base64.b64encode(data).decode("ascii"))
    return ToolResult(output=f"Image file: {shown} ({dims}{human_size(len(data))})", metadata=metadata, images=[block])


def _text_result(shown: str, lines: list[str], offset: int, limit: int) -> ToolResult:
    total = len(lines)
    metadata: dict[str, Any] = {"path": shown, "total_lines": total, "truncated": False}
    if total == 0:
        return ToolResult(output=f"(The file {shown} is empty: 0 lines.)", metadata=metadata)
    if offset > total:
        raise ToolArgumentError(f"offset={offset} is past the end of {shown}, which has {total} lines")
    out: list[str] = []
    size = 0
    end = offset - 1
    for index in range(offset - 1, min(total, offset - 1 + limit)):
        line = lines[index]
        if len(line) > MAX_LINE_CHARS:
            line = f"{line[:MAX_LINE_CHARS]}... [line truncated: {len(line)} characters]"
        numbered = f"{index + 1:>6}\t{line}"
        if out and size + len(numbered) + 1 > MAX_OUTPUT_CHARS:
            break
        out.append(numbered)
        size += len(numbered) + 1
        end = index + 1
    if end < total:
        out.append(f"... showing lines {offset}-{end} of {total}; use offset={end + 1} to read more")
        metadata["truncated"] = True
    metadata.update(start_line=offset, end_line=end)
    return ToolResult(output="\n".join(out), metadata=metadata)
