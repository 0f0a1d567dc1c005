"""The write tool: create or replace a whole file, atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from a3s_core.errors import ToolError
from a3s_core.protocols import Lane
from a3s_core.tools import _args
from a3s_core.tools._files import TextFile, atomic_write, decode_text, unified_diff
from a3s_core.tools.base import ToolContext, ToolResult
from a3s_core.tools.paths import display_path, resolve_path

DESCRIPTION = """Create a file or replace its whole content.

Missing parent directories are created. An existing file keeps its permissions and text encoding. \
To change part of an existing file, prefer edit, which sends only the changed text; read an \
existing file before overwriting it."""


class WriteTool:
    """Writes a whole file atomically and reports the diff."""

    name = "write"
    description = DESCRIPTION
    lane: Lane = "execute"
    input_schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "file_path": {
                "type": "string",
                "description": "Path of the file to write, relative to the workspace or absolute.",
            },
            "content": {"type": "string", "description": "The complete new content of the file."},
        },
        "required": ["file_path", "content"],
    }

    def permission_subject(self, args: dict[str, Any]) -> str:
        """The path as given."""
        return str(args.get("file_path") or args.get("path") or "")

    async def preview(self, args: dict[str, Any], ctx: ToolContext) -> dict[str, Any]:
        """The diff this call would make, for a confirmation prompt; writes nothing."""
        raw = _args.require_str(args, "file_path", "the path of the file to write", aliases=("path",))
        content = _args.require_text(args, "content", "the complete new content of the file")
        path = resolve_path(raw, ctx, self.name)
        shown = display_path(path, ctx.workspace)
        old = _existing(raw, path) if path.is_file() else None
        diff = unified_diff(old.text if old else "", content.replace("\r\n", "\n"), shown)
        return {"path": shown, "created": old is None, **diff.as_metadata()}

    async def run(self, args: dict[str, Any], ctx: ToolContext) -> ToolResult:
        """Write ``content`` to ``file_path``."""
        raw = _args.require_str(args, "file_path", "the path of the file to write", aliases=("path",))
        content = _args.require_text(args, "content", "the complete new content of the file")
        path = resolve_path(raw, ctx, self.name)
        if path.is_dir():
            raise ToolError(f"{raw} is a directory; give the path of a file inside it")
        shown = display_path(path, ctx.workspace)
        old = _existing(raw, path)
        created = old is None
        target = old or TextFile(text="", encoding="utf-8", newline="\n")
        try:
            data = content.encode(target.encoding)
        except UnicodeEncodeError:
            data = content.encode("utf-8")
        try:
            atomic_write(path, data)
        except OSError as exc:
            raise ToolError(f"Cannot write {raw}: {exc.strerror or exc}") from None
        diff = unified_diff(target.text, content.replace("\r\n", "\n"), shown)
        lines = content.count("\n") + (0 if content.endswith("\n") or not content else 1)
        if created:
            summary = f"Created {shown} ({lines} lines)"
        else:
            summary = f"Updated {shown} ({lines} lines; +{diff.additions} -{diff.deletions})"
        return ToolResult(output=summary, metadata={"path": shown, "created": created, **diff.as_metadata()})


def _existing(raw: str, path: Path) -> TextFile | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ToolError(f"Cannot read the existing {raw}: {exc.strerror or exc}") from None
    return decode_text(data) or TextFile(text="", encoding="utf-8", newline="\n")
