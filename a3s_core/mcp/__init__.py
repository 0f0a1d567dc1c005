"""MCP client layer: connect Model Context Protocol servers and expose their tools.

The ``mcp`` SDK is imported only when a server is connected, so importing this package is cheap.

    manager = McpManager(log_dir=state_dir / "mcp")
    count = await manager.add_server(McpServerConfig(name="time", command="mcp-server-time"))
    tools = manager.tools()          # McpTool objects named mcp__time__get_current_time, ...
    await manager.aclose()
"""

from __future__ import annotations

from a3s_core.mcp.errors import McpError
from a3s_core.mcp.manager import McpManager, McpServerStatus
from a3s_core.mcp.tool import McpTool
from a3s_core.mcp.tool_index import ToolIndex, ToolSearchTool

__all__ = ["McpError", "McpManager", "McpServerStatus", "McpTool", "ToolIndex", "ToolSearchTool"]
