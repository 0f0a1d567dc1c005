"""McpManager: the MCP servers of an agent or a session, their status and their tools."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from a3s_core.config.models import McpServerConfig
from a3s_core.errors import A3SError, ToolError
from a3s_core.mcp._connection import ConnectionLost, ServerConnection, list_all_tools
from a3s_core.mcp._names import sanitize
from a3s_core.mcp._results import to_tool_result
from a3s_core.mcp.errors import McpError
from a3s_core.mcp.tool import McpTool
from a3s_core.protocols import Tool
from a3s_core.tools.base import ToolResult


@dataclass
class McpServerStatus:
    """How one server is doing; ``error`` (with the stderr tail) is set when it failed or died."""

    name: str
    connected: bool
    tool_count: int
    error: str | None
    stderr_tail: str = ""


@dataclass
class _Server:
    connection: ServerConnection
    tools: list[McpTool] = field(default_factory=list)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class McpManager:
    """Owns MCP client sessions; each server's ClientSession lives inside ONE long-lived asyncio task.

    Use it from one event loop: ``await add_server(config)`` or ``start_background(configs)``,
    hand ``tools()`` to the agent, and ``await aclose()`` at the end. Server stderr goes to
    ``log_dir/<name>.log``, never to the terminal.
    """

    def __init__(self, *, log_dir: Path, default_timeout: float = 60.0) -> None:
        self.log_dir = log_dir
        self.default_timeout = default_timeout
        self._servers: dict[str, _Server] = {}
        self._background: set[asyncio.Task[None]] = set()

    async def add_server(self, config: McpServerConfig) -> int:
        """Connect a server (replacing one of the same name) and list its tools.

        Returns:
            The number of tools the server offers.

        Raises:
            McpError: the config is incomplete, the command is not found, the handshake failed or
                timed out; the message includes the tail of the server's stderr.
        """
        entry, old = self._register(config)
        if old is not None:
            await old.connection.close()
        await self._connect(entry)
        return len(entry.tools)

    def start_background(self, configs: list[McpServerConfig]) -> None:
        """Connect ``configs`` in background tasks and return at once; failures land in ``status()``.

        Must be called with an event loop running.
        """
        for config in configs:
            entry, old = self._register(config)
            task = asyncio.create_task(self._connect_quietly(entry, old), name=f"mcp-connect-{config.name}")
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    async def wait_ready(self, timeout: float | None = None) -> None:
        """Wait until background connections have finished (succeeded or failed), at most ``timeout`` s."""
        pending = set(self._background)
        if pending:
            await asyncio.wait(pending, timeout=timeout)

    async def remove_server(self, name: str) -> bool:
        """Stop a server and drop its tools; False when there was no such server."""
        entry = self._servers.pop(name, None)
        if entry is None:
            return False
        await entry.connection.close()
        return True

    def status(self) -> dict[str, dict[str, Any]]:
        """``{name: {"connected", "tool_count", "error"}}`` for every server added."""
        return {
            s.name: {"connected": s.connected, "tool_count": s.tool_count, "error": s.error}
            for s in self.statuses()
        }

    def statuses(self) -> list[McpServerStatus]:
        """The status of every server added, in the order they were added."""
        return [
            McpServerStatus(
                name=name,
                connected=entry.connection.alive,
                tool_count=len(entry.tools),
                error=entry.connection.error,
                stderr_tail=entry.connection.stderr_tail,
            )
            for name, entry in self._servers.items()
        ]

    def tools(self) -> list[Tool]:
        """One McpTool per server tool, named ``mcp__{server}__{tool}``."""
        return [tool for entry in self._servers.values() for tool in entry.tools]

    def pid(self, name: str) -> int | None:
        """The process id of a stdio server (Linux), or None when unknown or not connected."""
        entry = self._servers.get(name)
        return entry.connection.pid if entry is not None and entry.connection.alive else None

    async def wait_disconnected(self, name: str, timeout: float | None = None) -> None:
        """Return once server ``name``'s session has ended (it died or was stopped).

        Raises:
            McpError: there is no such server.
            TimeoutError: it is still connected after ``timeout`` seconds.
        """
        entry = self._get(name)
        await asyncio.wait_for(entry.connection.wait_exited(), timeout)

    async def refresh(self) -> None:
        """Re-list the tools of every connected server."""
        for name, entry in list(self._servers.items()):
            if entry.connection.alive:
                listed = await entry.connection.request(list_all_tools)
                entry.tools = [McpTool.from_mcp(name, tool, self.call_tool) for tool in listed]

    async def call_tool(
        self, server: str, tool: str, args: dict[str, Any], timeout: float | None = None
    ) -> ToolResult:
        """Call ``tool`` on ``server``, reconnecting once if the server has died.

        Raises:
            ToolError: the server is unknown or cannot be restarted, the call timed out or failed.
        """
        entry = self._servers.get(server)
        if entry is None:
            raise ToolError(f"MCP server {server!r} is not connected (it was removed or never added)")
        connection = entry.connection
        limit = timeout or connection.timeout
        try:
            try:
                await self._ensure_connected(entry)
                result = await connection.request(lambda session: session.call_tool(tool, args), limit)
            except ConnectionLost:
                # The server died before the call reached it: one reconnect, then the call.
                await self._ensure_connected(entry)
                result = await connection.request(lambda session: session.call_tool(tool, args), limit)
        except TimeoutError as exc:
            raise ToolError(f"MCP tool {tool!r} on server {server!r} timed out after {limit:g}s") from exc
        except A3SError as exc:
            raise ToolError(str(exc)) from exc
        except Exception as exc:  # noqa: BLE001 - the server is foreign code; its failure is the model's to read
            raise ToolError(_call_failure(server, tool, exc, connection)) from exc
        return to_tool_result(result, server, tool)

    async def _ensure_connected(self, entry: _Server) -> None:
        if entry.connection.alive:
            return
        try:
            await self._connect(entry)
        except McpError as exc:
            raise ToolError(f"{exc}\n(reconnect failed)") from exc

    async def aclose(self) -> None:
        """Stop background connects and every server."""
        for task in list(self._background):
            task.cancel()
        for task in list(self._background):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        entries = list(self._servers.values())
        self._servers.clear()
        await asyncio.gather(*(entry.connection.close() for entry in entries))

    def _register(self, config: McpServerConfig) -> tuple[_Server, _Server | None]:
        """A new entry for ``config``, and the entry of the same name it replaces (to be closed)."""
        old = self._servers.pop(config.name, None)
        timeout = config.timeout or self.default_timeout
        log_path = self.log_dir / f"{sanitize(config.name) or 'server'}.log"
        entry = _Server(ServerConnection(config, log_path, timeout))
        self._servers[config.name] = entry
        return entry, old

    async def _connect(self, entry: _Server) -> None:
        connection = entry.connection
        async with entry.lock:
            if connection.alive:
                return
            try:
                _check(connection.config)
            except McpError as exc:
                connection.error = str(exc)
                raise
            listed = await connection.start()
            entry.tools = [McpTool.from_mcp(connection.config.name, tool, self.call_tool) for tool in listed]

    async def _connect_quietly(self, entry: _Server, old: _Server | None) -> None:
        if old is not None:
            await old.connection.close()
        with contextlib.suppress(McpError):
            await self._connect(entry)

    def _get(self, name: str) -> _Server:
        entry = self._servers.get(name)
        if entry is None:
            raise McpError(f"no MCP server named {name!r}", name)
        return entry


def _check(config: McpServerConfig) -> None:
    """Raise McpError for a config that cannot start anything."""
    if not config.name:
        raise McpError("an MCP server needs a name")
    if not config.command and not config.url:
        raise McpError(f"MCP server {config.name!r} needs a command or a url", config.name)
    try:
        config.check_env()
    except A3SError as exc:
        raise McpError(str(exc), config.name) from exc


def _call_failure(server: str, tool: str, exc: Exception, connection: ServerConnection) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    text = f"MCP tool {tool!r} on server {server!r} failed: {message}"
    if connection.stderr_tail and not connection.alive:
        text += f"\nserver stderr (last lines):\n{connection.stderr_tail}"
    return text
