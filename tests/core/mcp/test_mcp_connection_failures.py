"""Servers that cannot start, answer too slowly, or start in the background; and streamable HTTP."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from a3s_core.config.models import McpServerConfig
from a3s_core.errors import ToolError
from a3s_core.mcp import McpError, McpManager
from mcp_test_servers import EVERYTHING_JS, everything_config, require_mcp_sdk, time_config


@pytest.fixture
async def manager(tmp_path: Path) -> AsyncIterator[McpManager]:
    require_mcp_sdk()
    mcp = McpManager(log_dir=tmp_path / "logs", default_timeout=20)
    yield mcp
    await mcp.aclose()


async def test_a_command_that_does_not_exist_is_a_clear_error(manager: McpManager) -> None:
    config = McpServerConfig(name="ghost", command="a3s-no-such-mcp-server")
    with pytest.raises(McpError, match="command 'a3s-no-such-mcp-server' not found"):
        await manager.add_server(config)
    status = manager.status()["ghost"]
    assert status["connected"] is False
    assert "not found" in status["error"]
    assert manager.tools() == []


async def test_a_server_that_exits_during_the_handshake_reports_its_stderr(manager: McpManager) -> None:
    script = "import sys; print('missing API token', file=sys.stderr); sys.exit(3)"
    config = McpServerConfig(name="broken", command=sys.executable, args=["-c", script])
    with pytest.raises(McpError) as caught:
        await manager.add_server(config)
    assert "handshake failed" in str(caught.value)
    assert "missing API token" in str(caught.value)
    assert caught.value.stderr_tail == "missing API token"


async def test_a_server_that_never_answers_times_out(manager: McpManager) -> None:
    silent = McpServerConfig(
        name="silent", command=sys.executable, args=["-c", "import sys; sys.stdin.read()"], timeout=0.5
    )
    with pytest.raises(McpError, match="did not finish its handshake within 0.5s"):
        await asyncio.wait_for(manager.add_server(silent), timeout=10)


async def test_a_config_without_command_or_url_is_refused(manager: McpManager) -> None:
    with pytest.raises(McpError, match="needs a command or a url"):
        await manager.add_server(McpServerConfig(name="empty"))


async def test_environment_variables_reach_the_server(manager: McpManager, tmp_path: Path) -> None:
    config = everything_config("env")
    config.env = {"A3S_MCP_PROBE": "probe-value-17"}
    await manager.add_server(config)
    result = await manager.call_tool("env", "get-env", {})
    assert "probe-value-17" in result.output
    assert "HOME" in result.output  # merged onto the whole environment, not replacing it


async def test_start_background_returns_at_once_and_wait_ready_shows_the_outcome(manager: McpManager) -> None:
    configs = [time_config(), McpServerConfig(name="ghost", command="a3s-no-such-mcp-server")]
    started = time.monotonic()
    manager.start_background(configs)
    assert time.monotonic() - started < 0.1
    assert manager.status()["time"] == {"connected": False, "tool_count": 0, "error": None}

    await manager.wait_ready(timeout=30)
    status = manager.status()
    assert status["time"] == {"connected": True, "tool_count": 2, "error": None}
    assert "not found" in status["ghost"]["error"]
    assert {tool.name for tool in manager.tools()} == {"mcp__time__get_current_time", "mcp__time__convert_time"}


async def test_a_dead_server_that_cannot_restart_gives_a_tool_error(manager: McpManager, tmp_path: Path) -> None:
    # Starts the real server the first time only; the second start fails like a broken install.
    marker = tmp_path / "started-once"
    script = tmp_path / "once.sh"
    script.write_text(
        f'if [ -e "{marker}" ]; then echo "second start refused" >&2; exit 1; fi\n'
        f'touch "{marker}"\nexec "$@"\n',
        encoding="utf-8",
    )
    real = everything_config()
    config = McpServerConfig(name="once", command="/bin/sh", args=[str(script), real.command or "", *real.args])
    await manager.add_server(config)
    pid = manager.pid("once")
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    await manager.wait_disconnected("once", timeout=10)

    with pytest.raises(ToolError, match="reconnect failed") as caught:
        await manager.call_tool("once", "echo", {"message": "x"})
    assert "second start refused" in str(caught.value)
    assert manager.status()["once"]["connected"] is False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_streamable_http_server_is_reached_by_url(manager: McpManager) -> None:
    everything_config()  # skips without node or the package
    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        shutil.which("node") or "node", str(EVERYTHING_JS), "streamableHttp",
        env={**os.environ, "PORT": str(port)},
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stderr is not None
        async with asyncio.timeout(15):
            while b"listening on port" not in await process.stderr.readline():
                pass
        count = await manager.add_server(McpServerConfig(name="remote", url=f"http://127.0.0.1:{port}/mcp"))
        assert count >= 10
        result = await manager.call_tool("remote", "echo", {"message": "over http"})
        assert "over http" in result.output
        assert manager.pid("remote") is None
    finally:
        await manager.remove_server("remote")
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=10)
