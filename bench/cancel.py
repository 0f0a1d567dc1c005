"""How fast a cancel stops a running bash command: `python bench/cancel.py [--runs N]`.

A session (real tools, scripted LLM server) runs `bash -c 'echo started; sleep 30'`; as soon as
the output arrives, `await session.cancel()` goes through the control lane. Prints the median and
worst time from the cancel request until the turn has ended and the command's process is gone,
against the 100 ms target.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from a3s_core import Agent, SessionOptions, load_config  # noqa: E402
from a3s_core.testing import Reply, ScriptedLLMServer, ToolCall  # noqa: E402

TARGET_MS = 100.0


async def one_cancel(server: ScriptedLLMServer, config: Path, workspace: Path) -> float:
    pid_file = workspace / "pid"
    server.add(Reply(tool_calls=[ToolCall("bash", {"command": f"echo $$ > {pid_file}; echo started; sleep 30"})]))
    session = Agent(load_config(config).config).session(workspace, SessionOptions(permissive=True))
    started = 0.0
    async for event in session.stream("run"):
        if event.event_type == "tool_output_delta" and "started" in event.text and not started:
            started = time.perf_counter()
            await session.cancel()
    pid = int(pid_file.read_text())
    while _alive(pid):  # the cancel awaited the kill; this only confirms it
        await asyncio.sleep(0.001)
    elapsed = (time.perf_counter() - started) * 1000
    await session.aclose()
    return elapsed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, ScriptedLLMServer() as server:
        workspace = Path(tmp)
        config = workspace / "agent.hcl"
        config.write_text(
            f'default_model = "anthropic/m"\nproviders {{\n  name = "anthropic"\n  api_key = "k"\n'
            f'  base_url = "{server.anthropic_base_url}"\n}}\n',
            encoding="utf-8",
        )
        samples = [await one_cancel(server, config, workspace) for _ in range(runs)]
    median, worst = statistics.median(samples), max(samples)
    print(f"cancel -> bash gone: median {median:.1f} ms, worst {worst:.1f} ms over {runs} runs "
          f"(target {TARGET_MS:.0f} ms, ratio {worst / TARGET_MS:.2f})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    asyncio.run(main(parser.parse_args().runs))
