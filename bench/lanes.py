"""Lane scheduler throughput: 100k no-op tasks through the query and the execute lane.

    python bench/lanes.py [--tasks 100000] [--repeats 3]

Prints tasks/s per lane (best of the repeats), the per-task scheduling overhead in µs against a
bare ``asyncio.gather`` of the same coroutines, and the ratio to the 20,000 tasks/s target.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import time
from collections.abc import Callable, Coroutine
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from a3s_core.lanes import LaneScheduler, SchedulerConfig  # noqa: E402

TARGET = 20_000


async def noop() -> None:
    return None


async def through_lane(lane: str, n: int, config: SchedulerConfig | None = None) -> float:
    """Seconds to submit n no-op tasks to one lane and await every handle."""
    scheduler = LaneScheduler(config)
    start = time.perf_counter()
    handles = [scheduler.submit(lane, noop) for _ in range(n)]
    for handle in handles:
        await handle
    elapsed = time.perf_counter() - start
    await scheduler.aclose()
    return elapsed


async def bare_gather(n: int) -> float:
    """Seconds for asyncio.gather over n no-op coroutines: one Task each, no scheduler."""
    start = time.perf_counter()
    await asyncio.gather(*(noop() for _ in range(n)))
    return time.perf_counter() - start


def best(run: Callable[[], Coroutine[Any, Any, float]], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        times.append(asyncio.run(run()))
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    n = args.tasks

    baseline = best(partial(bare_gather, n), args.repeats)
    print(f"{'bare asyncio.gather':<32} {n / baseline:>9,.0f} tasks/s  ({baseline * 1e6 / n:.2f} µs/task)")
    cases = [
        ("query lane", partial(through_lane, "query", n)),
        ("execute lane", partial(through_lane, "execute", n)),
        ("query lane, 60 s timeout each", partial(through_lane, "query", n, SchedulerConfig(default_timeout=60.0))),
    ]
    for label, run in cases:
        elapsed = best(run, args.repeats)
        rate = n / elapsed
        overhead = (elapsed - baseline) * 1e6 / n
        print(
            f"{label:<32} {rate:>9,.0f} tasks/s  ({elapsed * 1e6 / n:.2f} µs/task, "
            f"+{overhead:.2f} µs over gather, {rate / TARGET:.1f}x the {TARGET:,}/s target)"
        )


if __name__ == "__main__":
    main()
