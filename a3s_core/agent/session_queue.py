"""The session's lane API (the seed's queue SDK): control, stats, direct submission, workers."""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING, Any

from a3s_core.agent.submission import infer_tool
from a3s_core.messages import ToolUseBlock
from a3s_core.tools.base import ToolResult

if TYPE_CHECKING:
    from a3s_core.agent.external import ExternalTask
    from a3s_core.agent.session import AgentSession


class QueueControls:
    """Mixed into AgentSession; every method here goes through the session's LaneScheduler."""

    # -- control lane (P0): runs before anything queued, even while paused ------------------

    async def cancel(self: AgentSession) -> bool:
        """Interrupt the running turn (a running bash is killed); False when none is running."""
        return await self.scheduler.run("control", self._cancel_turn, name="cancel")

    async def pause(self: AgentSession) -> None:
        """Stop starting queued tasks (running ones finish); control tasks still run."""
        await self.scheduler.run("control", _sync(self.scheduler.pause), name="pause")

    async def resume(self: AgentSession) -> None:
        await self.scheduler.run("control", _sync(self.scheduler.resume), name="resume")

    async def _cancel_turn(self: AgentSession) -> bool:
        task = self._task
        if task is None or task.done():
            return False
        task.cancel()
        return True

    # -- inspection --------------------------------------------------------------------------

    def queue_stats(self: AgentSession) -> dict[str, Any]:
        """Per-lane counts (queued, running, completed, failed, retried, dead-lettered...),
        latency percentiles and throughput, plus external tasks waiting for workers."""
        stats = self.scheduler.stats()
        stats["external_pending"] = len(self.broker.pending())
        stats["handlers"] = {lane: self.broker.mode(lane) for lane in stats["lanes"]}
        return stats

    def dead_letters(self: AgentSession) -> list[dict[str, Any]]:
        """Tasks that failed after their last retry, oldest first."""
        from dataclasses import asdict

        return [asdict(letter) for letter in self.scheduler.dead_letters()]

    # -- direct submission -------------------------------------------------------------------

    async def submit(self: AgentSession, lane: str, args: dict[str, Any], tool: str | None = None) -> ToolResult:
        """Run one tool task in ``lane`` without the LLM, through the same permission checks.

        Raises:
            ValueError: the lane is unknown, takes no submissions, or does not fit the tool.
        """
        name = tool or infer_tool(lane, args, self.workspace)
        chosen = self.parts.tools.get(name)
        if chosen is None:
            raise ValueError(f"unknown tool {name!r}; available: {', '.join(self.tool_names())}")
        if chosen.lane != lane:
            raise ValueError(f"{name} runs in the {chosen.lane} lane, not {lane}")
        runner = self._runner(self._send_confirmation())
        call = ToolUseBlock(id=f"submit_{uuid.uuid4().hex[:8]}", name=name, input=dict(args))
        blocks: list[Any] = []
        await runner.answer_all([call], 0, blocks)
        block = blocks[0]
        return ToolResult(block.content, block.is_error, images=block.images)

    async def submit_batch(
        self: AgentSession, lane: str, batch: list[dict[str, Any]], tool: str | None = None
    ) -> list[ToolResult]:
        """Submit several tasks to one lane: a query batch runs in parallel, other lanes in order."""
        if lane == "query":
            return list(await asyncio.gather(*(self.submit(lane, args, tool) for args in batch)))
        return [await self.submit(lane, args, tool) for args in batch]

    # -- external workers --------------------------------------------------------------------

    def set_lane_handler(self: AgentSession, lane: str, mode: str = "internal", timeout_ms: int = 60_000) -> None:
        """Run ``lane`` here (internal), on workers (external), or here while workers observe (hybrid)."""
        self.broker.set_handler(lane, mode, timeout_ms)

    def pending_external_tasks(self: AgentSession) -> list[ExternalTask]:
        return self.broker.pending()

    def complete_external_task(self: AgentSession, task_id: str, result: dict[str, Any]) -> bool:
        """Deliver a worker's ``{"success", "result": {"output", "exit_code"}, "error"}``."""
        return self.broker.complete(task_id, result)


def _sync(fn: Any) -> Any:
    async def run() -> None:
        fn()

    return run
