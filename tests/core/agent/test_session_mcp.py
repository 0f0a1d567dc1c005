"""MCP servers in sessions: config servers, per-session servers, the model calling their tools."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from a3s_core import Agent, SessionOptions, load_config
from a3s_core.testing import ManualClock, Reply, ToolCall
from tests.conftest import write_config
from tests.core.mcp.mcp_test_servers import time_config
from tests.support.fakes import RecordingConfirmation


def time_block() -> str:
    time_config()  # skips when mcp-server-time is missing
    return f'mcp_servers {{\n  name    = "time"\n  command = "{sys.executable}"\n  args    = ["-m", "mcp_server_time"]\n}}\n'


async def test_a_config_server_connects_and_the_model_calls_its_tool(tmp_path, llm, workspace):
    config = load_config(write_config(tmp_path / "agent.hcl", llm, "anthropic", time_block())).config
    confirm = RecordingConfirmation(approved=True)
    session = Agent(config, clock=ManualClock()).session(workspace, SessionOptions(confirmation_provider=confirm))
    llm.add(
        Reply(tool_calls=[ToolCall("mcp__time__get_current_time", {"timezone": "Asia/Tokyo"})]),
        Reply(text="It is evening in Tokyo."),
    )

    result = await asyncio.wait_for(session.send("what time is it in Tokyo?"), 60)

    assert result.text == "It is evening in Tokyo."
    sent_tools = {t["name"] for t in llm.requests[0].body["tools"]}
    assert "mcp__time__get_current_time" in sent_tools and "read" in sent_tools
    assert "Asia/Tokyo" in str(llm.requests[1].body["messages"][-1])
    assert confirm.requests[0].tool_name == "mcp__time__get_current_time"  # MCP tools ask by default
    assert session.mcp_status()["time"]["connected"] is True
    assert "time: connected" in (await session.send("/mcp")).text
    await session.aclose()


async def test_a_rule_naming_the_server_allows_all_its_tools(tmp_path, llm, workspace):
    extra = time_block() + 'permissions {\n  allow = ["mcp__time"]\n}\n'
    config = load_config(write_config(tmp_path / "agent.hcl", llm, "openai", extra)).config
    confirm = RecordingConfirmation(approved=False)
    session = Agent(config, clock=ManualClock()).session(workspace, SessionOptions(confirmation_provider=confirm))
    llm.add(Reply(tool_calls=[ToolCall("mcp__time__get_current_time", {"timezone": "UTC"})]), Reply(text="ok"))

    await asyncio.wait_for(session.send("utc time?"), 60)

    assert confirm.requests == []
    assert "UTC" in str(llm.requests[1].body["messages"][-1])
    await session.aclose()


async def test_per_session_servers_come_and_go(tmp_path, llm, workspace):
    config = load_config(write_config(tmp_path / "agent.hcl", llm, "anthropic")).config
    session = Agent(config, clock=ManualClock()).session(workspace)
    server = time_config()

    count = await asyncio.wait_for(session.add_mcp_server("clock", server.command, server.args), 60)

    assert count >= 1 and "mcp__clock__get_current_time" in session.tool_names()
    assert session.mcp_status() == {"clock": {"connected": True, "tool_count": count, "error": None}}
    assert await session.remove_mcp_server("clock") is True
    assert not any(name.startswith("mcp__clock") for name in session.tool_names())
    await session.aclose()


async def test_a_server_that_cannot_start_is_a_clear_error(tmp_path, llm, workspace):
    from a3s_core.mcp import McpError

    time_config()
    config = load_config(write_config(tmp_path / "agent.hcl", llm, "anthropic")).config
    session = Agent(config, clock=ManualClock()).session(workspace)

    with pytest.raises(McpError, match="no-such-mcp-binary"):
        await session.add_mcp_server("ghost", "no-such-mcp-binary")
    await session.aclose()


async def test_a_large_tool_set_sends_builtins_plus_the_relevant_tools_and_tool_search(tmp_path, llm, workspace):
    from tests.core.mcp.test_mcp_tool_index import FakeTool  # synthetic tools

    schema = {"type": "object", "properties": {}}
    many = [FakeTool(f"mcp__crm__tool_{i}", f"Manage CRM record kind {i}", schema) for i in range(40)]
    many.append(FakeTool("mcp__weather__forecast", "Weather forecast for a city", schema))
    config = load_config(write_config(tmp_path / "agent.hcl", llm, "anthropic")).config
    session = Agent(config, clock=ManualClock()).session(workspace, SessionOptions(tools=many))
    llm.add(Reply(text="sunny"))

    await session.send("what is the weather forecast for Lisbon?")

    sent = {t["name"] for t in llm.requests[0].body["tools"]}
    assert {"read", "bash", "tool_search", "mcp__weather__forecast"} <= sent
    assert len(sent) < len(session.tool_names())
