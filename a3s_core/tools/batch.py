"""The batch tool: several tool calls in one, run through the lanes (read-only ones in parallel)."""

from __future__ import annotations

import asyncio
from typing import Any

from a3s_core.errors import ToolArgumentError, ToolError
from a3s_core.protocols import Lane
from a3s_core.tools.base import ToolContext, ToolResult

MAX_INVOCATIONS = 25

DESCRIPTION = """Run several tool calls in one step. Read-only calls (read, grep, glob, ls, web_*) run \
in parallel; calls that change things run one after another in the order given. Every call goes \
through the usual permission checks. Results come back in order, each failure reported in place; \
a batch cannot contain another batch."""


class BatchTool:
    """Runs its invocations through ``ctx.run_tool``; it holds no lane slot itself (``coordinator``)."""

    name = "batch"
    description = DESCRIPTION
    lane: Lane = "query"
    coordinator = True
    input_schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "invocations": {
                "type": "array",
                "description": f"The calls to make (at most {MAX_INVOCATIONS}).",
                "items": {
                    "type": "object",
                    "properties": {
                        "tool": {"type": "string", "description": "Tool name, e.g. read."},
                        "args": {"type": "object", "description": "That tool's arguments."},
                    },
                    "required": ["tool", "args"],
                },
            }
        },
        "required": ["invocations"],
    }

    def permission_subject(self, args: dict[str, Any]) -> str:
        calls = args.get("invocations") or []
        return ", ".join(str(c.get("tool", "?")) for c in calls if isinstance(c, dict))

    async def run(self, args: dict[str, Any], ctx: ToolContext) -> ToolResult:
        calls = _invocations(args)
        if ctx.run_tool is None:
            raise ToolError("batch needs a session to run its calls in")
        results: list[ToolResult | None] = [None] * len(calls)
        parallel = [i for i, (tool, _) in enumerate(calls) if ctx.tool_lanes.get(tool) == "query"]
        sequential = [i for i in range(len(calls)) if i not in parallel]

        async def one(index: int) -> None:
            tool, tool_args = calls[index]
            results[index] = await _run_one(ctx, tool, tool_args)

        await asyncio.gather(*(one(i) for i in parallel))
        for index in sequential:
            await one(index)
        return _summary(calls, [r for r in results if r is not None])


def _invocations(args: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    raw = args.get("invocations")
    if not isinstance(raw, list) or not raw:
        raise ToolArgumentError("invocations must be a non-empty list of {tool, args} objects")
    if len(raw) > MAX_INVOCATIONS:
        raise ToolArgumentError(f"at most {MAX_INVOCATIONS} invocations per batch, got {len(raw)}; split it")
    calls = []
    for number, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("tool"), str):
            raise ToolArgumentError(f"invocation {number} needs a tool name and an args object")
        if item["tool"] == "batch":
            raise ToolArgumentError(f"invocation {number} is a batch: batches cannot be nested")
        tool_args = item.get("args", {})
        if not isinstance(tool_args, dict):
            raise ToolArgumentError(f"invocation {number} ({item['tool']}): args must be an object")
        calls.append((item["tool"], tool_args))
    return calls


async def _run_one(ctx: ToolContext, tool: str, args: dict[str, Any]) -> ToolResult:
    assert ctx.run_tool is not None
    return await ctx.run_tool(tool, args)


def _summary(calls: list[tuple[str, dict[str, Any]]], results: list[ToolResult]) -> ToolResult:
    parts = []
    failed = 0
    for number, ((tool, _), result) in enumerate(zip(calls, results), 1):
        status = "error" if result.is_error else "ok"
        failed += result.is_error
        parts.append(f"### {number}. {tool} ({status})\n{result.output}")
    images = [image for result in results for image in result.images]
    header = f"Batch of {len(calls)} calls: {len(calls) - failed} ok, {failed} failed."
    return ToolResult(
        header + "\n\n" + "\n\n".join(parts),
        is_error=failed == len(calls),
        metadata={"results": [{"tool": t, "is_error": r.is_error, "metadata": r.metadata} for (t, _), r in zip(calls, results)]},
        images=images,
    )
