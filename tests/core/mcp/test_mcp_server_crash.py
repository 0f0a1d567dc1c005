"""A server that dies while a call is in flight: the call fails at once, the next one reconnects."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from a3s_core.config.models import McpServerConfig
from a3s_core.errors import ToolError
from a3s_core.mcp import McpManager
from mcp_test_servers import require_mcp_sdk

SIGNAL_SERVER = Path(__file__).parent / "servers" / "signal_server.py"


@pytest.fixture
async def manager(tmp_path: Path) -> AsyncIterator[McpManager]:
    require_mcp_sdk()
    mcp = McpManager(log_dir=tmp_path / "logs", default_timeout=30)
    await mcp.add_server(McpServerConfig(name="signal", command=sys.executable, args=[str(SIGNAL_SERVER)]))
    yield mcp
    await mcp.aclose()


async def _started(fifo: Path) -> str:
    return await asyncio.wait_for(asyncio.to_thread(fifo.read_text, encoding="utf-8"), timeout=10)


async def test_a_call_in_flight_when_the_server_dies_fails_at_once(manager: McpManager, tmp_path: Path) -> None:
    fifo = tmp_path / "started.fifo"
    os.mkfifo(fifo)
    call = asyncio.create_task(manager.call_tool("signal", "block", {"fifo": str(fifo)}))
    assert await _started(fifo) == "started\n"
    pid = manager.pid("signal")
    assert pid is not None
    os.kill(pid, signal.SIGKILL)

    with pytest.raises(ToolError, match="Connection closed"):
        await asyncio.wait_for(call, timeout=10)
    await manager.wait_disconnected("signal", timeout=10)
    assert manager.status()["signal"]["connected"] is False


async def test_the_call_after_a_crash_reconnects_and_runs(manager: McpManager, tmp_path: Path) -> None:
    first = manager.pid("signal")
    assert first is not None
    os.kill(first, signal.SIGKILL)
    await manager.wait_disconnected("signal", timeout=10)

    fifo = tmp_path / "again.fifo"
    os.mkfifo(fifo)
    call = asyncio.create_task(manager.call_tool("signal", "block", {"fifo": str(fifo)}))
    assert await _started(fifo) == "started\n"
    assert manager.pid("signal") not in (None, first)
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call


async def test_cancelling_a_call_leaves_the_server_usable(manager: McpManager, tmp_path: Path) -> None:
    fifo = tmp_path / "cancel.fifo"
    os.mkfifo(fifo)
    call = asyncio.create_task(manager.call_tool("signal", "block", {"fifo": str(fifo)}))
    await _started(fifo)
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call
    await asyncio.wait_for(manager.refresh(), timeout=10)
    assert [tool.name for tool in manager.tools()] == ["mcp__signal__block"]
    assert manager.status()["signal"] == {"connected": True, "tool_count": 1, "error": None}


async def test_a_call_past_its_timeout_is_a_tool_error(manager: McpManager, tmp_path: Path) -> None:
    fifo = tmp_path / "slow.fifo"
    os.mkfifo(fifo)
    reader = asyncio.create_task(_started(fifo))
    with pytest.raises(ToolError, match="timed out after 0.5s"):
        await manager.call_tool("signal", "block", {"fifo": str(fifo)}, timeout=0.5)
    assert await reader == "started\n"
    assert manager.status()["signal"]["connected"] is True
