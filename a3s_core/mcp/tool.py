"""McpTool: one tool of one MCP server, as the agent sees it."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from a3s_core.mcp._names import qualified_name
from a3s_core.protocols import Lane
from a3s_core.tools.base import ToolContext, ToolResult

if TYPE_CHECKING:
    import mcp_types

Caller = Callable[[str, str, dict[str, Any], "float | None"], Awaitable[ToolResult]]
"""(server, tool, arguments, timeout) → result; the manager's ``call_tool``."""


@dataclass
class McpTool:
    """A server tool named ``mcp__{server}__{tool}``; calls go through the server's owner task."""

    name: str
    description: str
    input_schema: dict[str, Any]
    lane: Lane
    server: str
    tool_name: str
    """The name the server knows the tool by."""
    _call: Caller = field(repr=False, compare=False)

    @classmethod
    def from_mcp(cls, server: str, tool: mcp_types.Tool, call: Caller) -> McpTool:
        """Wrap a listed tool; readOnlyHint tools go to the parallel query lane."""
        annotations = tool.annotations
        read_only = annotations is not None and annotations.read_only_hint is True
        about = (tool.description or tool.title or "").strip()
        return cls(
            name=qualified_name(server, tool.name),
            description=f"[MCP server {server}] {about}".rstrip(),
            input_schema=dict(tool.input_schema or {"type": "object", "properties": {}}),
            lane="query" if read_only else "execute",
            server=server,
            tool_name=tool.name,
            _call=call,
        )

    def permission_subject(self, args: dict[str, Any]) -> str:
        """The arguments as compact JSON."""
        return json.dumps(args, separators=(",", ":"), sort_keys=True, ensure_ascii=False, default=str)

    async def run(self, args: dict[str, Any], ctx: ToolContext) -> ToolResult:
        """Call the tool (reconnecting once to a server that died).

        Raises:
            ToolError: the server is gone and cannot be restarted, the call timed out, or the server
                answered with a protocol error.
        """
        return await self._call(self.server, self.tool_name, args, ctx.timeout)
