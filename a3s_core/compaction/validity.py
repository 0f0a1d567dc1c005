"""Checks that a history can be sent as it is: alternating roles and answered tool calls."""

from __future__ import annotations

from a3s_core.messages import Message


def history_problems(history: list[Message]) -> list[str]:
    """What makes ``history`` unsendable to either wire protocol; empty when it is fine.

    Checked: it starts with a user message, roles alternate, no message is empty, every tool
    call is answered in the next message (a trailing assistant message may have open calls) and
    every tool result answers a call of the message before it.
    """
    problems: list[str] = []
    if history and history[0].role != "user":
        problems.append("the history does not start with a user message")
    for i, message in enumerate(history):
        if not message.content:
            problems.append(f"message {i} is empty")
        if i and message.role == history[i - 1].role:
            problems.append(f"messages {i - 1} and {i} are both {message.role} messages")
        calls = {b.id for b in history[i - 1].tool_uses} if i and history[i - 1].role == "assistant" else set()
        for result in message.tool_results:
            if message.role != "user" or result.tool_use_id not in calls:
                problems.append(f"message {i} answers {result.tool_use_id}, which the message before did not call")
        if message.role == "assistant" and i + 1 < len(history):
            answered = {r.tool_use_id for r in history[i + 1].tool_results}
            missing = [b.id for b in message.tool_uses if b.id not in answered]
            if missing:
                problems.append(f"message {i} calls {', '.join(missing)} without results in the next message")
    return problems
