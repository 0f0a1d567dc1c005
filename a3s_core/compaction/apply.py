"""Put the summary in place of the middle, keeping the history valid for both wire protocols."""

from __future__ import annotations

from a3s_core.compaction.markers import ACK_TEXT, SUMMARY_MARKER
from a3s_core.compaction.plan import CompactionPlan
from a3s_core.messages import Message, TextBlock


def summary_text(plan: CompactionPlan, summary: str) -> str:
    """The text of the summary block: marker, summary, then the pinned facts."""
    body = summary.strip() or "(no summary was written)"
    pinned = plan.pinned.render()
    return f"{SUMMARY_MARKER}\n{body}" + (f"\n\n{pinned}" if pinned else "")


def apply_compaction(plan: CompactionPlan, summary: str) -> list[Message]:
    """``head + summary + tail`` as a valid history.

    The summary goes in a user message followed by the assistant's ``ACK_TEXT``. When the head
    ends with a user message, the summary is appended to it as one more text block (its own
    blocks are kept as they are), since two user messages may not follow each other. The
    acknowledgement is left out when the tail starts with an assistant message (a tail cut
    between tool rounds), for the same reason.
    """
    block = TextBlock(summary_text(plan, summary))
    head = list(plan.head)
    if head and head[-1].role == "user":
        head[-1] = Message("user", [*head[-1].content, block])
    else:
        head.append(Message("user", [block]))
    if not plan.tail or plan.tail[0].role == "user":
        head.append(Message("assistant", [TextBlock(ACK_TEXT)]))
    return head + list(plan.tail)
