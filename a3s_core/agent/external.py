"""The worker boundary: lane tasks handed to external workers as serialisable records.

A lane in ``external`` mode does not run its tasks: each becomes an ExternalTask that a worker takes
from ``pending()`` and answers through ``complete()``. In ``hybrid`` mode the task runs locally and
is also published, so observers see it. Only plain data crosses this boundary, so a broker (Redis
Streams, say) can carry it between machines without changing the session API.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from a3s_core.errors import A3SError
from a3s_core.events import AgentEvent
from a3s_core.protocols import Clock
from a3s_core.tools.base import ToolResult

HandlerMode = Literal["internal", "external", "hybrid"]
MODES = ("internal", "external", "hybrid")
EXTERNAL_LANES = ("query", "execute")
DEFAULT_TIMEOUT_MS = 60_000


class ExternalTaskTimeout(A3SError):
    """Raised when no worker completes an external task within its timeout."""


@dataclass
class LaneHandlerConfig:
    mode: HandlerMode = "internal"
    """internal runs tasks here; external hands them to workers; hybrid does both."""
    timeout_ms: int = DEFAULT_TIMEOUT_MS
    """How long an external task waits for a worker before it fails."""


@dataclass
class ExternalTask:
    """A task waiting for a worker. Everything here is JSON-serialisable."""

    task_id: str
    session_id: str
    lane: str
    command_type: str
    """The tool to run (bash, read, ...)."""
    payload: dict[str, Any]
    """The tool's arguments."""
    timeout_ms: int
    mode: str = "external"
    created_at: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Waiting:
    task: ExternalTask
    future: asyncio.Future[dict[str, Any]] = field(repr=False)


class ExternalTaskBroker:
    """Per-session registry of lane handler modes and of tasks waiting for workers."""

    def __init__(self, session_id: str, clock: Clock, emit: Callable[[AgentEvent], None]) -> None:
        self.session_id = session_id
        self.clock = clock
        self.emit = emit
        self.handlers: dict[str, LaneHandlerConfig] = {}
        self._waiting: dict[str, _Waiting] = {}

    def set_handler(self, lane: str, mode: str = "internal", timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
        """Choose how ``lane`` runs its tasks.

        Raises:
            ValueError: an unknown mode, a lane that cannot be external, or a non-positive timeout.
        """
        if mode not in MODES:
            raise ValueError(f"unknown handler mode {mode!r}; expected one of {', '.join(MODES)}")
        if mode != "internal" and lane not in EXTERNAL_LANES:
            raise ValueError(f"the {lane} lane always runs internally; external workers serve {' and '.join(EXTERNAL_LANES)}")
        if timeout_ms <= 0:
            raise ValueError("timeout_ms must be positive")
        self.handlers[lane] = LaneHandlerConfig(mode, timeout_ms)  # type: ignore[arg-type]

    def mode(self, lane: str) -> str:
        return self.handlers.get(lane, LaneHandlerConfig()).mode

    def pending(self) -> list[ExternalTask]:
        """Tasks a worker may take, oldest first."""
        return [w.task for w in self._waiting.values() if not w.future.done()]

    def complete(self, task_id: str, result: dict[str, Any]) -> bool:
        """Deliver a worker's result; False when the task is unknown, finished or timed out."""
        waiting = self._waiting.get(task_id)
        if waiting is None or waiting.future.done():
            return False
        waiting.future.set_result(result)
        return True

    async def dispatch(self, lane: str, command_type: str, payload: dict[str, Any]) -> ToolResult:
        """Publish a task and wait for its worker's result (external mode)."""
        waiting = self._publish(lane, command_type, payload, "external")
        timeout_s = waiting.task.timeout_ms / 1000
        deadline = waiting.task.created_at + timeout_s

        async def expire() -> None:  # measured from publication, however late this task starts
            await self.clock.sleep(max(0.0, deadline - self.clock.now()))

        timer = asyncio.ensure_future(expire())
        try:
            await asyncio.wait({waiting.future, timer}, return_when=asyncio.FIRST_COMPLETED)
            if not waiting.future.done():
                waiting.future.cancel()
                self._completed(waiting.task, success=False, error="timed out")
                return ToolResult(
                    f"No external worker completed this {command_type} task within {timeout_s:g} s "
                    f"(task {waiting.task.task_id}).",
                    is_error=True,
                )
            result = waiting.future.result()
            self._completed(waiting.task, success=bool(result.get("success")))
            return result_to_tool_result(result)
        finally:
            timer.cancel()
            waiting.future.cancel()
            self._waiting.pop(waiting.task.task_id, None)

    def observe(self, lane: str, command_type: str, payload: dict[str, Any]) -> ExternalTask:
        """Publish a locally-run task to observers (hybrid mode); call ``observed`` when it ends."""
        return self._publish(lane, command_type, payload, "hybrid").task

    def observed(self, task: ExternalTask, result: ToolResult) -> None:
        waiting = self._waiting.pop(task.task_id, None)
        if waiting is not None:
            waiting.future.cancel()
        self._completed(task, success=not result.is_error)

    def _publish(self, lane: str, command_type: str, payload: dict[str, Any], mode: str) -> _Waiting:
        config = self.handlers.get(lane, LaneHandlerConfig())
        task = ExternalTask(
            task_id=f"ext-{uuid.uuid4().hex[:12]}",
            session_id=self.session_id,
            lane=lane,
            command_type=command_type,
            payload=dict(payload),
            timeout_ms=config.timeout_ms,
            mode=mode,
            created_at=self.clock.now(),
        )
        waiting = _Waiting(task, asyncio.get_running_loop().create_future())
        self._waiting[task.task_id] = waiting
        self.emit(AgentEvent("external_task_pending", tool_name=command_type, args=task.payload,
                             metadata=task.to_dict()))
        return waiting

    def _completed(self, task: ExternalTask, *, success: bool, error: str | None = None) -> None:
        detail: dict[str, Any] = {"task_id": task.task_id, "lane": task.lane, "mode": task.mode, "success": success}
        if error:
            detail["error"] = error
        self.emit(AgentEvent("external_task_completed", tool_name=task.command_type, is_error=not success,
                             metadata=detail))


def result_to_tool_result(result: dict[str, Any]) -> ToolResult:
    """A worker's ``{"success", "result": {"output", "exit_code"}, "error"}`` as the model sees it."""
    body = result.get("result") or {}
    output = str(body.get("output", "")) if isinstance(body, dict) else str(body)
    exit_code = body.get("exit_code") if isinstance(body, dict) else None
    metadata: dict[str, Any] = {"external": True}
    if exit_code is not None:
        metadata["exit_code"] = exit_code
    if not result.get("success"):
        error = result.get("error") or "the external worker reported a failure"
        text = f"{output}\n{error}".strip() if output else str(error)
        return ToolResult(text, is_error=True, metadata=metadata)
    if exit_code not in (None, 0):
        return ToolResult(f"{output}\nExit code: {exit_code}".strip(), is_error=True, metadata=metadata)
    return ToolResult(output, metadata=metadata)
