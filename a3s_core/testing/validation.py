"""Cheap request checks that answer like the real services do: 401 for keys, 400 for broken bodies.

The point is to catch client bugs (a missing header, a tool result without its tool call, a thinking
block sent back without its signature) the way the real API would, not to reimplement its schema.
"""

from __future__ import annotations

from typing import Any

from a3s_core.testing.wire import WireError

_OPENAI_ROLES = ("system", "developer", "user", "assistant", "tool", "function")


def anthropic_auth(headers: dict[str, str], api_key: str | None) -> WireError | None:
    """401 unless the x-api-key header holds the expected key."""
    if api_key is None:
        return None
    sent = headers.get("x-api-key")
    if sent is None:
        return WireError(401, "x-api-key header is required")
    return None if sent == api_key else WireError(401, "invalid x-api-key")


def openai_auth(headers: dict[str, str], api_key: str | None) -> WireError | None:
    """401 unless the Authorization header is ``Bearer <key>``."""
    if api_key is None:
        return None
    sent = headers.get("authorization", "")
    if not sent.startswith("Bearer "):
        return WireError(401, "You didn't provide an API key. You need to provide your API key in an "
                         "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).")
    if sent.removeprefix("Bearer ") != api_key:
        return WireError(401, "Incorrect API key provided. You can find your API key at "
                         "https://platform.openai.com/account/api-keys.", kind="invalid_api_key")
    return None


def validate_anthropic(body: Any, headers: dict[str, str]) -> WireError | None:
    """The 400 a broken Messages request gets, or None."""
    if "anthropic-version" not in headers:
        return WireError(400, "anthropic-version: header is required")
    if not isinstance(body, dict):
        return WireError(400, "There was an error parsing the body of your request. Please ensure it is valid JSON.")
    for name in ("model", "max_tokens", "messages"):
        if name not in body:
            return WireError(400, f"{name}: Field required")
    max_tokens = body["max_tokens"]
    if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1:
        return WireError(400, "max_tokens: Input should be a valid integer greater than or equal to 1")
    messages = body["messages"]
    if not isinstance(messages, list):
        return WireError(400, "messages: Input should be a valid list")
    if not messages:
        return WireError(400, "messages: at least one message is required")
    for i, message in enumerate(messages):
        error = _anthropic_message(i, message, last=i == len(messages) - 1)
        if error:
            return error
    return _anthropic_tool_pairs(messages)


def _anthropic_message(i: int, message: Any, last: bool) -> WireError | None:
    if not isinstance(message, dict) or message.get("role") not in ("user", "assistant"):
        return WireError(400, f"messages.{i}.role: Input should be 'user' or 'assistant'")
    content = message.get("content")
    if content is None:
        return WireError(400, f"messages.{i}.content: Field required")
    if not content and not (last and message["role"] == "assistant"):
        return WireError(400, "messages: all messages must have non-empty content except for the "
                         "optional final assistant message")
    if isinstance(content, str):
        return None
    if not isinstance(content, list):
        return WireError(400, f"messages.{i}.content: Input should be a valid list")
    for j, block in enumerate(content):
        where = f"messages.{i}.content.{j}"
        kind = block.get("type") if isinstance(block, dict) else None
        if kind is None:
            return WireError(400, f"{where}.type: Field required")
        if kind == "text" and not block.get("text"):
            return WireError(400, "messages: text content blocks must be non-empty")
        if kind == "tool_use" and not isinstance(block.get("input"), dict):
            return WireError(400, f"{where}.tool_use.input: Input should be a valid dictionary")
        if kind == "thinking" and not (isinstance(block.get("signature"), str) and block["signature"]):
            return WireError(400, f"{where}.thinking.signature: Field required")
    return None


def _blocks_of(message: dict[str, Any], kind: str) -> list[tuple[int, dict[str, Any]]]:
    content = message.get("content")
    if not isinstance(content, list):
        return []
    return [(j, block) for j, block in enumerate(content) if block.get("type") == kind]


def _anthropic_tool_pairs(messages: list[dict[str, Any]]) -> WireError | None:
    return _unexpected_tool_results(messages) or _unanswered_tool_uses(messages)


def _unexpected_tool_results(messages: list[dict[str, Any]]) -> WireError | None:
    for i, message in enumerate(messages):
        if message["role"] != "user":
            continue
        previous = messages[i - 1] if i > 0 and messages[i - 1]["role"] == "assistant" else {}
        used = {block.get("id") for _, block in _blocks_of(previous, "tool_use")}
        for j, block in _blocks_of(message, "tool_result"):
            if block.get("tool_use_id") not in used:
                return WireError(400, f"messages.{i}.content.{j}: unexpected `tool_use_id` found in "
                                 f"`tool_result` blocks: {block.get('tool_use_id')}. Each `tool_result` block "
                                 "must have a corresponding `tool_use` block in the previous message.")
    return None


def _unanswered_tool_uses(messages: list[dict[str, Any]]) -> WireError | None:
    # A trailing assistant message may end in tool_use blocks (prefill); only later ones need answers.
    for i, message in enumerate(messages[:-1]):
        if message["role"] != "assistant":
            continue
        answered = {block.get("tool_use_id") for _, block in _blocks_of(messages[i + 1], "tool_result")}
        missing = [str(block.get("id")) for _, block in _blocks_of(message, "tool_use")
                   if block.get("id") not in answered]
        if missing:
            return WireError(400, f"messages.{i}: `tool_use` ids were found without `tool_result` blocks "
                             f"immediately after: {', '.join(missing)}. Each `tool_use` block must "
                             "have a corresponding `tool_result` block in the next message.")
    return None


def validate_openai(body: Any) -> WireError | None:
    """The 400 a broken Chat Completions request gets, or None."""
    if not isinstance(body, dict):
        return WireError(400, "We could not parse the JSON body of your request. (HINT: This likely means you "
                         "aren't using your HTTP library correctly.)")
    if "model" not in body:
        return WireError(400, "you must provide a model parameter")
    messages = body.get("messages")
    if messages is None:
        return WireError(400, "Missing required parameter: 'messages'.", "missing_required_parameter", "messages")
    if not isinstance(messages, list) or not messages:
        return WireError(400, "Invalid 'messages': empty array. Expected an array with minimum length 1, but "
                         "got an empty array instead.", "empty_array", "messages")
    for i, message in enumerate(messages):
        role = message.get("role") if isinstance(message, dict) else None
        if role not in _OPENAI_ROLES:
            return WireError(400, f"Invalid value: '{role}'. Supported values are: 'system', 'assistant', 'user', "
                             "'function', 'tool', and 'developer'.", "invalid_value", f"messages[{i}].role")
        error = _openai_tool_calls(i, message)
        if error:
            return error
    return _openai_tool_pairs(messages)


def _openai_tool_calls(i: int, message: dict[str, Any]) -> WireError | None:
    for k, call in enumerate(message.get("tool_calls") or []):
        where = f"messages[{i}].tool_calls[{k}]"
        function = call.get("function") if isinstance(call, dict) else None
        if not isinstance(function, dict) or not call.get("id"):
            return WireError(400, f"Missing required parameter: '{where}.id'.", "missing_required_parameter", where)
        if not isinstance(function.get("arguments"), str):
            return WireError(400, f"Invalid type for '{where}.function.arguments': expected a string, but got "
                             "an object instead.", "invalid_type", f"{where}.function.arguments")
    return None


def _openai_tool_pairs(messages: list[dict[str, Any]]) -> WireError | None:
    called: list[str] | None = None
    pending: list[str] = []
    caller = 0
    for i, message in enumerate(messages):
        if message["role"] == "tool":
            tool_call_id = message.get("tool_call_id")
            if called is None:
                return WireError(400, "Invalid parameter: messages with role 'tool' must be a response to a "
                                 "preceeding message with 'tool_calls'.", None, f"messages.[{i}].role")
            if tool_call_id not in called:
                return WireError(400, f"Invalid parameter: 'tool_call_id' of '{tool_call_id}' not found in "
                                 "'tool_calls' of previous message.", None, f"messages.[{i}].tool_call_id")
            pending = [p for p in pending if p != tool_call_id]
            continue
        if pending:
            return _unanswered(caller, pending)
        called = [call["id"] for call in message.get("tool_calls") or []] or None
        pending, caller = list(called or []), i
    return _unanswered(caller, pending) if pending else None


def _unanswered(caller: int, pending: list[str]) -> WireError:
    return WireError(400, "An assistant message with 'tool_calls' must be followed by tool messages responding "
                     "to each 'tool_call_id'. The following tool_call_ids did not have response messages: "
                     f"{', '.join(pending)}", None, f"messages.[{caller}].role")
