"""MCP servers and large tool sets in a session (mixed into AgentSession).

Global servers (config ``mcp_servers {}``) belong to the Agent and connect in the background;
per-session servers come and go with ``add_mcp_server`` / ``remove_mcp_server``. Their tools are
named ``mcp__{server}__{tool}`` and join the built-in ones in one flat list. Past a threshold the
per-turn tool index sends only the built-ins plus the tools relevant to the latest user message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from a3s_core.messages import Message, ToolSpec

if TYPE_CHECKING:
    from a3s_core.agent.session import AgentSession
    from a3s_core.mcp import McpManager
    from a3s_core.protocols import Tool


class McpControls:
    async def add_mcp_server(
        self: AgentSession,
        name: str,
        command: str | None = None,
        args: list[str] | None = None,
        env: dict[str, str] | None = None,
        *,
        url: str | None = None,
        timeout: float | None = None,
    ) -> int:
        """Connect an MCP server for this session; returns how many tools it offers.

        Raises:
            McpError: it could not be started or did not answer (the message has its stderr tail).
        """
        from a3s_core.config.models import McpServerConfig

        config = McpServerConfig(name=name, command=command, args=list(args or []), env=dict(env or {}),
                                 url=url, timeout=timeout)
        return await self._session_mcp().add_server(config)

    async def remove_mcp_server(self: AgentSession, name: str) -> bool:
        return self._own_mcp is not None and await self._own_mcp.remove_server(name)

    def mcp_status(self: AgentSession) -> dict[str, dict[str, Any]]:
        """{name: {connected, tool_count, error}} for global and session servers."""
        status: dict[str, dict[str, Any]] = {}
        for manager in self._mcp_managers():
            status.update(manager.status())
        return status

    def tools_now(self: AgentSession) -> dict[str, Tool]:
        """Every tool the model may call right now: built-ins, extra tools, then MCP tools."""
        tools = dict(self.parts.tools)
        for manager in self._mcp_managers():
            tools.update({tool.name: tool for tool in manager.tools()})
        if len(tools) > self.tool_index.threshold:
            tools[self._tool_search.name] = self._tool_search
        return tools

    def specs_for(self: AgentSession, tools: dict[str, Tool], history: list[Message]) -> list[ToolSpec]:
        """The tools sent with the next LLM call: all of them, or a relevant subset of a big set."""
        query = next((m.text for m in reversed(history) if m.role == "user" and m.text), "")
        builtin = set(self.parts.builtin_names or self.parts.tools) | {self._tool_search.name}
        chosen = self.tool_index.select(list(tools.values()), builtin, query)
        return [ToolSpec(t.name, t.description, t.input_schema) for t in chosen]

    def _session_mcp(self: AgentSession) -> McpManager:
        if self._own_mcp is None:
            self._own_mcp = self.parts.make_mcp_manager()
        return self._own_mcp

    def _mcp_managers(self: AgentSession) -> list[McpManager]:
        managers = [self.parts.global_mcp()] if self.parts.global_mcp is not None else []
        return [m for m in managers if m is not None] + ([self._own_mcp] if self._own_mcp else [])
