"""Search speed: `python bench/search.py [--runs N] [--root DIR] [--no-fallback]`.

Runs our grep tool (content and files_with_matches modes, three patterns) and glob tool through
their ``run()`` on a large real tree (by default the Python standard library directory, with its
site-packages), next to the same search done by calling ``rg`` directly with the same flags, and
prints the medians, the ratio and whether it meets the target (ours <= 1.3x rg). The pure-Python
fallback is timed once per case for reference.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import shutil
import subprocess
import sys
import sysconfig
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from a3s_core.tools._rg import BASE_ARGS, EXCLUDE_GIT, find_rg  # noqa: E402
from a3s_core.tools.base import ToolContext  # noqa: E402
from a3s_core.tools.glob import GlobTool  # noqa: E402
from a3s_core.tools.grep import GrepTool  # noqa: E402

TARGET = 1.3
PATTERNS = {"literal": "import", "regex": r"def \w+_test", "rare word": "frobnicate"}


@dataclass
class Case:
    """One comparison: our tool's arguments and the equivalent direct rg arguments."""

    label: str
    tool: str
    args: dict[str, Any]
    rg_args: list[str]
    scored: bool = True
    """False for rows shown for reference only (not held to the target)."""


def cases() -> list[Case]:
    found: list[Case] = []
    for kind, pattern in PATTERNS.items():
        found.append(
            Case(f"grep content, {kind} {pattern!r}", "grep", {"pattern": pattern, "output_mode": "content"},
                 ["--line-number", "--regexp", pattern])
        )  # fmt: skip
        found.append(
            Case(f"grep files, {kind} {pattern!r}", "grep", {"pattern": pattern},
                 ["--files-with-matches", "--null", "--regexp", pattern])
        )  # fmt: skip
    glob = {"pattern": "**/*.py"}
    found.append(Case("glob '**/*.py' vs rg --files", "glob", glob, ["--files", "--null"]))
    # rg --glob is not what the tool can use (it whitelists ignored files) but what a person types;
    # --sortr modified gives the tool's order, single-threaded.
    found.append(Case("  (vs rg --files --glob)", "glob", glob, ["--files", "--null", "--glob", "**/*.py"], False))
    found.append(
        Case("  (vs ... --sortr modified)", "glob", glob, ["--files", "--null", "--glob", "**/*.py", "--sortr", "modified"],
             False)
    )  # fmt: skip
    return found


async def medians(runs: int, *jobs: Callable[[], Awaitable[object]]) -> list[float]:
    """Median wall time of each job; the jobs take turns, so load from elsewhere hits them alike."""
    times: list[list[float]] = [[] for _ in jobs]
    for _ in range(runs):
        for job, spent in zip(jobs, times, strict=True):
            started = time.perf_counter()
            await job()
            spent.append(time.perf_counter() - started)
    return [statistics.median(spent) for spent in times]


def make_tool(name: str, rg_path: str | None) -> Any:
    return GrepTool(rg_path=rg_path) if name == "grep" else GlobTool(rg_path=rg_path)


async def run_rg(rg: str, args: list[str], root: Path) -> bytes:
    """rg run directly, as a person would; stdin is /dev/null so rg searches the tree, not stdin."""
    command = [rg, *BASE_ARGS, *args, *EXCLUDE_GIT]
    return subprocess.run(command, cwd=root, stdin=subprocess.DEVNULL, capture_output=True, check=False).stdout


async def measure(case: Case, opts: argparse.Namespace, rg: str, ctx: ToolContext) -> bool:
    """Print one table row; True when ours is within the target."""
    tool = make_tool(case.tool, None)
    reference = (await tool.run(case.args, ctx)).output  # also a warm-up

    async def ours() -> object:
        return await tool.run(case.args, ctx)

    async def direct() -> object:
        return await run_rg(rg, case.rg_args, ctx.workspace)

    mine, theirs = await medians(opts.runs, ours, direct)
    ratio = mine / theirs
    fallback = ""
    if not opts.no_fallback and case.scored:
        started = time.perf_counter()
        same = (await make_tool(case.tool, "").run(case.args, ctx)).output == reference
        fallback = f"{time.perf_counter() - started:6.2f}s" + (" same" if same else " DIFFERS")
    verdict = ("ok" if ratio <= TARGET else "OVER") if case.scored else "info"
    print(f"{case.label:<38} {mine:7.3f}s {theirs:7.3f}s {ratio:5.2f}x  {verdict:<7} {fallback}", flush=True)
    return ratio <= TARGET or not case.scored


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--root", type=Path, default=Path(sysconfig.get_paths()["stdlib"]))
    parser.add_argument("--no-fallback", action="store_true", help="skip the pure-Python figures")
    opts = parser.parse_args()
    rg = find_rg(None)
    if rg is None:
        sys.exit("rg not found: install the ripgrep wheel into this environment")
    ctx = ToolContext(workspace=opts.root.resolve())
    files = (await run_rg(rg, ["--files", "--null"], ctx.workspace)).count(b"\0")  # also warms the page cache
    print(f"tree: {ctx.workspace} ({files} files); rg: {rg}; median of {opts.runs} runs, taking turns")
    print(f"rg flags: {' '.join(BASE_ARGS)} <case flags> {' '.join(EXCLUDE_GIT)}\n")
    print(f"{'case':<38} {'ours':>8} {'rg':>8} {'ratio':>6}  {'<=' + str(TARGET) + 'x':<7} fallback (same output?)")
    spill_dir = ctx.workspace / ".a3s"
    had_spill_dir = spill_dir.exists()
    try:  # long results are saved to <root>/.a3s/tool-output (part of the tool's real cost)
        failures = [case.label for case in cases() if not await measure(case, opts, rg, ctx)]
    finally:
        if not had_spill_dir:
            shutil.rmtree(spill_dir, ignore_errors=True)
    print(f"\nover the {TARGET}x target: {', '.join(failures)}" if failures else f"\nall within {TARGET}x of rg")


if __name__ == "__main__":
    asyncio.run(main())
