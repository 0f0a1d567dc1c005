"""McpManager against @modelcontextprotocol/server-everything (npm): content types, errors, crashes."""

from __future__ import annotations

import base64
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from a3s_core.errors import ToolError
from a3s_core.mcp import McpManager, McpTool
from a3s_core.tools.base import ToolContext
from mcp_test_servers import everything_config

pytestmark = pytest.mark.asyncio(loop_scope="module")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def manager(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[McpManager]:
    mcp = McpManager(log_dir=tmp_path_factory.mktemp("logs"), default_timeout=20)
    await mcp.add_server(everything_config())
    yield mcp
    await mcp.aclose()


def _tool(manager: McpManager, name: str) -> McpTool:
    tool = next((t for t in manager.tools() if t.name == name), None)
    assert isinstance(tool, McpTool), f"{name} not in {[t.name for t in manager.tools()]}"
    return tool


def _ctx(tmp_path: Path) -> ToolContext:
    return ToolContext(workspace=tmp_path)


async def test_echo_returns_the_text_it_was_given(manager: McpManager, tmp_path: Path) -> None:
    result = await _tool(manager, "mcp__everything__echo").run({"message": "hello mcp"}, _ctx(tmp_path))
    assert not result.is_error
    assert "hello mcp" in result.output
    assert result.metadata["mcp_server"] == "everything"


async def test_an_image_result_becomes_an_image_block(manager: McpManager, tmp_path: Path) -> None:
    result = await _tool(manager, "mcp__everything__get-tiny-image").run({}, _ctx(tmp_path))
    assert len(result.images) == 1
    image = result.images[0]
    assert image.media_type == "image/png"
    assert base64.b64decode(image.data).startswith(PNG_SIGNATURE)
    assert "[image: image/png]" in result.output


async def test_arguments_the_server_rejects_come_back_as_an_error_result(
    manager: McpManager, tmp_path: Path
) -> None:
    result = await _tool(manager, "mcp__everything__get-sum").run({"a": "one"}, _ctx(tmp_path))
    assert result.is_error
    assert "get-sum" in result.output


async def test_a_good_call_after_an_error_result_still_works(manager: McpManager, tmp_path: Path) -> None:
    result = await _tool(manager, "mcp__everything__get-sum").run({"a": 2, "b": 40}, _ctx(tmp_path))
    assert not result.is_error
    assert "42" in result.output


async def test_structured_content_reaches_the_output_and_the_metadata(manager: McpManager, tmp_path: Path) -> None:
    tool = _tool(manager, "mcp__everything__get-structured-content")
    result = await tool.run({"location": "Chicago"}, _ctx(tmp_path))
    structured = result.metadata["structured_content"]
    assert set(structured) >= {"temperature", "conditions", "humidity"}
    assert str(structured["temperature"]) in result.output


async def test_an_embedded_resource_is_shown_with_its_uri_and_text(manager: McpManager, tmp_path: Path) -> None:
    tool = _tool(manager, "mcp__everything__get-resource-reference")
    result = await tool.run({"resourceType": "Text", "resourceId": 3}, _ctx(tmp_path))
    assert not result.is_error, result.output
    assert "[resource demo://resource/" in result.output
    assert "Resource 3" in result.output


async def test_resource_links_are_described(manager: McpManager, tmp_path: Path) -> None:
    result = await _tool(manager, "mcp__everything__get-resource-links").run({"count": 2}, _ctx(tmp_path))
    assert result.output.count("[resource link ") == 2


async def test_an_unknown_tool_name_is_an_error_result_naming_it(manager: McpManager) -> None:
    result = await manager.call_tool("everything", "no-such-tool", {})
    assert result.is_error
    assert "no-such-tool" in result.output


async def test_server_stderr_is_written_to_its_log(manager: McpManager) -> None:
    log = (manager.log_dir / "everything.log").read_text(encoding="utf-8")
    assert "Starting default (STDIO) server" in log


async def test_a_killed_server_is_marked_failed_and_reconnects_on_the_next_call(
    manager: McpManager, tmp_path: Path
) -> None:
    old_pid = manager.pid("everything")
    assert old_pid is not None
    os.kill(old_pid, signal.SIGKILL)
    await manager.wait_disconnected("everything", timeout=10)

    status = manager.statuses()[0]
    assert status.connected is False
    assert status.error is not None and "exited" in status.error
    assert "Starting default (STDIO) server" in status.stderr_tail
    assert "Starting default (STDIO) server" in status.error

    result = await _tool(manager, "mcp__everything__echo").run({"message": "back"}, _ctx(tmp_path))
    assert "back" in result.output
    assert manager.status()["everything"] == {"connected": True, "tool_count": status.tool_count, "error": None}
    assert manager.pid("everything") not in (None, old_pid)


async def test_removing_a_server_removes_its_tools(manager: McpManager) -> None:
    await manager.add_server(everything_config("second"))
    assert any(tool.name.startswith("mcp__second__") for tool in manager.tools())
    assert await manager.remove_server("second") is True
    assert not any(tool.name.startswith("mcp__second__") for tool in manager.tools())
    assert "second" not in manager.status()
    assert await manager.remove_server("second") is False
    with pytest.raises(ToolError, match="not connected"):
        await manager.call_tool("second", "echo", {"message": "x"})

