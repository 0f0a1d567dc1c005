"""McpManager against the PyPI reference servers mcp-server-time and mcp-server-git."""

from __future__ import annotations

import json
import subprocess
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest
import pytest_asyncio

from a3s_core.mcp import McpManager, McpTool
from a3s_core.tools.base import ToolContext
from mcp_test_servers import git_config, time_config

pytestmark = pytest.mark.asyncio(loop_scope="module")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("repo")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "test@example.com")
    _git(repo, "config", "user.name", "Test")
    (repo / "tracked.txt").write_text("one\n", encoding="utf-8")
    _git(repo, "add", "tracked.txt")
    _git(repo, "commit", "-q", "-m", "first")
    (repo / "untracked_notes.md").write_text("new\n", encoding="utf-8")
    return repo


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def manager(tmp_path_factory: pytest.TempPathFactory, repository: Path) -> AsyncIterator[McpManager]:
    configs = [time_config(), git_config(repository)]
    mcp = McpManager(log_dir=tmp_path_factory.mktemp("logs"), default_timeout=30)
    mcp.start_background(configs)
    await mcp.wait_ready(timeout=30)
    yield mcp
    await mcp.aclose()


def _tool(manager: McpManager, name: str) -> McpTool:
    tool = next((t for t in manager.tools() if t.name == name), None)
    assert isinstance(tool, McpTool), f"{name} not in {[t.name for t in manager.tools()]}"
    return tool


async def test_both_servers_connect_and_report_their_tool_counts(manager: McpManager) -> None:
    status = manager.status()
    assert status["time"] == {"connected": True, "tool_count": 2, "error": None}
    assert status["git"]["connected"] is True
    assert status["git"]["tool_count"] >= 5


async def test_tools_are_namespaced_by_server(manager: McpManager) -> None:
    names = {tool.name for tool in manager.tools()}
    assert {"mcp__time__get_current_time", "mcp__time__convert_time", "mcp__git__git_status"} <= names


async def test_read_only_tools_go_to_the_query_lane_and_others_to_execute(manager: McpManager) -> None:
    assert _tool(manager, "mcp__time__get_current_time").lane == "query"
    assert _tool(manager, "mcp__git__git_commit").lane == "execute"


async def test_tool_schema_and_description_come_from_the_server(manager: McpManager) -> None:
    tool = _tool(manager, "mcp__time__get_current_time")
    assert tool.description.startswith("[MCP server time] ")
    assert "timezone" in tool.input_schema["properties"]
    assert tool.permission_subject({"timezone": "Asia/Tokyo"}) == '{"timezone":"Asia/Tokyo"}'


async def test_get_current_time_answers_for_the_requested_timezone(manager: McpManager, tmp_path: Path) -> None:
    tool = _tool(manager, "mcp__time__get_current_time")
    result = await tool.run({"timezone": "Asia/Tokyo"}, ToolContext(workspace=tmp_path))
    assert not result.is_error
    answer = json.loads(result.output)
    assert answer["timezone"] == "Asia/Tokyo"
    assert datetime.fromisoformat(answer["datetime"]).utcoffset().total_seconds() == 9 * 3600
    assert result.metadata["structured_content"]["timezone"] == "Asia/Tokyo"


async def test_an_unknown_timezone_comes_back_as_an_error_result(manager: McpManager, tmp_path: Path) -> None:
    tool = _tool(manager, "mcp__time__get_current_time")
    result = await tool.run({"timezone": "Mars/Olympus_Mons"}, ToolContext(workspace=tmp_path))
    assert result.is_error
    assert "Mars/Olympus_Mons" in result.output


async def test_git_status_reports_the_untracked_file(manager: McpManager, repository: Path, tmp_path: Path) -> None:
    tool = _tool(manager, "mcp__git__git_status")
    result = await tool.run({"repo_path": str(repository)}, ToolContext(workspace=tmp_path))
    assert not result.is_error, result.output
    assert "untracked_notes.md" in result.output
    assert "tracked.txt" not in result.output.replace("untracked_notes.md", "")


async def test_refresh_lists_the_same_tools_again(manager: McpManager) -> None:
    before = sorted(tool.name for tool in manager.tools())
    await manager.refresh()
    assert sorted(tool.name for tool in manager.tools()) == before

