"""The scrolling transcript: follows the stream unless the user has scrolled up."""

from __future__ import annotations

from typing import Any

from textual.containers import VerticalScroll
from textual.widget import Widget

from a3s_cli.tui.widgets.assistant_message import AssistantMessage
from a3s_cli.tui.widgets.notice import Notice
from a3s_cli.tui.widgets.reasoning import Reasoning
from a3s_cli.tui.widgets.tool_block import ToolBlock
from a3s_cli.tui.widgets.user_message import UserMessage


class Transcript(VerticalScroll, can_focus=False):
    """Messages, reasoning, tool blocks and notices, in order. Never takes focus from the prompt."""

    DEFAULT_CSS = """
    Transcript { height: 1fr; padding: 0 1; scrollbar-size-vertical: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.assistant: AssistantMessage | None = None
        self.reasoning: Reasoning | None = None
        self.tools: dict[str, ToolBlock] = {}
        self.queued: list[UserMessage] = []

    def on_mount(self) -> None:
        self.anchor()

    async def add(self, widget: Widget) -> Widget:
        """Append a widget at the bottom."""
        await self.mount(widget)
        return widget

    async def add_user(self, text: str, *, queued: bool = False, attached: list[str] | None = None) -> UserMessage:
        if not queued:
            await self.end_message()
        message = UserMessage(text, queued=queued, attached=attached)
        if queued:
            self.queued.append(message)
        await self.mount(message)
        return message

    def mark_injected(self, text: str) -> None:
        """The queued message with this text (or the oldest) joined the running turn."""
        for message in self.queued:
            if message.text == text:
                break
        else:
            message = self.queued[0] if self.queued else None  # type: ignore[assignment]
        if message is not None:
            self.queued.remove(message)
            message.mark_injected()

    async def write_text(self, fragment: str) -> None:
        """Stream assistant text into the current message, opening one if needed."""
        if self.assistant is None:
            self.reasoning = None
            self.assistant = AssistantMessage()
            await self.mount(self.assistant)
        await self.assistant.write(fragment)

    async def write_reasoning(self, fragment: str) -> None:
        if self.reasoning is None:
            await self.end_message()
            self.reasoning = Reasoning()
            await self.mount(self.reasoning)
        self.reasoning.append(fragment)

    async def end_message(self) -> None:
        """The streamed message (if any) is over: make it a light renderable."""
        self.reasoning = None
        message, self.assistant = self.assistant, None
        if message is not None:
            await message.finish()

    async def drop_message(self) -> None:
        """Forget the streamed message: the model's response restarts from its first token."""
        message, self.assistant = self.assistant, None
        if message is not None:
            await message.remove()

    async def tool_start(self, tool_id: str | None, name: str, args: dict[str, Any] | None) -> ToolBlock:
        await self.end_message()
        block = ToolBlock(tool_id, name, args)
        self.tools[tool_id or f"anon{len(self.tools)}"] = block
        await self.mount(block)
        return block

    def tool(self, tool_id: str | None) -> ToolBlock | None:
        return self.tools.get(tool_id or "")

    async def clear(self) -> None:
        """Remove everything (the `/clear` command)."""
        self.assistant, self.reasoning, self.tools, self.queued = None, None, {}, []
        await self.remove_children()
