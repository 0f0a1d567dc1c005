"""Whether a tool call may run: known tool, valid arguments, permission rules, a person's yes.

A refusal is a ToolResult the model reads (and a permission_denied event); it never raises.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from a3s_core.errors import ToolArgumentError, ToolDenied, ToolError
from a3s_core.events import AgentEvent
from a3s_core.messages import ToolUseBlock
from a3s_core.permissions.types import ConfirmationRequest
from a3s_core.protocols import ConfirmationProvider, PermissionChecker, Tool
from a3s_core.tools.base import ToolContext, ToolResult

Emit = Callable[[AgentEvent], None]
MAX_RAW_ARGS_QUOTE = 500


class Refusal(Exception):
    """Internal: carries the result that answers a call that will not run."""

    def __init__(self, result: ToolResult, denied: bool, rule: str | None = None) -> None:
        self.result = result
        self.denied = denied
        self.rule = rule


class ToolGate:
    """Checks one call at a time; ``admit`` returns the tool or raises Refusal."""

    def __init__(
        self,
        tools: dict[str, Tool],
        permissions: PermissionChecker,
        confirmation: ConfirmationProvider,
        workspace: Path,
        context: Callable[[], ToolContext],
    ) -> None:
        self.tools = tools
        self.permissions = permissions
        self.confirmation = confirmation
        self.workspace = workspace
        self.context = context

    async def admit(self, call: ToolUseBlock) -> Tool:
        """The tool to run for ``call``.

        Raises:
            Refusal: the call is unknown, malformed, denied by a rule or by the person asked.
        """
        tool = self.tools.get(call.name)
        if tool is None:
            raise _refuse(f"Unknown tool {call.name!r}. Available tools: {', '.join(sorted(self.tools))}.")
        if call.parse_error is not None:
            raise _refuse(_malformed_arguments_message(call))
        try:
            subject = self.relative_subject(tool.permission_subject(call.input))
        except (KeyError, TypeError, ValueError, ToolArgumentError) as exc:
            raise _refuse(f"Invalid arguments for {call.name}: {exc}") from None
        await self._authorize(tool, call, subject)
        return tool

    def relative_subject(self, subject: str) -> str:
        """An absolute path inside the workspace becomes relative, so `edit(src/**)` rules match it."""
        if not subject.startswith("/"):
            return subject
        path = Path(subject)
        if path.is_relative_to(self.workspace):
            return path.relative_to(self.workspace).as_posix() or "."
        return subject

    async def _authorize(self, tool: Tool, call: ToolUseBlock, subject: str) -> None:
        decision = self.permissions.check(call.name, subject)
        if decision.action == "allow":
            return
        if decision.action == "deny":
            rule = f" (rule: deny {decision.rule})" if decision.rule else ""
            raise _deny(f"{call.name} is not allowed here{rule}. Do not retry it.", decision.rule)
        try:
            preview = await self._preview(tool, call)
        except ToolDenied as exc:
            raise _deny(f"Permission denied: {exc.reason}") from None
        except ToolError as exc:  # the call would fail anyway: say so instead of asking
            raise _refuse(str(exc)) from None
        request = ConfirmationRequest(
            tool_id=call.id, tool_name=call.name, args=call.input, subject=subject, rule=decision.rule, preview=preview
        )
        answer = await self.confirmation.confirm(request)
        if not answer.approved:
            why = f": {answer.reason}" if answer.reason else ""
            raise _deny(f"The user denied this {call.name} call{why}", decision.rule)
        if answer.always:
            allow_always = getattr(self.permissions, "allow_always", None)
            if allow_always is not None:
                allow_always(call.name, subject)

    async def _preview(self, tool: Tool, call: ToolUseBlock) -> dict[str, Any]:
        preview = getattr(tool, "preview", None)
        if preview is None:
            return {}
        try:
            return await preview(call.input, self.context())
        except OSError as exc:
            raise ToolError(f"{call.name} cannot run: {exc}") from None


def _refuse(message: str) -> Refusal:
    return Refusal(ToolResult(message, is_error=True), denied=False)


def _deny(message: str, rule: str | None = None) -> Refusal:
    return Refusal(ToolResult(message, is_error=True), denied=True, rule=rule)


def _malformed_arguments_message(call: ToolUseBlock) -> str:
    raw = call.raw_arguments or ""
    if len(raw) > MAX_RAW_ARGS_QUOTE:
        raw = raw[:MAX_RAW_ARGS_QUOTE] + "..."
    return (
        f"The arguments for {call.name} were not valid JSON ({call.parse_error}). "
        f"You sent: {json.dumps(raw)}. Call the tool again with a valid JSON object."
    )
