"""AgentSession: one workspace, one conversation, its lanes, one running turn at a time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from a3s_core.agent.breaker import CircuitBreaker
from a3s_core.agent.external import ExternalTaskBroker
from a3s_core.agent.loop import AgentLoop, LoopSettings, repair_history
from a3s_core.agent.options import SessionOptions
from a3s_core.agent.session_commands import CommandControls
from a3s_core.agent.session_compaction import CompactionControls
from a3s_core.agent.session_cron import SchedulerControls
from a3s_core.agent.session_mcp import McpControls
from a3s_core.agent.session_queue import QueueControls
from a3s_core.agent.session_tools import DirectTools
from a3s_core.commands import CommandResult, parse_command
from a3s_core.commands.builtin import builtin_commands
from a3s_core.agent.tool_gate import ToolGate
from a3s_core.agent.tool_runner import ToolRunner, ToolRunnerSettings
from a3s_core.errors import A3SError
from a3s_core.events import AgentEvent
from a3s_core.lanes import LaneScheduler, SchedulerConfig, SchedulerEvent
from a3s_core.mcp.tool_index import ToolIndex, ToolSearchTool
from a3s_core.messages import ImageBlock, Message, Usage
from a3s_core.pricing import ModelFacts, cost_of
from a3s_core.sessions.record import new_session_id
from a3s_core.protocols import Clock, ConfirmationProvider, PermissionChecker, Provider, SessionStore, Tool

Emit = Callable[[AgentEvent], None]

SCHEDULER_EVENT_TYPES = {
    "task_retry": "task_retry",
    "task_dead_letter": "dead_letter",
    "task_timeout": "task_timeout",
    "lane_pressure": "queue_pressure",
    "lane_pressure_relieved": "queue_pressure_relieved",
}


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
class ModelChoice:
    """A resolved "provider/model": who to call, how, and what it costs."""

    provider: Provider
    settings: LoopSettings
    facts: ModelFacts


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
    switch_model: Callable[[str], ModelChoice]
    clock: Clock
    scheduler_config: SchedulerConfig
    facts: ModelFacts = field(default_factory=ModelFacts)
    store: SessionStore | None = None
    builtin_names: frozenset[str] = frozenset()
    """Tools always sent to the model, however large the tool set (the built-ins)."""
    global_mcp: Callable[[], Any] | None = None
    """The Agent's MCP manager for config servers (None when none are configured)."""
    make_mcp_manager: Callable[[], Any] | None = None
    """Makes a manager for this session's own MCP servers."""
    ensure_mcp_started: Callable[..., Awaitable[None]] | None = None
    """Starts the config servers (once) and waits, bounded, for them before the first LLM call."""


class AgentSession(QueueControls, CommandControls, SchedulerControls, CompactionControls, McpControls, DirectTools):
    """The async session. The SDK's blocking ``a3s_code.Session`` wraps this."""

    def __init__(self, workspace: Path, options: SessionOptions, parts: SessionParts) -> None:
        self.workspace = workspace
        self.options = options
        self.parts = parts
        self.session_id = options.session_id or new_session_id()
        self.history: list[Message] = []
        self.usage = Usage()
        self.turns = 0
        self._task: asyncio.Task[Any] | None = None
        self._turn_emit: Emit | None = None
        self._listeners: list[Emit] = []
        self.scheduler = LaneScheduler(parts.scheduler_config, clock=parts.clock, on_event=self._on_scheduler_event)
        self.broker = ExternalTaskBroker(self.session_id, parts.clock, self._publish)
        self.commands = builtin_commands()
        self._fixed_commands = {command.name for command in self.commands.list()}
        self._file_commands: set[str] = set()
        self.command_warnings: list[str] = []
        self.last_call_usage = Usage()
        """Token counts of the latest LLM call: its input is how full the context window is."""
        self._steering: list[str] = []
        self.created_at = time.time()
        self.extra: dict[str, Any] = {}
        """Saved with the session; later features keep their state here."""
        self.store = parts.store
        self.cron = self._make_cron()
        self.scheduled_confirmation: ConfirmationProvider | None = None
        """Who answers "ask" in scheduled turns (the app sets a modal); None: as send() does."""
        self._own_mcp: Any = None
        self.tool_index = options.tool_index or ToolIndex()
        self._tool_search = ToolSearchTool(self.tool_index, lambda: list(self.tools_now().values()))

    @property
    def model(self) -> str:
        return self.parts.model_ref

    def tool_names(self) -> list[str]:
        return sorted(self.tools_now())

    def set_model(self, model_ref: str) -> None:
        """Switch provider and model for the next turns; the history is kept and re-encoded."""
        choice = self.parts.switch_model(model_ref)
        self.parts.provider, self.parts.settings, self.parts.facts = choice.provider, choice.settings, choice.facts
        self.parts.model_ref = model_ref

    def cost(self) -> float | None:
        """Dollars spent so far at the model's prices; None when its prices are unknown."""
        return cost_of(self.usage, self.parts.facts)

    def context_used(self) -> float | None:
        """Fraction of the context window the latest LLM call filled; None when unknown."""
        window = self.parts.facts.context_window
        if not window or not self.last_call_usage.input_tokens:
            return None
        used = self.last_call_usage
        return (used.input_tokens + used.cache_read_tokens + used.cache_write_tokens) / window

    # -- persistence -------------------------------------------------------------------------

    def save(self) -> None:
        """Write the session to its store (no-op without one)."""
        if self.store is not None:
            from a3s_core.agent.persistence import to_record

            self.store.save(to_record(self))

    def _autosave(self) -> None:
        if self.options.auto_save:
            self.save()

    def subscribe(self, listener: Emit) -> Callable[[], None]:
        """Receive every event of this session (turns, lanes, external tasks); returns an unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # -- turns -------------------------------------------------------------------------------

    async def stream(
        self, prompt: str, images: list[ImageBlock] | None = None, *, confirmation: ConfirmationProvider | None = None
    ) -> AsyncIterator[AgentEvent]:
        """Run a turn and yield its events until ``end``. Leaving the loop early cancels the turn."""
        self._check_idle(prompt)
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
        self._check_idle(prompt)
        turn = asyncio.create_task(self._run(prompt, images, lambda event: None, self._send_confirmation()))
        result = await turn  # cancelling the caller cancels the turn too; cancel() ends it with "cancelled"
        if result.error is not None:
            raise result.error
        return result

    def _check_idle(self, prompt: str) -> None:
        if self.busy and parse_command(prompt) is None:
            raise A3SError("a turn is already running: wait for it, cancel() it, or steer() it")

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    async def _run(
        self,
        prompt: str,
        images: list[ImageBlock] | None,
        emit: Emit,
        confirmation: ConfirmationProvider,
        origin: dict[str, Any] | None = None,
    ) -> TurnResult:
        if parse_command(prompt) is not None and not images:
            expanded = await self._run_command(prompt, emit)
            if expanded.stop_reason != "expand":
                return expanded
            prompt = expanded.text
        self._task = asyncio.current_task()
        self._turn_emit = emit
        self.turns += 1
        turn = self.turns
        self._add_user_message(prompt, images)
        self._publish(AgentEvent("turn_start", text=prompt, turn=turn, metadata=origin or {}))
        result = TurnResult(text="")
        try:
            if self.parts.ensure_mcp_started is not None:
                await self.parts.ensure_mcp_started()
            outcome = await self._loop(confirmation).run_turn(self.history, self.parts.system_prompt, turn)
            result = TurnResult(outcome.text, outcome.usage, outcome.tool_calls, outcome.rounds, outcome.stop_reason)
        except asyncio.CancelledError:
            result.stop_reason = "cancelled"
        except A3SError as exc:
            result.stop_reason, result.error = "error", exc
            self._publish(AgentEvent("error", text=str(exc), turn=turn, is_error=True, metadata={"kind": type(exc).__name__}))
        finally:
            self._task = None
        self.usage = self.usage + result.usage
        self._publish(AgentEvent("turn_end", text=result.text, turn=turn, usage=_usage_dict(result.usage),
                                 metadata={"stop_reason": result.stop_reason, "tool_calls": result.tool_calls_count}))
        self._autosave()
        self._publish(AgentEvent("end", text=result.text, turn=turn, usage=_usage_dict(self.usage)))
        self._turn_emit = None
        self.cron.notify_idle()
        return result

    async def _run_command(self, line: str, emit: Emit) -> TurnResult:
        result = await self.command(line)
        if result.action == "prompt" and not self.busy:  # a Markdown command: its prompt goes to the model
            return TurnResult(result.data["prompt"], stop_reason="expand")
        if result.action == "prompt":
            result = CommandResult(f"A turn is running: send {line.split()[0]} when it is done.", is_error=True)
        metadata = {"action": result.action, **({"data": result.data} if result.data else {})}
        emit(AgentEvent("command_result", text=result.text, is_error=result.is_error, metadata=metadata))
        emit(AgentEvent("end", text=result.text, usage=_usage_dict(self.usage)))
        return TurnResult(result.text, stop_reason="command")

    def _add_user_message(self, prompt: str, images: list[ImageBlock] | None) -> None:
        message = Message.user(prompt, images)
        repair_history(self.history)
        last = self.history[-1] if self.history else None
        if last is not None and last.role == "user":
            last.content.extend(message.content)  # after tool results: one user turn, results first
        else:
            self.history.append(message)

    # -- plumbing ----------------------------------------------------------------------------

    def _publish(self, event: AgentEvent) -> None:
        """Send an event to the running turn's consumer (if any) and to every subscriber."""
        if self._turn_emit is not None:
            self._turn_emit(event)
        for listener in list(self._listeners):
            listener(event)

    def _on_scheduler_event(self, event: SchedulerEvent) -> None:
        kind = SCHEDULER_EVENT_TYPES.get(event.kind)
        if kind is None:
            return
        detail = {"lane": event.lane, "task_id": event.task_id, **event.detail}
        text = ", ".join(f"{k}={v}" for k, v in detail.items() if v is not None)
        self._publish(AgentEvent(kind, text=text, metadata=detail))  # type: ignore[arg-type]

    def _runner(self, confirmation: ConfirmationProvider, tools: dict[str, Tool] | None = None) -> ToolRunner:
        parts = self.parts
        settings = ToolRunnerSettings(self.workspace, parts.tool_timeout)
        gate = ToolGate(tools or self.tools_now(), parts.permissions, confirmation, self.workspace, lambda: runner.context())
        runner = ToolRunner(gate, self.scheduler, self.broker, settings, self._publish)
        return runner

    def _loop(self, confirmation: ConfirmationProvider) -> AgentLoop:
        parts = self.parts
        tools = self.tools_now()
        loop = AgentLoop(parts.provider, lambda history: self.specs_for(tools, history),
                         self._runner(confirmation, tools), self.scheduler, parts.breaker, parts.settings, self._publish)
        loop.take_steering = self._take_steering
        loop.on_usage = self._record_call_usage
        loop.on_step = self._autosave
        loop.before_call = self._maybe_compact
        return loop

    def _record_call_usage(self, usage: Usage) -> None:
        self.last_call_usage = usage

    def _event_confirmation(self, emit: Emit) -> ConfirmationProvider:
        from a3s_core.permissions.confirmation import ConfirmationPolicy, EventConfirmationProvider

        if self.options.confirmation_provider is not None:
            return self.options.confirmation_provider
        policy = ConfirmationPolicy(timeout=self.options.confirmation_timeout,
                                    timeout_action=self.options.confirmation_timeout_action)
        return EventConfirmationProvider(emit, policy, self.parts.clock)

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

    async def aclose(self) -> None:
        await self.cron.aclose()
        if self._own_mcp is not None:
            await self._own_mcp.aclose()
        await self.scheduler.aclose()
        for tool in self.parts.tools.values():
            close = getattr(tool, "aclose", None)
            if close is not None:
                await close()


def _usage_dict(usage: Usage) -> dict[str, int]:
    return {
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "cache_read_tokens": usage.cache_read_tokens,
        "cache_write_tokens": usage.cache_write_tokens,
    }
