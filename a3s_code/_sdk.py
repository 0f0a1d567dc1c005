"""The blocking SDK, shaped as the seed's Python API, over the async core."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from a3s_code import _runner
from a3s_core.agent.agent import Agent as AsyncAgent
from a3s_core.agent.options import SessionOptions
from a3s_core.agent.session import AgentSession, TurnResult
from a3s_core.config.root import Config
from a3s_core.events import AgentEvent
from a3s_core.messages import ImageBlock, Message, Usage
from a3s_core.tools.base import ToolResult


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
        return self.aio.cancel()

    def set_model(self, model_ref: str) -> None:
        self.aio.set_model(model_ref)

    def tool_names(self) -> list[str]:
        return self.aio.tool_names()

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

    def close(self) -> None:
        _runner.run(self.aio.aclose())

    def __enter__(self) -> Agent:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
