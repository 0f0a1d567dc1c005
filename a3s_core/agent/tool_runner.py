"""Runs one tool call: parse check, permission, confirmation, execution, and its events.

Whatever goes wrong becomes a ToolResultBlock the model reads; nothing here ends the turn.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from a3s_core.errors import ToolArgumentError, ToolDenied, ToolError
from a3s_core.events import AgentEvent
from a3s_core.messages import ToolResultBlock, ToolUseBlock
from a3s_core.permissions.types import ConfirmationRequest
from a3s_core.protocols import ConfirmationProvider, PermissionChecker, Tool
from a3s_core.tools.base import ToolContext, ToolResult

Emit = Callable[[AgentEvent], None]
MAX_RAW_ARGS_QUOTE = 500


@dataclass
class ToolRunnerSettings:
    workspace: Path
    tool_timeout: float = 600.0


class ToolRunner:
    """Answers tool calls for one session."""

    def __init__(
        self,
        tools: dict[str, Tool],
        permissions: PermissionChecker,
        confirmation: ConfirmationProvider,
        settings: ToolRunnerSettings,
        emit: Emit,
    ) -> None:
        self.tools = tools
        self.permissions = permissions
        self.confirmation = confirmation
        self.settings = settings
        self.emit = emit

    async def answer(self, call: ToolUseBlock, turn: int) -> ToolResultBlock:
        """Run ``call`` through every check and return the block that answers it."""
        tool = self.tools.get(call.name)
        if tool is None:
            return self._refuse(call, turn, _unknown_tool_message(call.name, self.tools))
        if call.parse_error is not None:
            return self._refuse(call, turn, _malformed_arguments_message(call))
        try:
            subject = self._relative_subject(tool.permission_subject(call.input))
        except (KeyError, TypeError, ValueError, ToolArgumentError) as exc:
            return self._refuse(call, turn, f"Invalid arguments for {call.name}: {exc}")
        denial = await self._authorize(tool, call, subject, turn)
        if denial is not None:
            return denial
        return await self.execute(tool, call, turn)

    async def execute(self, tool: Tool, call: ToolUseBlock, turn: int) -> ToolResultBlock:
        """Run an authorized call with the per-tool timeout, emitting tool_start/output/end."""
        result = await self.run_tool(tool, call, turn)
        return ToolResultBlock(call.id, result.output, result.is_error, list(result.images))

    async def run_tool(self, tool: Tool, call: ToolUseBlock, turn: int) -> ToolResult:
        """``execute`` without the conversion: the full result, metadata included."""
        self.emit(AgentEvent("tool_start", turn=turn, tool_id=call.id, tool_name=call.name, args=call.input))
        started = time.monotonic()
        result = await self._run_guarded(tool, call, turn)
        result.metadata.setdefault("duration", round(time.monotonic() - started, 3))
        self.emit(
            AgentEvent(
                "tool_end",
                turn=turn,
                tool_id=call.id,
                tool_name=call.name,
                output=result.output,
                is_error=result.is_error,
                metadata=result.metadata,
            )
        )
        return result

    def _relative_subject(self, subject: str) -> str:
        """An absolute path inside the workspace becomes relative, so `edit(src/**)` rules match it."""
        if not subject.startswith("/"):
            return subject
        path = Path(subject)
        if path.is_relative_to(self.settings.workspace):
            return path.relative_to(self.settings.workspace).as_posix() or "."
        return subject

    def context(self, on_output: Callable[[str], None] | None = None) -> ToolContext:
        allows = getattr(self.permissions, "allows_outside_path", None)

        def allow_path(path: Path, tool_name: str) -> bool:
            return bool(allows and allows(tool_name, str(path)))

        ctx = ToolContext(workspace=self.settings.workspace, allow_path=allow_path)
        if on_output is not None:
            ctx.on_output = on_output
        return ctx

    async def _run_guarded(self, tool: Tool, call: ToolUseBlock, turn: int) -> ToolResult:
        def on_output(chunk: str) -> None:
            self.emit(AgentEvent("tool_output_delta", text=chunk, turn=turn, tool_id=call.id, tool_name=call.name))

        timeout = self.settings.tool_timeout
        try:
            return await asyncio.wait_for(tool.run(call.input, self.context(on_output)), timeout)
        except TimeoutError:
            return ToolResult(f"{call.name} timed out after {timeout:g} s and was stopped.", is_error=True)
        except ToolDenied as exc:
            self.emit(AgentEvent("permission_denied", turn=turn, tool_id=call.id, tool_name=call.name, text=exc.reason))
            return ToolResult(f"Permission denied: {exc.reason}", is_error=True)
        except ToolError as exc:
            return ToolResult(str(exc), is_error=True)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - a broken tool must not end the turn; the model sees it
            return ToolResult(f"{call.name} failed unexpectedly: {type(exc).__name__}: {exc}", is_error=True)

    async def _authorize(self, tool: Tool, call: ToolUseBlock, subject: str, turn: int) -> ToolResultBlock | None:
        decision = self.permissions.check(call.name, subject)
        if decision.action == "allow":
            return None
        if decision.action == "deny":
            rule = f" (rule: deny {decision.rule})" if decision.rule else ""
            return self._deny(call, turn, f"{call.name} is not allowed here{rule}. Do not retry it.", decision.rule)
        try:
            preview = await self._preview(tool, call)
        except ToolDenied as exc:
            return self._deny(call, turn, f"Permission denied: {exc.reason}", None)
        except ToolError as exc:  # the call would fail anyway: say so instead of asking
            return self._refuse(call, turn, str(exc))
        request = ConfirmationRequest(
            tool_id=call.id, tool_name=call.name, args=call.input, subject=subject, rule=decision.rule, preview=preview
        )
        answer = await self.confirmation.confirm(request)
        if answer.approved:
            if answer.always:
                self._remember(call.name, subject)
            return None
        why = f": {answer.reason}" if answer.reason else ""
        return self._deny(call, turn, f"The user denied this {call.name} call{why}", decision.rule)

    async def _preview(self, tool: Tool, call: ToolUseBlock) -> dict[str, Any]:
        preview = getattr(tool, "preview", None)
        if preview is None:
            return {}
        try:
            return await preview(call.input, self.context())
        except OSError as exc:
            raise ToolError(f"{call.name} cannot run: {exc}") from None

    def _remember(self, tool_name: str, subject: str) -> None:
        allow_always = getattr(self.permissions, "allow_always", None)
        if allow_always is not None:
            allow_always(tool_name, subject)

    def _deny(self, call: ToolUseBlock, turn: int, message: str, rule: str | None) -> ToolResultBlock:
        self.emit(
            AgentEvent("permission_denied", turn=turn, tool_id=call.id, tool_name=call.name, args=call.input, text=message, rule=rule)
        )
        return ToolResultBlock(call.id, message, is_error=True)

    def _refuse(self, call: ToolUseBlock, turn: int, message: str) -> ToolResultBlock:
        self.emit(AgentEvent("tool_start", turn=turn, tool_id=call.id, tool_name=call.name, args=call.input))
        self.emit(AgentEvent("tool_end", turn=turn, tool_id=call.id, tool_name=call.name, output=message, is_error=True))
        return ToolResultBlock(call.id, message, is_error=True)


def _unknown_tool_message(name: str, tools: dict[str, Tool]) -> str:
    return f"Unknown tool {name!r}. Available tools: {', '.join(sorted(tools))}."


def _malformed_arguments_message(call: ToolUseBlock) -> str:
    raw = call.raw_arguments or ""
    if len(raw) > MAX_RAW_ARGS_QUOTE:
        raw = raw[:MAX_RAW_ARGS_QUOTE] + "..."
    return (
        f"The arguments for {call.name} were not valid JSON ({call.parse_error}). "
        f"You sent: {json.dumps(raw)}. Call the tool again with a valid JSON object."
    )
