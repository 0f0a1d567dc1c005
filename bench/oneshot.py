"""One-shot latency and memory: `python bench/oneshot.py [--runs N]`.

Runs the real `a3s-code` binary against the scripted LLM server (in this process) and prints the
median wall time and peak RSS of (a) a plain text answer and (b) a five-round bash conversation,
next to the targets (text <= 0.4 s and <= 90 MiB; five bash rounds <= 0.6 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from a3s_core.testing import Reply, ScriptedLLMServer, ToolCall  # noqa: E402

BINARY = Path(sys.executable).parent / "a3s-code"
TARGETS = {"text answer": (0.4, 90.0), "five bash rounds": (0.6, None)}


def text_script() -> list[Reply]:
    return [Reply(text="The answer is **42**.\n\nIt has been computed carefully.", chunk_size=8)]


def bash_script() -> list[Reply]:
    rounds = [Reply(tool_calls=[ToolCall("bash", {"command": f"echo round {i}"})]) for i in range(5)]
    return [*rounds, Reply(text="Ran five commands.")]


def run_once(server: ScriptedLLMServer, config: Path, workspace: Path, script: list[Reply]) -> tuple[float, float]:
    server.extend(script)
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and k != "PYTHONDONTWRITEBYTECODE"}
    env["BENCH_API_KEY"] = "k"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(BINARY), "-c", str(config), "--yes", "go"],
        cwd=workspace, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"a3s-code failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    if not BINARY.exists():
        raise SystemExit(f"{BINARY} not found: pip install -e . first")
    # Measure an installed program: `pip install .` byte-compiles it, an editable install under
    # PYTHONDONTWRITEBYTECODE=1 never does (that alone adds ~50 ms of compiling to every run).
    import compileall

    for package in ("a3s_core", "a3s_cli", "a3s_code"):
        compileall.compile_dir(str(ROOT / package), quiet=1)
    with tempfile.TemporaryDirectory() as tmp, ScriptedLLMServer() as server:
        workspace = Path(tmp)
        config = workspace / "agent.hcl"
        config.write_text(
            'default_model = "anthropic/claude-bench"\n'
            f'providers {{\n  name = "anthropic"\n  api_key = env("BENCH_API_KEY")\n'
            f'  base_url = "{server.anthropic_base_url}"\n}}\n',
            encoding="utf-8",
        )
        run_once(server, config, workspace, text_script())  # warm the parser cache and the page cache
        print(f"{'scenario':<18} {'median s':>9} {'min s':>7} {'peak MiB':>9} {'target s':>9} {'ratio':>6}")
        for name, script in (("text answer", text_script), ("five bash rounds", bash_script)):
            samples = [run_once(server, config, workspace, script()) for _ in range(args.runs)]
            walls = [s[0] for s in samples]
            peak = max(s[1] for s in samples)
            target_s, target_mib = TARGETS[name]
            median = statistics.median(walls)
            mib_note = f" (target {target_mib:.0f})" if target_mib else ""
            print(f"{name:<18} {median:>9.3f} {min(walls):>7.3f} {peak:>9.1f} {target_s:>9.2f} {median / target_s:>6.2f}{mib_note}")


if __name__ == "__main__":
    main()
