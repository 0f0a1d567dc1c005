"""What a tool receives and returns."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from a3s_core.messages import ImageBlock


@dataclass
class ToolResult:
    """``output`` is what the model reads; ``metadata`` is for front ends (diff, exit_code, ...)."""

    output: str
    is_error: bool = False
    metadata: dict[str, Any] = field(default_factory=dict)
    images: list[ImageBlock] = field(default_factory=list)


def _discard(_: str) -> None:
    return None


@dataclass
class ToolContext:
    """Everything a tool may use besides its arguments."""

    workspace: Path
    """Absolute, resolved workspace root: the cwd for bash and the base for relative paths."""
    allow_path: Callable[[Path, str], bool] = lambda path, tool: False
    """Asked when a path outside the workspace is used: True if a rule allows ``tool`` there."""
    on_output: Callable[[str], None] = _discard
    """Called with output as it is produced (bash streams here)."""
    timeout: float | None = None
    """Seconds the tool may run; None means the tool's own default."""
    env: dict[str, str] = field(default_factory=dict)
    """Extra environment variables for processes the tool starts."""
    run_tool: Callable[[str, dict[str, Any]], Awaitable[ToolResult]] | None = None
    """Runs another tool call through the session's permission checks and lanes (batch uses it)."""
    tool_lanes: dict[str, str] = field(default_factory=dict)
    """The lane of every tool the session has, by name ("query" ones may run in parallel)."""
