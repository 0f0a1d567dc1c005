"""Assembling an Anthropic Messages SSE stream into StreamEvents and the final message."""

from __future__ import annotations

import json
from typing import Any

from a3s_core.messages import Block, Message, TextBlock, ThinkingBlock, Usage
from a3s_core.providers.events import (
    ReasoningDelta,
    ResponseComplete,
    StreamEvent,
    TextDelta,
    ToolCallDelta,
    ToolCallStarted,
)
from a3s_core.providers.failures import CallContext, stream_cut, stream_error
from a3s_core.providers.sse import SSEEvent
from a3s_core.providers.toolcalls import finish_tool_call


class _Open:
    """A content block being streamed."""

    def __init__(self, start: dict[str, Any]) -> None:
        self.kind: str = start.get("type", "")
        self.start = start
        self.parts: list[str] = []
        self.signature: str = start.get("signature") or ""

    def finish(self) -> Block | None:
        text = "".join(self.parts)
        if self.kind == "text":
            return TextBlock(self.start.get("text", "") + text)
        if self.kind == "thinking":
            return ThinkingBlock(self.start.get("thinking", "") + text, self.signature or None)
        if self.kind == "redacted_thinking":
            return ThinkingBlock("", None, redacted_data=self.start.get("data", ""))
        if self.kind == "tool_use":
            raw = text
            if not raw and self.start.get("input"):
                raw = json.dumps(self.start["input"])
            return finish_tool_call(self.start.get("id", ""), self.start.get("name", ""), raw)
        return None  # server tool blocks etc. have no place in the neutral model


class AnthropicStream:
    """Feed it SSE events; it returns what to yield and knows when the message is complete."""

    def __init__(self, ctx: CallContext) -> None:
        self.ctx = ctx
        self.open: dict[int, _Open] = {}
        self.blocks: dict[int, Block] = {}
        self.stop_reason = "end_turn"
        self.usage = Usage()
        self.done = False

    def feed(self, sse: SSEEvent) -> list[StreamEvent]:
        """Handle one SSE event.

        Raises:
            RetryableFailure | ProviderError: the server sent an error event or broken JSON.
        """
        try:
            data = json.loads(sse.data)
        except ValueError:
            raise stream_cut(self.ctx, f"unreadable event data {sse.data[:80]!r}") from None
        kind = data.get("type", sse.event) if isinstance(data, dict) else sse.event
        if kind == "error" or sse.event == "error":
            raise stream_error(data, self.ctx)
        handler = getattr(self, f"_on_{kind}", None)
        return handler(data) if handler is not None else []  # ping and future event types

    def complete(self) -> ResponseComplete:
        """The final event, once ``done``.

        Raises:
            RetryableFailure: the stream ended before message_stop.
        """
        if not self.done:
            raise stream_cut(self.ctx)
        content = [self.blocks[i] for i in sorted(self.blocks)]
        return ResponseComplete(Message("assistant", content), self.stop_reason, self.usage)

    def _on_message_start(self, data: dict[str, Any]) -> list[StreamEvent]:
        self._take_usage(data.get("message", {}).get("usage") or {})
        return []

    def _on_content_block_start(self, data: dict[str, Any]) -> list[StreamEvent]:
        start = data.get("content_block") or {}
        self.open[data.get("index", len(self.open))] = block = _Open(start)
        if block.kind == "tool_use":
            return [ToolCallStarted(start.get("id", ""), start.get("name", ""))]
        if block.kind == "text" and start.get("text"):
            return [TextDelta(start["text"])]
        return []

    def _on_content_block_delta(self, data: dict[str, Any]) -> list[StreamEvent]:
        block = self.open.get(data.get("index", -1))
        delta = data.get("delta") or {}
        if block is None:
            return []
        kind = delta.get("type")
        if kind == "text_delta":
            block.parts.append(delta.get("text", ""))
            return [TextDelta(delta.get("text", ""))]
        if kind == "thinking_delta":
            block.parts.append(delta.get("thinking", ""))
            return [ReasoningDelta(delta.get("thinking", ""))]
        if kind == "signature_delta":
            block.signature += delta.get("signature", "")
        elif kind == "input_json_delta":
            block.parts.append(delta.get("partial_json", ""))
            return [ToolCallDelta(block.start.get("id", ""), delta.get("partial_json", ""))]
        return []

    def _on_content_block_stop(self, data: dict[str, Any]) -> list[StreamEvent]:
        index = data.get("index", -1)
        block = self.open.pop(index, None)
        finished = block.finish() if block is not None else None
        if finished is not None:
            self.blocks[index] = finished
        return []

    def _on_message_delta(self, data: dict[str, Any]) -> list[StreamEvent]:
        reason = (data.get("delta") or {}).get("stop_reason")
        if reason:
            self.stop_reason = reason
        self._take_usage(data.get("usage") or {})
        return []

    def _on_message_stop(self, data: dict[str, Any]) -> list[StreamEvent]:
        for index in list(self.open):  # a block the server never closed
            self._on_content_block_stop({"index": index})
        self.done = True
        return []

    def _take_usage(self, usage: dict[str, Any]) -> None:
        """Usage counts are cumulative; a later event's value replaces an earlier one."""
        u = self.usage
        u.input_tokens = usage.get("input_tokens") or u.input_tokens
        u.output_tokens = usage.get("output_tokens") or u.output_tokens
        u.cache_read_tokens = usage.get("cache_read_input_tokens") or u.cache_read_tokens
        u.cache_write_tokens = usage.get("cache_creation_input_tokens") or u.cache_write_tokens
