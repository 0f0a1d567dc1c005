"""The agent loop: call the LLM, answer its tool calls, repeat until it stops asking."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from a3s_core.agent.breaker import CircuitBreaker
from a3s_core.agent.llm_call import PartialResponse, stream_response
from a3s_core.agent.tool_runner import ToolRunner
from a3s_core.lanes import LaneScheduler
from a3s_core.errors import A3SError, LimitsExceeded, ProviderError
from a3s_core.events import AgentEvent
from a3s_core.messages import Message, TextBlock, ToolResultBlock, ToolSpec, Usage
from a3s_core.protocols import Provider
from a3s_core.providers.request import ModelRequest

Emit = Callable[[AgentEvent], None]
INTERRUPTED = "(interrupted by the user)"
CANCELLED_RESULT = "Cancelled by the user before this tool call finished."


@dataclass
class LoopSettings:
    model: str
    """Model id as the provider knows it (no provider prefix)."""
    max_tool_rounds: int = 50
    max_tokens: int = 8192
    thinking_budget: int | None = None
    temperature: float | None = None


@dataclass
class TurnOutcome:
    text: str = ""
    usage: Usage = field(default_factory=Usage)
    tool_calls: int = 0
    rounds: int = 0
    stop_reason: str = ""


class AgentLoop:
    """Runs turns over a history it extends in place; the history stays valid if a turn is cancelled."""

    def __init__(
        self,
        provider: Provider,
        tool_specs: Callable[[list[Message]], list[ToolSpec]],
        runner: ToolRunner,
        scheduler: LaneScheduler,
        breaker: CircuitBreaker,
        settings: LoopSettings,
        emit: Emit,
    ) -> None:
        self.provider = provider
        self.tool_specs = tool_specs
        self.runner = runner
        self.scheduler = scheduler
        self.breaker = breaker
        self.settings = settings
        self.emit = emit
        self.take_steering: Callable[[], list[str]] = list
        """Messages the user queued while the turn ran; they join the history at the next step."""
        self.on_usage: Callable[[Usage], None] = lambda usage: None
        self.before_call: Callable[[], Awaitable[None]] = _nothing
        """Awaited before each LLM call after the first (the session compacts there if needed)."""
        self.on_step: Callable[[], None] = lambda: None
        """Called after each round's tool results are in the history (the session saves there)."""

    async def run_turn(self, history: list[Message], system: str, turn: int) -> TurnOutcome:
        """Append the assistant's messages and tool results to ``history`` until the model is done.

        Raises:
            ProviderError / CircuitOpenError: the LLM could not be reached (history stays valid).
            LimitsExceeded: max_tool_rounds ran out.
            asyncio.CancelledError: the turn was interrupted (history repaired first).
        """
        outcome = TurnOutcome()
        partial = PartialResponse()
        try:
            for _ in range(self.settings.max_tool_rounds):
                if outcome.rounds:
                    await self.before_call()
                outcome.rounds += 1
                partial.reset()
                done = await self._call_llm(history, system, turn, partial)
                outcome.usage = outcome.usage + done.usage
                outcome.stop_reason = done.stop_reason
                history.append(done.message)
                calls = done.message.tool_uses
                if not calls:
                    steering = self.take_steering()
                    if not steering:
                        outcome.text = done.message.text
                        return outcome
                    history.append(Message("user", [TextBlock(text) for text in steering]))
                    continue
                outcome.tool_calls += len(calls)
                answer = Message("user", [])
                history.append(answer)  # filled in place, so a cancelled turn keeps what finished
                await self.runner.answer_all(calls, turn, answer.content)
                answer.content.extend(TextBlock(text) for text in self.take_steering())
                self.on_step()
            raise LimitsExceeded(
                f"Stopped after max_tool_rounds={self.settings.max_tool_rounds} LLM rounds; "
                "send another message to continue, or raise max_tool_rounds"
            )
        except asyncio.CancelledError:
            repair_history(history, partial.text)
            raise

    async def _call_llm(self, history: list[Message], system: str, turn: int, partial: PartialResponse):
        self.breaker.before_call()
        request = ModelRequest(
            model=self.settings.model,
            system=system,
            messages=history,
            tools=self.tool_specs(history),
            max_tokens=self.settings.max_tokens,
            temperature=self.settings.temperature,
            thinking_budget=self.settings.thinking_budget,
        )
        try:
            done = await self.scheduler.run(
                "generate",
                lambda: stream_response(self.provider, request, self.emit, turn, partial),
                name=f"llm {self.settings.model}",
                retryable=False,  # the provider retries transient failures itself
            )
        except ProviderError:
            self.breaker.record_failure()
            raise
        self.breaker.record_success()
        self.on_usage(done.usage)
        return done


async def _nothing() -> None:
    return None


def repair_history(history: list[Message], partial_text: str = "") -> None:
    """Make ``history`` valid after an interruption: every tool_use gets a tool_result, turns alternate."""
    if not history:
        return
    last = history[-1]
    if last.role == "assistant":
        if last.tool_uses:
            history.append(Message("user", _cancelled_results(last.tool_uses, set())))
        return
    previous = history[-2] if len(history) >= 2 else None
    if previous is not None and previous.role == "assistant" and previous.tool_uses:
        answered = {r.tool_use_id for r in last.tool_results}
        last.content[len(last.tool_results):len(last.tool_results)] = _cancelled_results(previous.tool_uses, answered)
    if any(isinstance(block, TextBlock) for block in last.content):
        text = f"{partial_text}\n\n{INTERRUPTED}" if partial_text else INTERRUPTED
        history.append(Message("assistant", [TextBlock(text)]))


def _cancelled_results(calls: list, answered: set[str]) -> list[ToolResultBlock]:
    return [ToolResultBlock(c.id, CANCELLED_RESULT, is_error=True) for c in calls if c.id not in answered]


__all__ = ["A3SError", "AgentLoop", "LoopSettings", "TurnOutcome", "repair_history"]
