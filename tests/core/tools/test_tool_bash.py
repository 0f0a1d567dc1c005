from __future__ import annotations

import asyncio
import os
import select
from pathlib import Path

import pytest

from a3s_core.errors import ToolArgumentError, ToolError
from a3s_core.tools.base import ToolContext
from a3s_core.tools.bash import HEAD_CHARS, TAIL_CHARS, BashTool

# A child that ignores SIGTERM, so only the SIGKILL sent to the whole group can stop it.
STUBBORN_CHILD = "sh -c 'trap \"\" TERM; sleep 30' & echo child=$!; wait"


def process_is_gone(pid: int, within: float = 5.0) -> bool:
    """True once ``pid`` has exited (zombie or reaped), waiting on a pidfd rather than polling."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        readable, _, _ = select.select([fd], [], [], within)
        return bool(readable)
    finally:
        os.close(fd)


def child_pid(output: str) -> int:
    return int(output.split("child=", 1)[1].split()[0])


async def test_bash_merges_stdout_and_stderr_in_order_and_reports_a_non_zero_exit(ctx: ToolContext) -> None:
    result = await BashTool().run({"command": "echo out; echo err >&2; echo out2; exit 3"}, ctx)
    assert result.output == "out\nerr\nout2\n\nExit code: 3"
    assert result.is_error is True
    assert result.metadata["exit_code"] == 3
    assert result.metadata["timed_out"] is False


async def test_bash_runs_in_the_workspace_with_extra_env_and_no_pager(ctx: ToolContext) -> None:
    ctx.env = {"A3S_TEST_VALUE": "bar"}
    result = await BashTool().run({"command": "echo $PAGER $A3S_TEST_VALUE; pwd"}, ctx)
    assert result.output == f"cat bar\n{ctx.workspace}"
    assert result.is_error is False


async def test_bash_gives_commands_an_empty_stdin(ctx: ToolContext) -> None:
    result = await BashTool().run({"command": "cat; echo done", "timeout": 10}, ctx)
    assert result.output == "done"


async def test_bash_with_no_output_says_so(ctx: ToolContext) -> None:
    result = await BashTool().run({"command": "true"}, ctx)
    assert result.output == "(no output)"


async def test_bash_streams_output_before_the_command_ends(ctx: ToolContext, tmp_path: Path) -> None:
    fifo = tmp_path / "go"
    os.mkfifo(fifo)
    chunks: list[str] = []
    first = asyncio.Event()

    def on_output(text: str) -> None:
        chunks.append(text)
        first.set()

    ctx.on_output = on_output
    task = asyncio.create_task(BashTool().run({"command": f"echo first; read line < {fifo}; echo got $line"}, ctx))
    async with asyncio.timeout(10):
        await first.wait()
        assert "".join(chunks) == "first\n"
        assert not task.done()
        await asyncio.to_thread(fifo.write_text, "go\n", encoding="utf-8")
        result = await task
    assert result.output == "first\ngot go"
    assert "".join(chunks) == "first\ngot go\n"


async def test_bash_timeout_kills_the_whole_process_group(ctx: ToolContext) -> None:
    result = await BashTool(kill_grace=0.2).run({"command": STUBBORN_CHILD, "timeout": 0.5}, ctx)
    assert result.is_error is True
    assert result.metadata["timed_out"] is True
    assert "Command timed out after 0.5 s" in result.output
    assert process_is_gone(child_pid(result.output))


async def test_bash_cancellation_kills_the_whole_process_group(ctx: ToolContext) -> None:
    seen: list[str] = []
    started = asyncio.Event()

    def on_output(text: str) -> None:
        seen.append(text)
        if "\n" in "".join(seen):
            started.set()

    ctx.on_output = on_output
    task = asyncio.create_task(BashTool(kill_grace=0.2).run({"command": STUBBORN_CHILD}, ctx))
    async with asyncio.timeout(10):
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert process_is_gone(child_pid("".join(seen)))


async def test_bash_keeps_the_head_and_tail_of_long_output(ctx: ToolContext) -> None:
    command = "head -c 100000 /dev/zero | tr '\\0' a; echo; echo END"
    result = await BashTool().run({"command": command}, ctx)
    omitted = 100_000 + 5 - HEAD_CHARS - TAIL_CHARS
    assert f"... [{omitted} characters of output omitted] ..." in result.output
    assert result.output.startswith("a" * 100)
    assert result.output.endswith("a\nEND")
    assert result.metadata["output_truncated"] is True


@pytest.mark.parametrize("timeout", [0, -1, 601, "soon"])
async def test_bash_rejects_a_timeout_out_of_range(ctx: ToolContext, timeout: object) -> None:
    with pytest.raises(ToolArgumentError, match="timeout must be"):
        await BashTool().run({"command": "true", "timeout": timeout}, ctx)


async def test_bash_without_a_command_says_which_argument_is_missing(ctx: ToolContext) -> None:
    with pytest.raises(ToolArgumentError, match="command is required"):
        await BashTool().run({"description": "nothing"}, ctx)


async def test_bash_in_a_missing_workspace_is_a_tool_error(tmp_path: Path) -> None:
    ctx = ToolContext(workspace=tmp_path / "gone")
    with pytest.raises(ToolError, match="Cannot start"):
        await BashTool().run({"command": "true"}, ctx)
