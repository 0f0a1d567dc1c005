"""The blocking SDK, shaped as the seed's Python API, over the async core."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from a3s_code import _runner
from a3s_core.agent.external import ExternalTask
from a3s_core.agent.agent import Agent as AsyncAgent
from a3s_core.agent.options import SessionOptions
from a3s_core.agent.session import AgentSession, TurnResult
from a3s_core.config.root import Config
from a3s_core.events import AgentEvent
from a3s_core.messages import ImageBlock, Message, Usage
from a3s_core.tools.base import ToolResult

T = TypeVar("T")


class Session:
    """A blocking session. Every method has an async twin on ``session.aio``."""

    def __init__(self, inner: AgentSession) -> None:
        self.aio = inner

    @property
    def session_id(self) -> str:
        return self.aio.session_id

    @property
    def model(self) -> str:
        return self.aio.model

    @property
    def history(self) -> list[Message]:
        return self.aio.history

    @property
    def usage(self) -> Usage:
        return self.aio.usage

    def send(self, prompt: str, images: list[ImageBlock] | None = None) -> TurnResult:
        """Run one turn and return its result (``.text``, ``.usage``, ``.tool_calls_count``)."""
        return _runner.run(self.aio.send(prompt, images))

    def stream(self, prompt: str, images: list[ImageBlock] | None = None) -> Iterator[AgentEvent]:
        """Run one turn, yielding its events; answer confirmation_required with event.approve()/deny()."""
        return _runner.iterate(lambda: self.aio.stream(prompt, images))

    def cancel(self) -> bool:
        """Interrupt the running turn through the control lane."""
        return _runner.run(self.aio.cancel())

    def pause(self) -> None:
        _runner.run(self.aio.pause())

    def resume(self) -> None:
        _runner.run(self.aio.resume())

    def queue_stats(self) -> dict[str, Any]:
        return self.aio.queue_stats()

    def dead_letters(self) -> list[dict[str, Any]]:
        return self.aio.dead_letters()

    def submit(self, lane: str, args: dict[str, Any], tool: str | None = None) -> ToolResult:
        """Run one tool task in ``lane`` without the LLM (e.g. ``submit("execute", {"command": "ls"})``)."""
        return _runner.run(self.aio.submit(lane, args, tool))

    def submit_batch(self, lane: str, batch: list[dict[str, Any]], tool: str | None = None) -> list[ToolResult]:
        """Several tasks in one lane: parallel for query, in order for the others."""
        return _runner.run(self.aio.submit_batch(lane, batch, tool))

    def set_lane_handler(self, lane: str, mode: str = "internal", timeout_ms: int = 60_000) -> None:
        self.aio.set_lane_handler(lane, mode, timeout_ms)

    def pending_external_tasks(self) -> list[ExternalTask]:
        return _runner.run(_call(self.aio.pending_external_tasks))

    def complete_external_task(self, task_id: str, result: dict[str, Any]) -> bool:
        return _runner.run(_call(lambda: self.aio.complete_external_task(task_id, result)))

    def subscribe(self, listener: Callable[[AgentEvent], None]) -> Callable[[], None]:
        """Receive every event of the session (called on the SDK's loop thread)."""
        return self.aio.subscribe(listener)

    def set_model(self, model_ref: str) -> None:
        self.aio.set_model(model_ref)

    def tool_names(self) -> list[str]:
        return self.aio.tool_names()

    def list_commands(self) -> list[dict[str, str]]:
        return self.aio.list_commands()

    def register_command(self, name: str, description: str, handler: Callable[..., Any], usage: str = "") -> None:
        self.aio.register_command(name, description, handler, usage)

    def steer(self, text: str) -> bool:
        """Queue a message for the running turn (it joins at the next step)."""
        return _runner.run(_call(lambda: self.aio.steer(text)))

    def schedule_task(self, prompt: str, interval_secs: float) -> str:
        """Run ``prompt`` every ``interval_secs`` seconds while the session lives; returns its id."""
        return _runner.run(_call(lambda: self.aio.schedule_task(prompt, interval_secs)))

    def list_scheduled_tasks(self) -> list[dict[str, Any]]:
        return _runner.run(_call(self.aio.list_scheduled_tasks))

    def cancel_scheduled_task(self, task_id: str) -> bool:
        return _runner.run(_call(lambda: self.aio.cancel_scheduled_task(task_id)))

    def add_mcp_server(self, name: str, command: str | None = None, args: list[str] | None = None,
                       env: dict[str, str] | None = None, *, url: str | None = None,
                       timeout: float | None = None) -> int:
        """Connect an MCP server for this session; returns its tool count."""
        return _runner.run(self.aio.add_mcp_server(name, command, args, env, url=url, timeout=timeout))

    def remove_mcp_server(self, name: str) -> bool:
        return _runner.run(self.aio.remove_mcp_server(name))

    def mcp_status(self) -> dict[str, dict[str, Any]]:
        """{name: {connected, tool_count, error}}."""
        return _runner.run(_call(self.aio.mcp_status))

    def save(self) -> None:
        _runner.run(_call(self.aio.save))

    def cost(self) -> float | None:
        return self.aio.cost()

    def tool(self, name: str, args: dict[str, Any]) -> ToolResult:
        """Call a tool directly, without the LLM."""
        return _runner.run(self.aio.tool(name, args))

    def read_file(self, path: str) -> str:
        return _runner.run(self.aio.read_file(path))

    def bash(self, command: str, timeout: float | None = None) -> str:
        return _runner.run(self.aio.bash(command, timeout))

    def glob(self, pattern: str, path: str | None = None) -> list[str]:
        return _runner.run(self.aio.glob(pattern, path))

    def grep(self, pattern: str, path: str | None = None, **options: Any) -> str:
        return _runner.run(self.aio.grep(pattern, path, **options))


async def _call(fn: Callable[[], T]) -> T:
    """Run a plain function on the SDK loop's thread (the broker's futures live there)."""
    return fn()


class Agent:
    """``Agent("agent.hcl")`` loads a config file; ``Agent()`` discovers one as the CLI does."""

    def __init__(self, config: str | Path | Config | None = None) -> None:
        if isinstance(config, Config):
            self.aio = AsyncAgent(config)
        else:
            self.aio = AsyncAgent.from_file(config)

    @classmethod
    def create(cls, config: str | Path | Config | None = None) -> Agent:
        return cls(config)

    def session(self, workspace: str | Path = ".", options: SessionOptions | None = None, **overrides: Any) -> Session:
        return Session(self.aio.session(workspace, options, **overrides))

    def resume_session(self, session_id: str, options: SessionOptions | None = None, **overrides: Any) -> Session:
        """Bring back a saved session (its workspace, model, history and scheduled tasks)."""
        session = Session(self.aio.resume_session(session_id, options, **overrides))
        _runner.run(_call(session.aio.start))
        return session

    def refresh_mcp_tools(self) -> None:
        """Re-list the tools of the config's MCP servers."""
        _runner.run(self.aio.refresh_mcp_tools())

    def latest_session_id(self, workspace: str | Path = ".", options: SessionOptions | None = None) -> str | None:
        return self.aio.latest_session_id(workspace, options)

    def close(self) -> None:
        _runner.run(self.aio.aclose())

    def __enter__(self) -> Agent:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
