"""Answers the tool calls of one response through the session's lanes.

Consecutive read-only calls run together in the query lane; a call that changes things runs alone
in the execute lane, in the model's order; results come back in the model's order. Whatever goes
wrong becomes a ToolResultBlock the model reads; nothing here ends the turn.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from a3s_core.agent.external import ExternalTaskBroker
from a3s_core.agent.tool_gate import Refusal, ToolGate
from a3s_core.errors import ToolDenied, ToolError
from a3s_core.events import AgentEvent
from a3s_core.lanes import LaneScheduler, TaskHandle, TaskTimeout
from a3s_core.messages import ToolResultBlock, ToolUseBlock
from a3s_core.protocols import Tool
from a3s_core.tools.base import ToolContext, ToolResult

Emit = Callable[[AgentEvent], None]


@dataclass
class ToolRunnerSettings:
    workspace: Path
    tool_timeout: float = 600.0


@dataclass
class _Call:
    call: ToolUseBlock
    tool: Tool | None = None
    result: ToolResult | None = None
    started: list[float] = field(default_factory=list)


class ToolRunner:
    """Runs calls admitted by the gate as lane tasks, emitting tool_start / output / end."""

    def __init__(
        self,
        gate: ToolGate,
        scheduler: LaneScheduler,
        broker: ExternalTaskBroker,
        settings: ToolRunnerSettings,
        emit: Emit,
    ) -> None:
        self.gate = gate
        self.scheduler = scheduler
        self.broker = broker
        self.settings = settings
        self.emit = emit
        self._handles: dict[str, TaskHandle[ToolResult]] = {}

    async def answer_all(self, calls: list[ToolUseBlock], turn: int, into: list) -> None:
        """Append a result for every call to ``into``, in the model's order.

        If the turn is cancelled, the results that did finish are appended before the
        CancelledError propagates, so the history records what really happened.
        """
        slots: list[ToolResultBlock | None] = [None] * len(calls)
        try:
            start = 0
            for group in self._groups(calls):
                await self._answer_group(group, turn, slots, start)
                start += len(group)
        finally:
            into.extend(block for block in slots if block is not None)

    async def run(self, tool: Tool, call: ToolUseBlock, turn: int, lane: str | None = None) -> ToolResult:
        """Run one admitted call as a lane task and return its full result (metadata included)."""
        item = _Call(call, tool)
        self._submit(item, turn, lane)
        return await self._finish(item, self._handles.pop(call.id), turn)

    # -- grouping ----------------------------------------------------------------------------

    def _groups(self, calls: list[ToolUseBlock]) -> list[list[ToolUseBlock]]:
        groups: list[list[ToolUseBlock]] = []
        for call in calls:
            if self._is_query(call) and groups and self._is_query(groups[-1][-1]):
                groups[-1].append(call)
            else:
                groups.append([call])
        return groups

    def _is_query(self, call: ToolUseBlock) -> bool:
        tool = self.gate.tools.get(call.name)
        return tool is not None and tool.lane == "query"

    async def _answer_group(
        self, group: list[ToolUseBlock], turn: int, slots: list[ToolResultBlock | None], start: int
    ) -> None:
        items = [_Call(call) for call in group]
        for item in items:  # confirmations are asked one at a time, in the model's order
            try:
                item.tool = await self.gate.admit(item.call)
            except Refusal as refusal:
                item.result = self._refused(item.call, turn, refusal)
        for item in items:
            if item.result is None:
                self._submit(item, turn, None)

        async def settle(index: int, item: _Call) -> None:
            result = item.result if item.result is not None else await self._finish(item, self._handles.pop(item.call.id), turn)
            slots[start + index] = ToolResultBlock(item.call.id, result.output, result.is_error, list(result.images))

        await asyncio.gather(*(settle(index, item) for index, item in enumerate(items)))

    # -- execution ---------------------------------------------------------------------------

    def _submit(self, item: _Call, turn: int, lane: str | None) -> None:
        assert item.tool is not None
        tool, call = item.tool, item.call
        lane = lane or tool.lane
        if getattr(tool, "coordinator", False):  # batch: holds no lane slot; its calls take their own
            self._handles[call.id] = asyncio.ensure_future(self._attempt(item, turn, lane))
            return
        handle = self.scheduler.submit(
            lane,
            lambda: self._attempt(item, turn, lane),
            name=call.name,
            payload={"tool_id": call.id, "args": call.input},
            timeout=self.settings.tool_timeout,
        )
        self._handles[call.id] = handle

    async def _attempt(self, item: _Call, turn: int, lane: str) -> ToolResult:
        """One try of a call, run by the scheduler; unexpected exceptions propagate (retry, DLQ)."""
        assert item.tool is not None
        tool, call = item.tool, item.call
        if not item.started:
            item.started.append(time.monotonic())
            self.emit(AgentEvent("tool_start", turn=turn, tool_id=call.id, tool_name=call.name, args=call.input))
        mode = self.broker.mode(lane)
        if mode == "external":
            return await self.broker.dispatch(lane, call.name, call.input)
        observed = self.broker.observe(lane, call.name, call.input) if mode == "hybrid" else None
        try:
            result = await tool.run(call.input, self.context(self._output_sink(call, turn), turn, call.id))
        except ToolDenied as exc:
            self.emit(AgentEvent("permission_denied", turn=turn, tool_id=call.id, tool_name=call.name, text=exc.reason))
            result = ToolResult(f"Permission denied: {exc.reason}", is_error=True)
        except ToolError as exc:
            result = ToolResult(str(exc), is_error=True)
        if observed is not None:
            self.broker.observed(observed, result)
        return result

    async def _finish(self, item: _Call, handle: Awaitable[ToolResult], turn: int) -> ToolResult:
        call = item.call
        try:
            result = await handle
        except TaskTimeout as exc:
            result = ToolResult(f"{call.name} timed out and was stopped: {exc}", is_error=True)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - a broken tool must not end the turn; the model sees it
            result = ToolResult(f"{call.name} failed unexpectedly: {type(exc).__name__}: {exc}", is_error=True)
        if not item.started:  # it never ran (timed out in the queue): still a complete start/end pair
            self.emit(AgentEvent("tool_start", turn=turn, tool_id=call.id, tool_name=call.name, args=call.input))
        duration = time.monotonic() - item.started[0] if item.started else 0.0
        result.metadata.setdefault("duration", round(duration, 3))
        self.emit(AgentEvent("tool_end", turn=turn, tool_id=call.id, tool_name=call.name, output=result.output,
                             is_error=result.is_error, metadata=result.metadata))
        return result

    def _output_sink(self, call: ToolUseBlock, turn: int) -> Callable[[str], None]:
        def on_output(chunk: str) -> None:
            self.emit(AgentEvent("tool_output_delta", text=chunk, turn=turn, tool_id=call.id, tool_name=call.name))

        return on_output

    def context(self, on_output: Callable[[str], None] | None = None, turn: int = 0, parent: str = "") -> ToolContext:
        allows = getattr(self.gate.permissions, "allows_outside_path", None)

        def allow_path(path: Path, tool_name: str) -> bool:
            return bool(allows and allows(tool_name, str(path)))

        counter = iter(range(1, 10_000))

        async def run_tool(name: str, args: dict[str, Any]) -> ToolResult:
            return await self._nested(ToolUseBlock(id=f"{parent}-{next(counter)}", name=name, input=args), turn)

        lanes = {name: tool.lane for name, tool in self.gate.tools.items()}
        ctx = ToolContext(workspace=self.settings.workspace, allow_path=allow_path, run_tool=run_tool, tool_lanes=lanes)
        if on_output is not None:
            ctx.on_output = on_output
        return ctx

    async def _nested(self, call: ToolUseBlock, turn: int) -> ToolResult:
        """A call made by a coordinating tool (batch): same gate, same lanes, its own events."""
        try:
            tool = await self.gate.admit(call)
        except Refusal as refusal:
            return self._refused(call, turn, refusal)
        if getattr(tool, "coordinator", False):
            return self._refused(call, turn, Refusal(ToolResult(f"{call.name} cannot run inside another batch", is_error=True), False))
        return await self.run(tool, call, turn)

    def _refused(self, call: ToolUseBlock, turn: int, refusal: Refusal) -> ToolResult:
        if refusal.denied:
            self.emit(AgentEvent("permission_denied", turn=turn, tool_id=call.id, tool_name=call.name,
                                 args=call.input, text=refusal.result.output, rule=refusal.rule))
        else:
            self.emit(AgentEvent("tool_start", turn=turn, tool_id=call.id, tool_name=call.name, args=call.input))
            self.emit(AgentEvent("tool_end", turn=turn, tool_id=call.id, tool_name=call.name,
                                 output=refusal.result.output, is_error=True))
        return refusal.result
