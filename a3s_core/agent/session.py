"""AgentSession: one workspace, one conversation, one event stream at a time."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from a3s_core.agent.breaker import CircuitBreaker
from a3s_core.agent.loop import AgentLoop, LoopSettings, repair_history
from a3s_core.agent.options import SessionOptions
from a3s_core.agent.tool_runner import ToolRunner, ToolRunnerSettings
from a3s_core.errors import A3SError, ToolError
from a3s_core.events import AgentEvent
from a3s_core.messages import ImageBlock, Message, ToolSpec, ToolUseBlock, Usage
from a3s_core.protocols import ConfirmationProvider, PermissionChecker, Provider, Tool
from a3s_core.tools.base import ToolResult

Emit = Callable[[AgentEvent], None]


@dataclass
class TurnResult:
    """What ``send()`` returns: the final answer text and what the turn cost."""

    text: str
    usage: Usage = field(default_factory=Usage)
    tool_calls_count: int = 0
    rounds: int = 0
    stop_reason: str = ""
    error: A3SError | None = field(default=None, repr=False)
    """Why the turn stopped early, if it did (``send()`` raises it)."""

    @property
    def tool_calls(self) -> int:
        return self.tool_calls_count


@dataclass
class SessionParts:
    """What an Agent hands a session: the resolved model and the session's policies."""

    provider: Provider
    model_ref: str
    settings: LoopSettings
    system_prompt: str
    tools: dict[str, Tool]
    permissions: PermissionChecker
    tool_timeout: float
    breaker: CircuitBreaker
    switch_model: Callable[[str], tuple[Provider, LoopSettings]]


class AgentSession:
    """The async session. The SDK's blocking ``a3s_code.Session`` wraps this."""

    def __init__(self, workspace: Path, options: SessionOptions, parts: SessionParts) -> None:
        self.workspace = workspace
        self.options = options
        self.parts = parts
        self.session_id = options.session_id or uuid.uuid4().hex[:12]
        self.history: list[Message] = []
        self.usage = Usage()
        self.turns = 0
        self._task: asyncio.Task[Any] | None = None

    @property
    def model(self) -> str:
        return self.parts.model_ref

    def tool_names(self) -> list[str]:
        return sorted(self.parts.tools)

    def set_model(self, model_ref: str) -> None:
        """Switch provider and model for the next turns; the history is kept and re-encoded."""
        self.parts.provider, self.parts.settings = self.parts.switch_model(model_ref)
        self.parts.model_ref = model_ref

    # -- turns -------------------------------------------------------------------------------

    async def stream(
        self, prompt: str, images: list[ImageBlock] | None = None, *, confirmation: ConfirmationProvider | None = None
    ) -> AsyncIterator[AgentEvent]:
        """Run a turn and yield its events until ``end``. Leaving the loop early cancels the turn."""
        queue: asyncio.Queue[AgentEvent] = asyncio.Queue()
        chosen = confirmation or self._event_confirmation(queue.put_nowait)
        task = asyncio.create_task(self._run(prompt, images, queue.put_nowait, chosen))
        try:
            while True:
                event = await queue.get()
                yield event
                if event.event_type == "end":
                    break
        finally:
            if not task.done():
                task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def send(self, prompt: str, images: list[ImageBlock] | None = None) -> TurnResult:
        """Run a turn to completion and return its result.

        Raises:
            ProviderError, CircuitOpenError, LimitsExceeded: the turn could not finish.
        """
        turn = asyncio.create_task(self._run(prompt, images, lambda event: None, self._send_confirmation()))
        result = await turn  # cancelling the caller cancels the turn too; cancel() ends it with "cancelled"
        if result.error is not None:
            raise result.error
        return result

    def cancel(self) -> bool:
        """Interrupt the running turn; returns False when none is running."""
        if self._task is None or self._task.done():
            return False
        self._task.cancel()
        return True

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    async def _run(
        self, prompt: str, images: list[ImageBlock] | None, emit: Emit, confirmation: ConfirmationProvider
    ) -> TurnResult:
        self._task = asyncio.current_task()
        self.turns += 1
        turn = self.turns
        self._add_user_message(prompt, images)
        emit(AgentEvent("turn_start", text=prompt, turn=turn))
        loop = self._loop(emit, confirmation)
        result = TurnResult(text="")
        try:
            outcome = await loop.run_turn(self.history, self.parts.system_prompt, turn)
            result = TurnResult(outcome.text, outcome.usage, outcome.tool_calls, outcome.rounds, outcome.stop_reason)
        except asyncio.CancelledError:
            result.stop_reason = "cancelled"
        except A3SError as exc:
            result.stop_reason, result.error = "error", exc
            emit(AgentEvent("error", text=str(exc), turn=turn, is_error=True, metadata={"kind": type(exc).__name__}))
        finally:
            self._task = None
        self.usage = self.usage + result.usage
        emit(AgentEvent("turn_end", text=result.text, turn=turn, usage=_usage_dict(result.usage),
                        metadata={"stop_reason": result.stop_reason, "tool_calls": result.tool_calls_count}))
        emit(AgentEvent("end", text=result.text, turn=turn, usage=_usage_dict(self.usage)))
        return result

    def _add_user_message(self, prompt: str, images: list[ImageBlock] | None) -> None:
        message = Message.user(prompt, images)
        repair_history(self.history)
        last = self.history[-1] if self.history else None
        if last is not None and last.role == "user":
            last.content.extend(message.content)  # after tool results: one user turn, results first
        else:
            self.history.append(message)

    def _runner(self, emit: Emit, confirmation: ConfirmationProvider) -> ToolRunner:
        settings = ToolRunnerSettings(self.workspace, self.parts.tool_timeout)
        return ToolRunner(self.parts.tools, self.parts.permissions, confirmation, settings, emit)

    def _loop(self, emit: Emit, confirmation: ConfirmationProvider) -> AgentLoop:
        parts = self.parts
        specs = [ToolSpec(t.name, t.description, t.input_schema) for t in parts.tools.values()]
        return AgentLoop(parts.provider, specs, self._runner(emit, confirmation), parts.breaker, parts.settings, emit)

    def _event_confirmation(self, emit: Emit) -> ConfirmationProvider:
        from a3s_core.permissions.confirmation import ConfirmationPolicy, EventConfirmationProvider

        if self.options.confirmation_provider is not None:
            return self.options.confirmation_provider
        policy = ConfirmationPolicy(timeout=self.options.confirmation_timeout,
                                    timeout_action=self.options.confirmation_timeout_action)
        return EventConfirmationProvider(emit, policy)

    def _send_confirmation(self) -> ConfirmationProvider:
        from a3s_core.permissions import confirmation as c

        if self.options.confirmation_provider is not None:
            return self.options.confirmation_provider
        if self.options.on_confirm is not None:
            return c.CallbackConfirmationProvider(self.options.on_confirm)
        return c.DenyAllConfirmationProvider(
            "{tool} needs approval, but send() has no one to ask: set SessionOptions.on_confirm, "
            "use stream() and answer the confirmation_required event, set permissive=True, "
            "or add the allow rule {rule}"
        )

    # -- direct tools ------------------------------------------------------------------------

    async def tool(self, name: str, args: dict[str, Any]) -> ToolResult:
        """Run a tool directly, without the LLM; the workspace boundary still applies."""
        tool = self.parts.tools.get(name)
        if tool is None:
            return ToolResult(f"Unknown tool {name!r}. Available tools: {', '.join(self.tool_names())}.", is_error=True)
        runner = self._runner(lambda event: None, self._send_confirmation())
        return await runner.run_tool(tool, ToolUseBlock(id=f"direct_{uuid.uuid4().hex[:8]}", name=name, input=args), 0)

    async def read_file(self, path: str) -> str:
        """The file's text, exactly as stored."""
        from a3s_core.tools.paths import resolve_path

        context = self._runner(lambda event: None, self._send_confirmation()).context()
        target = resolve_path(path, context, "read")
        try:
            return target.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise ToolError(f"Cannot read {path}: {exc.strerror or exc}") from None

    async def bash(self, command: str, timeout: float | None = None) -> str:
        args: dict[str, Any] = {"command": command}
        if timeout is not None:
            args["timeout"] = timeout
        return (await self.tool("bash", args)).output

    async def glob(self, pattern: str, path: str | None = None) -> list[str]:
        args = {"pattern": pattern} | ({"path": path} if path else {})
        result = await self.tool("glob", args)
        if result.is_error:
            raise ToolError(result.output)
        return list(result.metadata.get("files", []))

    async def grep(self, pattern: str, path: str | None = None, **options: Any) -> str:
        args = {"pattern": pattern} | ({"path": path} if path else {}) | options
        return (await self.tool("grep", args)).output


def _usage_dict(usage: Usage) -> dict[str, int]:
    return {
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "cache_read_tokens": usage.cache_read_tokens,
        "cache_write_tokens": usage.cache_write_tokens,
    }
