"""The fixed texts compaction writes into a history, so a later compaction can recognise them."""

from __future__ import annotations

from a3s_core.messages import Message, TextBlock

SUMMARY_MARKER = "[Summary of the earlier conversation]"
"""First line of the text block that carries a summary."""
ACK_TEXT = "Understood; continuing from the summary."
"""The assistant's reply to the summary, so roles keep alternating."""


def is_summary_block(block: object) -> bool:
    """True for a text block written by ``apply_compaction``."""
    return isinstance(block, TextBlock) and block.text.startswith(SUMMARY_MARKER)


def without_summary(message: Message) -> tuple[Message, list[TextBlock]]:
    """``message`` minus its summary blocks, and the blocks taken out."""
    summaries = [b for b in message.content if isinstance(b, TextBlock) and is_summary_block(b)]
    if not summaries:
        return message, []
    kept = [b for b in message.content if not is_summary_block(b)]
    return Message(message.role, kept), summaries
