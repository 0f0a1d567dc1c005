"""Tool names given to MCP tools, and how call results are turned into ToolResults."""

from __future__ import annotations

import re

import pytest

from a3s_core.mcp._names import qualified_name


def test_names_are_namespaced_and_sanitised() -> None:
    assert qualified_name("my server", "read.file/v2") == "mcp__my_server__read_file_v2"
    assert qualified_name("git", "git-status") == "mcp__git__git-status"


def test_long_names_are_cut_to_64_characters_and_stay_distinct() -> None:
    first = qualified_name("server", "a" * 80 + "one")
    second = qualified_name("server", "a" * 80 + "two")
    assert len(first) == len(second) == 64
    assert first != second
    assert re.fullmatch(r"[A-Za-z0-9_-]+", first)


def test_results_map_every_content_type() -> None:
    mcp_types = pytest.importorskip("mcp_types")
    from a3s_core.mcp._results import to_tool_result

    result = mcp_types.CallToolResult(
        content=[
            mcp_types.TextContent(type="text", text="first"),
            mcp_types.ImageContent(type="image", data="aGVsbG8=", mime_type="image/webp"),
            mcp_types.ImageContent(type="image", data="PHN2Zz4=", mime_type="image/svg+xml"),
            mcp_types.EmbeddedResource(
                type="resource",
                resource=mcp_types.BlobResourceContents(uri="file:///a.bin", blob="AAAA", mime_type="application/zip"),
            ),
        ],
        structured_content={"answer": 42},
        is_error=True,
    )
    mapped = to_tool_result(result, "srv", "tool")
    assert mapped.is_error
    assert [image.media_type for image in mapped.images] == ["image/webp"]
    assert mapped.output.splitlines()[:4] == [
        "first",
        "[image: image/webp]",
        "[image: image/svg+xml, 8 base64 characters, not shown]",
        "[resource file:///a.bin: application/zip, 4 base64 characters, not shown]",
    ]
    assert '"answer": 42' in mapped.output
    assert mapped.metadata["structured_content"] == {"answer": 42}


def test_an_empty_result_says_so() -> None:
    mcp_types = pytest.importorskip("mcp_types")
    from a3s_core.mcp._results import to_tool_result

    assert to_tool_result(mcp_types.CallToolResult(content=[]), "srv", "tool").output == "(no output)"
