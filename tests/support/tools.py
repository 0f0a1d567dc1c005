"""Small real tools for lane tests (they satisfy the Tool protocol; nothing is patched)."""

from __future__ import annotations

import asyncio
from typing import Any

from a3s_core.tools.base import ToolContext, ToolResult


class BarrierTool:
    """A query tool whose calls finish only once ``parties`` of them run at the same time.

    If the lane ran them one by one, the first call would never finish: a bounded wait in the test
    turns that into a failure.
    """

    name = "barrier"
    description = "Waits for its siblings."
    input_schema: dict[str, Any] = {"type": "object", "properties": {"id": {"type": "string"}}}
    lane = "query"

    def __init__(self, parties: int) -> None:
        self.parties = parties
        self.arrived = 0
        self.peak = 0
        self.running = 0
        self.all_here = asyncio.Event()

    def permission_subject(self, args: dict[str, Any]) -> str:
        return str(args.get("id", ""))

    async def run(self, args: dict[str, Any], ctx: ToolContext) -> ToolResult:
        self.arrived += 1
        self.running += 1
        self.peak = max(self.peak, self.running)
        if self.arrived >= self.parties:
            self.all_here.set()
        await self.all_here.wait()
        self.running -= 1
        return ToolResult(f"passed {args.get('id')}")


class FlakyTool:
    """A query tool that raises an unexpected error for its first ``failures`` attempts."""

    name = "flaky"
    description = "Fails, then works."
    input_schema: dict[str, Any] = {"type": "object", "properties": {}}
    lane = "query"

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.attempts = 0

    def permission_subject(self, args: dict[str, Any]) -> str:
        return ""

    async def run(self, args: dict[str, Any], ctx: ToolContext) -> ToolResult:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise RuntimeError(f"transient failure {self.attempts}")
        return ToolResult(f"worked on attempt {self.attempts}")
