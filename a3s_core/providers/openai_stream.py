"""Assembling an OpenAI Chat Completions SSE stream into StreamEvents and the final message."""

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

STOP_REASONS = {
    "stop": "end_turn",
    "tool_calls": "tool_use",
    "function_call": "tool_use",
    "length": "max_tokens",
}
"""finish_reason mapped to the Anthropic stop_reason vocabulary the rest of a3s_core uses."""


class _Call:
    def __init__(self, call_id: str, name: str) -> None:
        self.id = call_id
        self.name = name
        self.arguments: list[str] = []


class OpenAIStream:
    """Feed it SSE events; it returns what to yield and knows when ``[DONE]`` arrived."""

    def __init__(self, ctx: CallContext) -> None:
        self.ctx = ctx
        self.text: list[str] = []
        self.reasoning: list[str] = []
        self.calls: dict[int, _Call] = {}
        self.finish_reason: str | None = None
        self.usage = Usage()
        self.done = False

    def feed(self, sse: SSEEvent) -> list[StreamEvent]:
        """Handle one chunk.

        Raises:
            RetryableFailure | ProviderError: an error chunk, or data that is not JSON.
        """
        if sse.data.strip() == "[DONE]":
            self.done = True
            return []
        try:
            chunk = json.loads(sse.data)
        except ValueError:
            raise stream_cut(self.ctx, f"unreadable chunk {sse.data[:80]!r}") from None
        if not isinstance(chunk, dict):
            return []
        if chunk.get("error") or sse.event == "error":
            raise stream_error(chunk, self.ctx)
        if chunk.get("usage"):
            self._take_usage(chunk["usage"])
        events: list[StreamEvent] = []
        for choice in chunk.get("choices") or []:
            if choice.get("index", 0) != 0:
                continue
            events.extend(self._delta(choice.get("delta") or {}))
            if choice.get("finish_reason"):
                self.finish_reason = choice["finish_reason"]
        return events

    def complete(self) -> ResponseComplete:
        """The final event, once ``[DONE]`` arrived.

        Raises:
            RetryableFailure: the stream ended before ``[DONE]``.
        """
        if not self.done:
            raise stream_cut(self.ctx)
        content: list[Block] = []
        if self.reasoning:
            content.append(ThinkingBlock("".join(self.reasoning)))
        if self.text:
            content.append(TextBlock("".join(self.text)))
        for index in sorted(self.calls):
            call = self.calls[index]
            content.append(finish_tool_call(call.id, call.name, "".join(call.arguments)))
        reason = STOP_REASONS.get(self.finish_reason or "stop", self.finish_reason or "end_turn")
        if self.calls and reason == "end_turn":
            reason = "tool_use"  # some servers (Ollama) say "stop" after a tool call
        return ResponseComplete(Message("assistant", content), reason, self.usage)

    def _delta(self, delta: dict[str, Any]) -> list[StreamEvent]:
        events: list[StreamEvent] = []
        reasoning = delta.get("reasoning_content") or delta.get("reasoning")
        if isinstance(reasoning, str) and reasoning:
            self.reasoning.append(reasoning)
            events.append(ReasoningDelta(reasoning))
        if delta.get("content"):
            self.text.append(delta["content"])
            events.append(TextDelta(delta["content"]))
        for position, piece in enumerate(delta.get("tool_calls") or []):
            events.extend(self._tool_piece(piece, position))
        return events

    def _tool_piece(self, piece: dict[str, Any], position: int) -> list[StreamEvent]:
        index = piece.get("index", position)
        function = piece.get("function") or {}
        events: list[StreamEvent] = []
        call = self.calls.get(index)
        if call is None:
            call_id = piece.get("id") or f"call_{index}"
            call = self.calls[index] = _Call(call_id, function.get("name") or "")
            events.append(ToolCallStarted(call.id, call.name))
        elif function.get("name") and not call.name:
            call.name = function["name"]
        arguments = function.get("arguments")
        if arguments:
            if not isinstance(arguments, str):  # a few servers send the object itself
                arguments = json.dumps(arguments)
            call.arguments.append(arguments)
            events.append(ToolCallDelta(call.id, arguments))
        return events

    def _take_usage(self, usage: dict[str, Any]) -> None:
        """prompt_tokens includes cached tokens; input_tokens here excludes them, as Anthropic's does."""
        cached = (usage.get("prompt_tokens_details") or {}).get("cached_tokens") or 0
        self.usage = Usage(
            input_tokens=max((usage.get("prompt_tokens") or 0) - cached, 0),
            output_tokens=usage.get("completion_tokens") or 0,
            cache_read_tokens=cached,
        )
