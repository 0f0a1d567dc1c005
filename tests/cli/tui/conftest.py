"""Sessions over the scripted LLM server, and an app around them, for pilot and snapshot tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from a3s_core import Agent, SessionOptions, load_config
from a3s_core.testing import ScriptedLLMServer
from tests.conftest import write_config

SIZE = (100, 32)


class FakeClock:
    """A monotonic clock the test moves by hand (the modal's key grace, the busy timer)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.value = start

    def __call__(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds


def make_session(tmp_path: Path, llm: ScriptedLLMServer, workspace: Path, extra: str = "", **options: Any) -> Any:
    config = load_config(write_config(tmp_path / "agent.hcl", llm, "anthropic", extra)).config
    options.setdefault("session_id", "s-test")
    return Agent(config).session(workspace, SessionOptions(**options))


@pytest.fixture
def session_factory(tmp_path: Path, llm: ScriptedLLMServer, workspace: Path) -> Callable[..., Any]:
    def build(**options: Any) -> Any:
        return make_session(tmp_path, llm, workspace, **options)

    return build


async def until(pilot: Any, condition: Callable[[], bool], timeout: float = 15.0) -> None:
    """Let the app run until ``condition`` holds; fail after ``timeout`` seconds."""
    async with asyncio.timeout(timeout):
        while not condition():
            await pilot.pause(0.01)


async def type_text(pilot: Any, text: str) -> None:
    """Type characters one by one (spaces and newlines as their keys)."""
    keys = {" ": "space", "\n": "ctrl+j", "/": "slash", "@": "at"}
    await pilot.press(*(keys.get(ch, ch) for ch in text))


def plain(widget: Any, width: int = 100) -> str:
    """The text a Static shows, as plain text (rich renderables rendered at ``width``)."""
    from rich.console import Console

    console = Console(width=width, record=True, file=open("/dev/null", "w"), color_system=None)  # noqa: SIM115
    content = widget.content
    console.print(content)
    return console.export_text()
