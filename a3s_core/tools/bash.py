"""The bash tool: run a shell command in the workspace, streaming its output."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from typing import Any

from a3s_core.errors import ToolError
from a3s_core.protocols import Lane
from a3s_core.tools import _args
from a3s_core.tools._process import KILL_GRACE, OutputBuffer, pump, terminate_group
from a3s_core.tools.base import ToolContext, ToolResult

DEFAULT_TIMEOUT = 120.0
MAX_TIMEOUT = 600.0
HEAD_CHARS = 15_000
TAIL_CHARS = 15_000
DRAIN_GRACE = 0.5
"""After the shell exits, how long to keep reading output that background children still write."""
NON_INTERACTIVE_ENV = {
    "PAGER": "cat",
    "GIT_PAGER": "cat",
    "MANPAGER": "cat",
    "TERM": "dumb",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_EDITOR": "true",
    "DEBIAN_FRONTEND": "noninteractive",
    "PYTHONUNBUFFERED": "1",
}

DESCRIPTION = """Run a shell command with bash in the workspace directory and return its output.

stdout and stderr are merged; stdin is empty, so interactive programs cannot prompt. A non-zero \
exit code is reported as an error with "Exit code: N". The default timeout is 120 s (at most \
600 s); on timeout the command and everything it started are killed. Long output keeps its \
beginning and end. Prefer the read, grep, glob and ls tools over cat, grep, find and ls."""


class BashTool:
    """Runs ``bash -c command`` in its own process group so it can be killed as a whole."""

    name = "bash"
    description = DESCRIPTION
    lane: Lane = "execute"
    input_schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "command": {"type": "string", "description": "The shell command to run."},
            "timeout": {
                "type": "number",
                "description": f"Seconds before the command is killed (default {DEFAULT_TIMEOUT:g}, "
                f"max {MAX_TIMEOUT:g}).",
            },
            "description": {
                "type": "string",
                "description": "A few words saying what the command does, shown to the user.",
            },
        },
        "required": ["command"],
    }

    def __init__(self, kill_grace: float = KILL_GRACE) -> None:
        """``kill_grace``: seconds between SIGTERM and SIGKILL when the command must be stopped."""
        self.kill_grace = kill_grace

    def permission_subject(self, args: dict[str, Any]) -> str:
        """The command."""
        return str(args.get("command") or "")

    async def preview(self, args: dict[str, Any], ctx: ToolContext) -> dict[str, Any]:
        """The full command, for a confirmation prompt."""
        return {"command": str(args.get("command") or ""), "cwd": str(ctx.workspace)}

    async def run(self, args: dict[str, Any], ctx: ToolContext) -> ToolResult:
        """Run the command; cancellation kills its process group and re-raises."""
        command = _args.require_str(args, "command", "the shell command to run")
        default = min(ctx.timeout, MAX_TIMEOUT) if ctx.timeout else DEFAULT_TIMEOUT
        timeout = _args.optional_float(args, "timeout", default, minimum=0, maximum=MAX_TIMEOUT) or default
        shell = shutil.which("bash") or "/bin/sh"
        env = {**os.environ, **NON_INTERACTIVE_ENV, **ctx.env}
        started = time.monotonic()
        try:
            proc = await asyncio.create_subprocess_exec(
                shell, "-c", command, cwd=ctx.workspace, env=env, start_new_session=True,
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
            )  # fmt: skip
        except OSError as exc:
            raise ToolError(f"Cannot start {shell} in {ctx.workspace}: {exc.strerror or exc}") from None
        assert proc.stdout is not None
        buffer = OutputBuffer(HEAD_CHARS, TAIL_CHARS)
        reader = asyncio.create_task(pump(proc.stdout, buffer, ctx.on_output))
        timed_out = False
        try:
            async with asyncio.timeout(timeout):
                await proc.wait()
        except TimeoutError:
            timed_out = True
            await terminate_group(proc, self.kill_grace)
            await proc.wait()
        except asyncio.CancelledError:
            reader.cancel()
            await terminate_group(proc, self.kill_grace)
            raise
        await _drain(reader)
        return _result(buffer, proc.returncode, timed_out, timeout, time.monotonic() - started)


async def _drain(reader: asyncio.Task[None]) -> None:
    """Let the reader finish, but not wait on pipes that a background child keeps open."""
    done, _ = await asyncio.wait({reader}, timeout=DRAIN_GRACE)
    if not done:
        reader.cancel()
        await asyncio.gather(reader, return_exceptions=True)


def _result(buffer: OutputBuffer, code: int | None, timed_out: bool, timeout: float, duration: float) -> ToolResult:
    output = buffer.text().rstrip("\n")
    if timed_out:
        output += f"\n\nCommand timed out after {timeout:g} s and was killed (with all processes it started)."
    elif code is not None and code < 0:
        output += f"\n\nKilled by signal {-code}"
    elif code:
        output += f"\n\nExit code: {code}"
    if not output.strip():
        output = "(no output)"
    metadata = {
        "exit_code": code,
        "timed_out": timed_out,
        "duration": round(duration, 3),
        "output_truncated": buffer.omitted > 0,
    }
    return ToolResult(output=output.lstrip("\n"), is_error=timed_out or bool(code), metadata=metadata)
