"""The batch tool runs its calls through the session's gate and lanes."""

from __future__ import annotations

import asyncio
from pathlib import Path

from a3s_core import Agent, SessionOptions, load_config
from a3s_core.testing import ManualClock, Reply, ToolCall
from tests.conftest import write_config
from tests.support.fakes import RecordingConfirmation
from tests.support.tools import BarrierTool


def make_session(tmp_path: Path, llm, workspace: Path, **options):
    config = load_config(write_config(tmp_path / "agent.hcl", llm, "openai")).config
    return Agent(config, clock=ManualClock()).session(workspace, SessionOptions(**options))


def batch(*calls: tuple[str, dict]) -> ToolCall:
    return ToolCall("batch", {"invocations": [{"tool": t, "args": a} for t, a in calls]})


async def test_a_batch_runs_reads_in_parallel_and_changes_in_order_with_results_in_place(tmp_path, llm, workspace):
    barrier = BarrierTool(parties=2)
    (workspace / "a.txt").write_text("alpha\n", encoding="utf-8")
    llm.add(
        Reply(tool_calls=[batch(
            ("barrier", {"id": "1"}),
            ("bash", {"command": "echo one >> log"}),
            ("read", {"file_path": "missing.txt"}),
            ("bash", {"command": "echo two >> log"}),
            ("barrier", {"id": "2"}),
        )]),
        Reply(text="batched"),
    )
    session = make_session(tmp_path, llm, workspace, permissive=True, tools=[barrier])

    result = await asyncio.wait_for(session.send("do it all"), 10)

    assert result.text == "batched" and barrier.peak == 2
    assert (workspace / "log").read_text(encoding="utf-8") == "one\ntwo\n"
    told = llm.requests[1].body["messages"][-1]["content"]
    assert "Batch of 5 calls: 4 ok, 1 failed." in told
    assert told.index("1. barrier (ok)") < told.index("3. read (error)") < told.index("5. barrier (ok)")
    assert "File not found: missing.txt" in told


async def test_calls_inside_a_batch_ask_for_permission_like_any_other(tmp_path, llm, workspace):
    confirm = RecordingConfirmation(approved=False, reason="no")
    llm.add(Reply(tool_calls=[batch(("ls", {}), ("bash", {"command": "touch nope"}))]), Reply(text="ok"))
    session = make_session(tmp_path, llm, workspace, confirmation_provider=confirm)

    await session.send("try")

    assert [r.tool_name for r in confirm.requests] == ["bash"]
    assert not (workspace / "nope").exists()
    assert "denied" in llm.requests[1].body["messages"][-1]["content"]


async def test_nested_batches_and_bad_invocations_are_refused(tmp_path, llm, workspace):
    session = make_session(tmp_path, llm, workspace, permissive=True)

    nested = await session.tool("batch", {"invocations": [{"tool": "batch", "args": {"invocations": []}}]})
    empty = await session.tool("batch", {"invocations": []})
    unknown = await session.tool("batch", {"invocations": [{"tool": "teleport", "args": {}}]})

    assert nested.is_error and "cannot be nested" in nested.output
    assert empty.is_error and "non-empty list" in empty.output
    assert "Unknown tool 'teleport'" in unknown.output
