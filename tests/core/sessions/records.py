"""Sample session records for the store tests."""

from __future__ import annotations

from a3s_core.messages import (
    ImageBlock,
    Message,
    TextBlock,
    ThinkingBlock,
    ToolResultBlock,
    ToolUseBlock,
    Usage,
)
from a3s_core.sessions import SessionRecord

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def every_block_history() -> list[Message]:
    """A conversation using every block type and every optional field."""
    return [
        Message.user("fix the bug in ü.py", images=[ImageBlock("image/png", PNG)]),
        Message(
            "assistant",
            [
                ThinkingBlock("let me look", signature="sig-abc=="),
                ThinkingBlock("", redacted_data="opaque-bytes"),
                TextBlock("Reading it."),
                ToolUseBlock("tu_1", "read", {"path": "ü.py", "limit": 10}),
                ToolUseBlock("tu_2", "bash", {}, raw_arguments='{"command": "ls', parse_error="EOF"),
            ],
        ),
        Message(
            "user",
            [
                ToolResultBlock("tu_1", "1: print()", images=[ImageBlock("image/jpeg", PNG)]),
                ToolResultBlock("tu_2", "arguments were not JSON", is_error=True),
            ],
        ),
    ]


def record(
    session_id: str = "s1",
    workspace: str = "/work/project",
    updated_at: float = 1_700_000_100.0,
    title: str = "fix the bug",
) -> SessionRecord:
    return SessionRecord(
        session_id=session_id,
        workspace=workspace,
        model="anthropic/claude-sonnet-4",
        history=every_block_history(),
        usage=Usage(120, 45, 30, 7),
        created_at=1_700_000_000.0,
        updated_at=updated_at,
        title=title,
        turns=2,
        extra={"cron": [{"every": "5m", "prompt": "check CI"}], "pinned": ["uses uv"]},
    )
