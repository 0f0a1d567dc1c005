"""The provider-neutral history in the OpenAI Chat Completions wire format.

Thinking blocks are dropped (Chat Completions has no place for them, and reasoning servers such
as DeepSeek reject reasoning sent back). Tool results become ``role: "tool"`` messages, which
carry text only, so their images follow in a user message.
"""

from __future__ import annotations

import json
from typing import Any

from a3s_core.messages import ImageBlock, Message, TextBlock, ToolResultBlock, ToolSpec, ToolUseBlock
from a3s_core.providers.request import ModelRequest


def openai_body(request: ModelRequest, *, max_tokens_field: str = "max_tokens") -> dict[str, Any]:
    """The JSON body of a streaming POST /chat/completions for ``request``.

    ``max_tokens_field`` is ``max_completion_tokens`` for api.openai.com (its reasoning models
    refuse ``max_tokens``) and ``max_tokens`` for compatible servers that predate the new name.
    """
    messages: list[dict[str, Any]] = []
    if request.system:
        messages.append({"role": "system", "content": request.system})
    messages.extend(openai_messages(request.messages))
    body: dict[str, Any] = {
        "model": request.model,
        "messages": messages,
        "stream": True,
        "stream_options": {"include_usage": True},
        max_tokens_field: request.max_tokens,
    }
    if request.tools:
        body["tools"] = [openai_tool(t) for t in request.tools]
    if request.temperature is not None:
        body["temperature"] = request.temperature
    return body


def openai_tool(spec: ToolSpec) -> dict[str, Any]:
    """One tool definition as a function tool."""
    function = {"name": spec.name, "description": spec.description, "parameters": spec.input_schema}
    return {"type": "function", "function": function}


def openai_messages(messages: list[Message]) -> list[dict[str, Any]]:
    """Convert the history (without the system prompt)."""
    out: list[dict[str, Any]] = []
    for message in messages:
        if message.role == "assistant":
            out.extend(_assistant(message))
        else:
            out.extend(_user(message))
    return out


def image_part(image: ImageBlock) -> dict[str, Any]:
    """An image as a ``data:`` URL content part."""
    return {"type": "image_url", "image_url": {"url": f"data:{image.media_type};base64,{image.data}"}}


def _assistant(message: Message) -> list[dict[str, Any]]:
    text = message.text
    calls = [_tool_call(b) for b in message.content if isinstance(b, ToolUseBlock)]
    if not text and not calls:
        return []  # e.g. a turn that only held thinking
    out: dict[str, Any] = {"role": "assistant", "content": text or None}
    if calls:
        out["tool_calls"] = calls
    return [out]


def _tool_call(block: ToolUseBlock) -> dict[str, Any]:
    # Malformed arguments go back as {} (what was run); some servers re-parse the JSON.
    arguments = json.dumps(block.input, ensure_ascii=False)
    return {"id": block.id, "type": "function", "function": {"name": block.name, "arguments": arguments}}


def _user(message: Message) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    parts: list[dict[str, Any]] = []
    for block in message.content:
        if isinstance(block, ToolResultBlock):
            out.append({"role": "tool", "tool_call_id": block.tool_use_id, "content": _result_text(block)})
            if block.images:
                parts.append({"type": "text", "text": f"Images returned by tool call {block.tool_use_id}:"})
                parts.extend(image_part(img) for img in block.images)
        elif isinstance(block, TextBlock) and block.text:
            parts.append({"type": "text", "text": block.text})
        elif isinstance(block, ImageBlock):
            parts.append(image_part(block))
    if parts:
        # Tool messages must directly follow the assistant's tool calls, so text and images go after.
        only_text = all(p["type"] == "text" for p in parts)
        content: Any = "\n\n".join(p["text"] for p in parts) if only_text else parts
        out.append({"role": "user", "content": content})
    return out


def _result_text(block: ToolResultBlock) -> str:
    if block.is_error and not block.content.lower().startswith("error"):
        return f"Error: {block.content}"
    return block.content
