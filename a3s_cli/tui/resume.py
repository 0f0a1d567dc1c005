"""Re-drawing a resumed session's transcript from its history."""

from __future__ import annotations

from a3s_cli.tui.widgets.assistant_message import AssistantMessage
from a3s_cli.tui.widgets.transcript import Transcript
from a3s_core.messages import Message, TextBlock, ToolResultBlock, ToolUseBlock


async def render_history(transcript: Transcript, history: list[Message]) -> None:
    """User text, assistant text (as finished Markdown) and each tool call with its result."""
    for message in history:
        for block in message.content:
            if isinstance(block, TextBlock) and block.text.strip():
                if message.role == "user":
                    await transcript.add_user(block.text)
                else:
                    await transcript.add(AssistantMessage(block.text, finished=True))
            elif isinstance(block, ToolUseBlock):
                await transcript.tool_start(block.id, block.name, block.input)
            elif isinstance(block, ToolResultBlock):
                tool = transcript.tool(block.tool_use_id)
                if tool is not None:
                    tool.finish(block.content, block.is_error, {})
