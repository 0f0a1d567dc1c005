"""MCP client layer: connect Model Context Protocol servers and expose their tools.

The ``mcp`` SDK is imported only when a server is connected, so importing this package is cheap.

    manager = McpManager(log_dir=state_dir / "mcp")
    count = await manager.add_server(McpServerConfig(name="time", command="mcp-server-time"))
    tools = manager.tools()          # McpTool objects named mcp__time__get_current_time, ...
    await manager.aclose()
"""

from __future__ import annotations

from a3s_core._lazy import lazy_exports

_EXPORTS = {
    "McpError": "a3s_core.mcp.errors",
    "McpManager": "a3s_core.mcp.manager",
    "McpServerStatus": "a3s_core.mcp.manager",
    "McpTool": "a3s_core.mcp.tool",
    "ToolIndex": "a3s_core.mcp.tool_index",
    "ToolSearchTool": "a3s_core.mcp.tool_index",
}

__all__ = sorted(_EXPORTS)


# a session needs the tool index on every run, the client only when servers are configured
__getattr__ = lazy_exports("a3s_core.mcp", globals(), _EXPORTS)
