"""One compaction from start to end, and when to do it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from a3s_core.compaction.apply import apply_compaction
from a3s_core.compaction.pinned import PinnedFacts
from a3s_core.compaction.plan import plan_compaction
from a3s_core.compaction.transcript import summary_request
from a3s_core.messages import Message

DEFAULT_THRESHOLD = 0.8
"""Compact automatically when the last call filled at least this share of the context window."""


@dataclass
class CompactionResult:
    """What a compaction produced."""

    history: list[Message]
    """The new history, to replace the old one."""
    removed: int
    """How many messages of the old history were summarised."""
    summary: str
    """The model's summary, as written."""
    pinned: PinnedFacts
    """The facts appended to the summary."""


async def compact(
    history: list[Message],
    summarize: Callable[[str], Awaitable[str]],
    *,
    keep_recent_turns: int = 2,
    min_middle: int = 2,
) -> CompactionResult | None:
    """Summarise the middle of ``history`` with ``summarize`` (prompt in, summary out).

    Returns None, leaving the history as it is, when there is nothing worth compacting or the
    model's summary is blank. Errors from ``summarize`` propagate.
    """
    plan = plan_compaction(history, keep_recent_turns=keep_recent_turns, min_middle=min_middle)
    if plan is None:
        return None
    summary = await summarize(summary_request(plan))
    if not summary.strip():
        return None
    new_history = apply_compaction(plan, summary)
    return CompactionResult(new_history, len(plan.middle), summary, plan.pinned)


def should_compact(input_tokens: int, context_window: int | None, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """True when ``input_tokens`` fill at least ``threshold`` of ``context_window``.

    An unknown (None) or non-positive window never triggers compaction.
    """
    if context_window is None or context_window <= 0:
        return False
    return input_tokens >= threshold * context_window
