"""Turning an MCP CallToolResult into the ToolResult the model reads."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from a3s_core.messages import ImageBlock
from a3s_core.tools.base import ToolResult

if TYPE_CHECKING:
    import mcp_types

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


def to_tool_result(result: mcp_types.CallToolResult, server: str, tool: str) -> ToolResult:
    """Text blocks joined; images kept as ImageBlocks; resources described; structured content appended."""
    parts: list[str] = []
    images: list[ImageBlock] = []
    for block in result.content:
        if block.type == "image" and block.mime_type in IMAGE_TYPES:
            images.append(ImageBlock(media_type=block.mime_type, data=block.data))
            parts.append(f"[image: {block.mime_type}]")
        else:
            parts.append(describe_block(block))
    structured = result.structured_content
    if structured is not None and not _already_in_text(structured, parts):
        parts.append(json.dumps(structured, indent=2, ensure_ascii=False, default=str))
    output = "\n".join(part for part in parts if part) or "(no output)"
    metadata: dict[str, Any] = {"mcp_server": server, "mcp_tool": tool}
    if structured is not None:
        metadata["structured_content"] = structured
    return ToolResult(output=output, is_error=bool(result.is_error), metadata=metadata, images=images)


def describe_block(block: Any) -> str:
    """The text of one non-image content block (or a line describing what it holds)."""
    kind = block.type
    if kind == "text":
        return str(block.text)
    if kind in ("image", "audio"):
        return f"[{kind}: {block.mime_type}, {len(block.data)} base64 characters, not shown]"
    if kind == "resource":
        resource = block.resource
        text = getattr(resource, "text", None)
        if text is not None:
            return f"[resource {resource.uri}]\n{text}"
        mime = resource.mime_type or "application/octet-stream"
        return f"[resource {resource.uri}: {mime}, {len(resource.blob)} base64 characters, not shown]"
    if kind == "resource_link":
        about = f": {block.description}" if block.description else ""
        return f"[resource link {block.name} <{block.uri}>{about}]"
    return f"[{kind} content, not shown]"


def _already_in_text(structured: Any, parts: list[str]) -> bool:
    """True when a text block is the same JSON (servers often send both for old clients)."""
    for part in parts:
        try:
            if json.loads(part) == structured:
                return True
        except ValueError:
            continue
    return False
