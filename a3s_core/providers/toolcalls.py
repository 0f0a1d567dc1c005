"""Assembling a streamed tool call from its partial-JSON pieces."""

from __future__ import annotations

import json
import re

from a3s_core.messages import ToolUseBlock

_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9_-]")


def finish_tool_call(call_id: str, name: str, raw: str) -> ToolUseBlock:
    """Parse the accumulated arguments of one tool call.

    Empty arguments mean ``{}``. Invalid JSON (or JSON that is not an object) gives ``input={}``
    with ``raw_arguments`` and ``parse_error`` set, so the agent can tell the model what broke.
    """
    if not raw.strip():
        return ToolUseBlock(id=call_id, name=name, input={})
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        return ToolUseBlock(call_id, name, {}, raw_arguments=raw, parse_error=str(exc))
    if not isinstance(value, dict):
        error = f"tool arguments must be a JSON object, got {type(value).__name__}"
        return ToolUseBlock(call_id, name, {}, raw_arguments=raw, parse_error=error)
    return ToolUseBlock(id=call_id, name=name, input=value)


def safe_tool_id(call_id: str) -> str:
    """A tool-call id Anthropic accepts (``^[a-zA-Z0-9_-]+$``); other servers' ids may not be."""
    cleaned = _UNSAFE_ID_CHARS.sub("_", call_id)
    return cleaned or "toolu_missing"
