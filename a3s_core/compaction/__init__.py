"""Context compaction: replace the middle of a long history with an LLM-written summary.

    plan = plan_compaction(history)            # head / middle / tail, pinned facts; None if too short
    prompt = summary_request(plan)             # ask the model for a summary of plan.middle
    history = apply_compaction(plan, summary)  # head + summary (+ pinned facts) + tail

``compact(history, summarize)`` does the three steps; ``should_compact`` is the automatic trigger.
The result keeps roles alternating and every tool call next to its result (``history_problems``
checks both), so it goes to either wire protocol as it is.
"""

from a3s_core.compaction.apply import apply_compaction, summary_text
from a3s_core.compaction.compact import DEFAULT_THRESHOLD, CompactionResult, compact, should_compact
from a3s_core.compaction.markers import ACK_TEXT, SUMMARY_MARKER
from a3s_core.compaction.pinned import PinnedFacts, extract_pinned
from a3s_core.compaction.plan import CompactionPlan, is_turn_start, plan_compaction
from a3s_core.compaction.transcript import render_transcript, summary_request
from a3s_core.compaction.validity import history_problems

__all__ = [
    "ACK_TEXT",
    "CompactionPlan",
    "CompactionResult",
    "DEFAULT_THRESHOLD",
    "PinnedFacts",
    "SUMMARY_MARKER",
    "apply_compaction",
    "compact",
    "extract_pinned",
    "history_problems",
    "is_turn_start",
    "plan_compaction",
    "render_transcript",
    "should_compact",
    "summary_request",
    "summary_text",
]
