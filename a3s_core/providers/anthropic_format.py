"""The provider-neutral history in the Anthropic Messages wire format."""

from __future__ import annotations

from typing import Any

from a3s_core.messages import (
    Block,
    ImageBlock,
    Message,
    TextBlock,
    ThinkingBlock,
    ToolResultBlock,
    ToolSpec,
    ToolUseBlock,
)
from a3s_core.providers.request import ModelRequest
from a3s_core.providers.toolcalls import safe_tool_id

ANTHROPIC_VERSION = "2023-06-01"
MIN_THINKING_BUDGET = 1024
"""Anthropic rejects a smaller budget_tokens."""
THINKING_OUTPUT_HEADROOM = 4096
"""Tokens left for the answer when max_tokens has to be raised above the thinking budget."""


def anthropic_body(request: ModelRequest) -> dict[str, Any]:
    """The JSON body of a streaming POST /v1/messages for ``request``."""
    body: dict[str, Any] = {
        "model": request.model,
        "max_tokens": request.max_tokens,
        "messages": anthropic_messages(request.messages),
        "stream": True,
    }
    if request.system:
        body["system"] = request.system
    if request.tools:
        body["tools"] = [anthropic_tool(t) for t in request.tools]
    budget = request.thinking_budget or 0
    if budget > 0 and _unthought_tool_turn(body["messages"]):
        budget = 0  # the API refuses thinking here; see _unthought_tool_turn
    if budget > 0:
        budget = max(budget, MIN_THINKING_BUDGET)
        body["thinking"] = {"type": "enabled", "budget_tokens": budget}
        if request.max_tokens <= budget:
            body["max_tokens"] = budget + THINKING_OUTPUT_HEADROOM
    elif request.temperature is not None:
        body["temperature"] = request.temperature  # not allowed together with thinking
    return body


def _unthought_tool_turn(messages: list[dict[str, Any]]) -> bool:
    """True when the last assistant turn called tools without a thinking block first.

    With thinking enabled Anthropic requires that turn to start with (signed) thinking; a turn
    produced by another provider, or before thinking was switched on, cannot, so this request
    goes without thinking until the tool loop ends.
    """
    for message in reversed(messages):
        if message["role"] == "assistant":
            blocks = message["content"]
            uses_tools = any(b["type"] == "tool_use" for b in blocks)
            return uses_tools and blocks[0]["type"] not in ("thinking", "redacted_thinking")
    return False


def anthropic_tool(spec: ToolSpec) -> dict[str, Any]:
    """One tool definition."""
    return {"name": spec.name, "description": spec.description, "input_schema": spec.input_schema}


def anthropic_messages(messages: list[Message]) -> list[dict[str, Any]]:
    """Convert the history; messages left empty after conversion are dropped."""
    out: list[dict[str, Any]] = []
    for message in messages:
        blocks = [b for b in (anthropic_block(x) for x in message.content) if b is not None]
        if blocks:
            out.append({"role": message.role, "content": blocks})
    return out


def anthropic_block(block: Block) -> dict[str, Any] | None:
    """One content block, or None for a block Anthropic cannot take back."""
    if isinstance(block, TextBlock):
        return {"type": "text", "text": block.text} if block.text else None
    if isinstance(block, ThinkingBlock):
        if block.redacted_data:
            return {"type": "redacted_thinking", "data": block.redacted_data}
        if not block.signature:
            return None  # reasoning from another provider: unsigned, Anthropic would reject it
        return {"type": "thinking", "thinking": block.thinking, "signature": block.signature}
    if isinstance(block, ImageBlock):
        return anthropic_image(block)
    if isinstance(block, ToolUseBlock):
        return {"type": "tool_use", "id": safe_tool_id(block.id), "name": block.name, "input": block.input}
    if isinstance(block, ToolResultBlock):
        return anthropic_tool_result(block)
    raise TypeError(f"unknown content block: {block!r}")


def anthropic_image(image: ImageBlock) -> dict[str, Any]:
    """An image as a base64 source."""
    source = {"type": "base64", "media_type": image.media_type, "data": image.data}
    return {"type": "image", "source": source}


def anthropic_tool_result(result: ToolResultBlock) -> dict[str, Any]:
    """A tool result; with images its content is a list of text and image blocks."""
    out: dict[str, Any] = {"type": "tool_result", "tool_use_id": safe_tool_id(result.tool_use_id)}
    if result.images:
        parts: list[dict[str, Any]] = []
        if result.content:
            parts.append({"type": "text", "text": result.content})
        parts.extend(anthropic_image(img) for img in result.images)
        out["content"] = parts
    elif result.content:
        out["content"] = result.content
    if result.is_error:
        out["is_error"] = True
    return out
