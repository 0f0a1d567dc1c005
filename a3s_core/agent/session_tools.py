"""Direct tool calls of a session, without the LLM (mixed into AgentSession)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from a3s_core.errors import ToolError
from a3s_core.messages import ToolUseBlock
from a3s_core.tools.base import ToolResult

if TYPE_CHECKING:
    from a3s_core.agent.session import AgentSession


class DirectTools:
    # -- direct tools ------------------------------------------------------------------------

    async def tool(self: AgentSession, name: str, args: dict[str, Any]) -> ToolResult:
        """Run a tool directly, without the LLM or a permission prompt; the workspace boundary holds."""
        tool = self.parts.tools.get(name)
        if tool is None:
            return ToolResult(f"Unknown tool {name!r}. Available tools: {', '.join(self.tool_names())}.", is_error=True)
        call = ToolUseBlock(id=f"direct_{uuid.uuid4().hex[:8]}", name=name, input=args)
        return await self._runner(self._send_confirmation()).run(tool, call, 0)

    async def read_file(self: AgentSession, path: str) -> str:
        """The file's text, exactly as stored."""
        from a3s_core.tools.paths import resolve_path

        target = resolve_path(path, self._runner(self._send_confirmation()).context(), "read")
        try:
            return target.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise ToolError(f"Cannot read {path}: {exc.strerror or exc}") from None

    async def bash(self: AgentSession, command: str, timeout: float | None = None) -> str:
        args: dict[str, Any] = {"command": command}
        if timeout is not None:
            args["timeout"] = timeout
        return (await self.tool("bash", args)).output

    async def glob(self: AgentSession, pattern: str, path: str | None = None) -> list[str]:
        args = {"pattern": pattern} | ({"path": path} if path else {})
        result = await self.tool("glob", args)
        if result.is_error:
            raise ToolError(result.output)
        return list(result.metadata.get("files", []))

    async def grep(self: AgentSession, pattern: str, path: str | None = None, **options: Any) -> str:
        args = {"pattern": pattern} | ({"path": path} if path else {}) | options
        return (await self.tool("grep", args)).output
