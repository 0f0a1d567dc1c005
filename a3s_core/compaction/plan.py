"""Where to cut a history: a verbatim head, a middle to summarise and a verbatim tail.

A cut at index ``c`` (between ``history[c-1]`` and ``history[c]``) is safe when it does not part
a tool call from its answer: ``history[c-1]`` calls no tools and ``history[c]`` answers none.
The tail preferably starts at a turn start (a user message with text and no tool results). When
the recent turns leave too little to summarise (one long turn of many tool rounds), the tail
starts instead at a tool round: an assistant message right after a user message.
"""

from __future__ import annotations

from dataclasses import dataclass

from a3s_core.compaction.markers import is_summary_block, without_summary
from a3s_core.compaction.pinned import PinnedFacts, extract_pinned
from a3s_core.messages import ImageBlock, Message, TextBlock

MAX_REQUEST_CHARS = 4000
"""A pinned prompt of the turn in progress is shortened to this."""


@dataclass
class CompactionPlan:
    """A history split in three; ``head + middle + tail`` is the history it was made from.

    (Except that a summary left in the head by an earlier compaction is moved to the middle.)
    """

    head: list[Message]
    """Kept verbatim at the start: the first user message (and anything before it)."""
    middle: list[Message]
    """To be summarised."""
    tail: list[Message]
    """Kept verbatim at the end: the recent turns (or tool rounds)."""
    pinned: PinnedFacts
    """Facts extracted from the head and middle."""


def is_turn_start(message: Message) -> bool:
    """A user message with its own text or image, answering no tool call, and not a summary."""
    if message.role != "user" or message.tool_results:
        return False
    return any(
        (isinstance(b, TextBlock) and b.text.strip() and not is_summary_block(b)) or isinstance(b, ImageBlock)
        for b in message.content
    )


def safe_cut(history: list[Message], c: int) -> bool:
    """True when cutting before ``history[c]`` keeps every tool call next to its result."""
    if c <= 0 or c >= len(history):
        return c == len(history) and (c == 0 or not history[c - 1].tool_uses)
    return not history[c - 1].tool_uses and not history[c].tool_results


def plan_compaction(history: list[Message], *, keep_recent_turns: int = 2, min_middle: int = 2) -> CompactionPlan | None:
    """Split ``history`` for compaction, or None when the middle would be shorter than ``min_middle``.

    The tail keeps the last ``keep_recent_turns`` turns; if that leaves less than ``min_middle``
    messages to summarise, it keeps the last ``keep_recent_turns`` tool rounds instead (and the
    prompt of the turn in progress is pinned verbatim).
    """
    first = next((i for i, m in enumerate(history) if is_turn_start(m)), None)
    if first is None:
        return None
    head_end = next((c for c in range(first + 1, len(history) + 1) if safe_cut(history, c)), None)
    if head_end is None:
        return None
    keep = max(keep_recent_turns, 0)
    tail_start = _tail_start(history, head_end, keep, turns=True)
    if tail_start - head_end < min_middle:
        tail_start = _tail_start(history, head_end, max(keep, 1), turns=False)
    if tail_start - head_end < max(min_middle, 1):
        return None
    head, middle, tail = history[:head_end], history[head_end:tail_start], history[tail_start:]
    head, middle = _move_old_summary(head, middle)
    pinned = extract_pinned(head + middle, later=tail)
    if tail and is_turn_start(tail[0]):
        pinned.current_request = ""  # a new turn began: an earlier summary's request is done
    request = _current_request(history, head_end, tail_start)
    if request:
        pinned.current_request = request
    return CompactionPlan(head, middle, tail, pinned)


def _tail_start(history: list[Message], head_end: int, keep: int, *, turns: bool) -> int:
    """Index where the tail starts: ``keep`` cut points from the end (``len(history)`` for none).

    With ``turns`` the cut points are turn starts; without, they are tool rounds inside the last
    turn only (earlier turns are never split).
    """
    if keep == 0:
        return len(history)
    if turns:
        cuts = [c for c in range(head_end, len(history)) if is_turn_start(history[c]) and safe_cut(history, c)]
    else:
        last_turn = max(i for i, m in enumerate(history) if is_turn_start(m))
        start = max(head_end, last_turn + 1)
        cuts = [c for c in range(start, len(history)) if history[c].role == "assistant" and safe_cut(history, c)]
    return cuts[-keep] if len(cuts) >= keep else head_end


def _move_old_summary(head: list[Message], middle: list[Message]) -> tuple[list[Message], list[Message]]:
    """Take an earlier summary out of the head so it is summarised again instead of piling up."""
    if not head:
        return head, middle
    stripped, summaries = without_summary(head[-1])
    if not summaries:
        return head, middle
    old = Message("user", list(summaries))
    new_head = head[:-1] + ([stripped] if stripped.content else [])
    return new_head, [old, *middle]


def _current_request(history: list[Message], head_end: int, tail_start: int) -> str | None:
    """The prompt of the turn the tail continues, when it is summarised; None if none is."""
    if tail_start >= len(history) or is_turn_start(history[tail_start]):
        return None
    start = next((i for i in range(tail_start - 1, -1, -1) if is_turn_start(history[i])), None)
    if start is None or start < head_end:
        return None
    blocks = history[start].content
    text = "\n".join(b.text for b in blocks if isinstance(b, TextBlock) and not is_summary_block(b))
    return text if len(text) <= MAX_REQUEST_CHARS else text[: MAX_REQUEST_CHARS - 1] + "…"
