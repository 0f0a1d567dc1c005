"""The Anthropic Messages API as the real service sends it: SSE events, messages and errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from a3s_core.testing.script import Reply
from a3s_core.testing.wire import (
    HttpResponse,
    anthropic_stop_reason,
    error_after,
    json_response,
    pieces,
    random_id,
    sse_event,
)

_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    504: "timeout_error",
    529: "overloaded_error",
}
_DEFAULT_MESSAGES = {
    401: "invalid x-api-key",
    403: "Your API key does not have permission to use the specified resource.",
    404: "Not found",
    429: "Number of request tokens has exceeded your per-minute rate limit",
    500: "Internal server error",
    529: "Overloaded",
}


def error_type(status: int) -> str:
    """The Anthropic error type for an HTTP status."""
    return _ERROR_TYPES.get(status, "api_error" if status >= 500 else "invalid_request_error")


def error_response(status: int, message: str = "", retry_after: str | None = None) -> HttpResponse:
    """An Anthropic error answer: ``{"type": "error", "error": {...}, "request_id": ...}``."""
    request_id = random_id("req_011C", 20)
    body = {
        "type": "error",
        "error": {"type": error_type(status), "message": message or _DEFAULT_MESSAGES.get(status, "Error")},
        "request_id": request_id,
    }
    retryable = status in (408, 409, 429) or status >= 500
    headers = {"request-id": request_id, "x-should-retry": "true" if retryable else "false"}
    if retry_after is not None:
        headers["retry-after"] = retry_after
    return json_response(status, body, headers)


def reply_response(reply: Reply, request: dict[str, Any]) -> HttpResponse:
    """Answer a request with a reply: SSE when ``stream`` is true, else one message object."""
    model = str(request.get("model", ""))
    message_id = random_id("msg_01", 22)
    tool_ids = [call.id or random_id("toolu_01", 22) for call in reply.tool_calls]
    headers = {"request-id": random_id("req_011C", 20)}
    if not request.get("stream"):
        return json_response(200, message_json(reply, model, message_id, tool_ids), headers)
    headers |= {"content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache"}
    events = stream_events(reply, model, message_id, tool_ids)
    if reply.stream_error_after is not None:
        events = error_after(events, reply.stream_error_after, overloaded_event())
    return HttpResponse(200, headers, events=events, cut_after=reply.cut_after, chunk_delay=reply.chunk_delay)


def _try_json(text: str) -> Any:
    # A non-streamed message carries parsed input; malformed raw arguments can only go verbatim.
    try:
        return json.loads(text)
    except ValueError:
        return text


def message_json(reply: Reply, model: str, message_id: str, tool_ids: list[str]) -> dict[str, Any]:
    """The non-streaming Message object."""
    content: list[dict[str, Any]] = []
    if reply.thinking is not None:
        content.append({"type": "thinking", "thinking": reply.thinking, "signature": reply.thinking_signature})
    if reply.text:
        content.append({"type": "text", "text": reply.text})
    for call, tool_id in zip(reply.tool_calls, tool_ids, strict=True):
        tool_input = call.input if call.raw_arguments is None else _try_json(call.raw_arguments)
        content.append({"type": "tool_use", "id": tool_id, "name": call.name, "input": tool_input})
    return {
        "id": message_id,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": anthropic_stop_reason(reply.stop_reason, bool(reply.tool_calls)),
        "stop_sequence": None,
        "usage": _usage(reply.input_tokens, reply.output_tokens),
    }


def _usage(input_tokens: int, output_tokens: int) -> dict[str, int]:
    return {
        "input_tokens": input_tokens,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
        "output_tokens": output_tokens,
    }


def stream_events(reply: Reply, model: str, message_id: str, tool_ids: list[str]) -> Iterator[bytes]:
    """The SSE events of one streamed message, in the real service's order."""
    start: dict[str, Any] = {
        "id": message_id,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": _usage(reply.input_tokens, 1),
    }
    yield sse_event("message_start", {"type": "message_start", "message": start})
    for index, block_events in enumerate(_blocks(reply, tool_ids)):
        yield next(block_events)
        if index == 0:
            yield sse_event("ping", {"type": "ping"})
        yield from block_events
    stop_reason = anthropic_stop_reason(reply.stop_reason, bool(reply.tool_calls))
    delta = {"stop_reason": stop_reason, "stop_sequence": None}
    usage = {"output_tokens": reply.output_tokens}
    yield sse_event("message_delta", {"type": "message_delta", "delta": delta, "usage": usage})
    yield sse_event("message_stop", {"type": "message_stop"})


def overloaded_event() -> bytes:
    """The in-stream error event the service sends under load."""
    return sse_event("error", {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})


def _blocks(reply: Reply, tool_ids: list[str]) -> Iterator[Iterator[bytes]]:
    index = 0
    if reply.thinking is not None:
        yield _thinking_block(index, reply)
        index += 1
    if reply.text:
        yield _block(index, {"type": "text", "text": ""}, "text_delta", "text", pieces(reply.text, reply.chunk_size))
        index += 1
    for call, tool_id in zip(reply.tool_calls, tool_ids, strict=True):
        start = {"type": "tool_use", "id": tool_id, "name": call.name, "input": {}}
        # The service opens every tool_use block with an empty partial_json delta.
        parts = ["", *pieces(call.arguments(), reply.chunk_size)]
        yield _block(index, start, "input_json_delta", "partial_json", parts)
        index += 1


def _block(index: int, start: dict[str, Any], delta_type: str, key: str, parts: list[str]) -> Iterator[bytes]:
    yield sse_event("content_block_start", {"type": "content_block_start", "index": index, "content_block": start})
    for part in parts:
        delta = {"type": delta_type, key: part}
        yield sse_event("content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta})
    yield sse_event("content_block_stop", {"type": "content_block_stop", "index": index})


def _thinking_block(index: int, reply: Reply) -> Iterator[bytes]:
    start = {"type": "thinking", "thinking": "", "signature": ""}
    parts = pieces(reply.thinking or "", reply.chunk_size)
    inner = _block(index, start, "thinking_delta", "thinking", parts)
    events = list(inner)
    signature = {"type": "signature_delta", "signature": reply.thinking_signature}
    sig_event = sse_event("content_block_delta", {"type": "content_block_delta", "index": index, "delta": signature})
    yield from events[:-1]
    yield sig_event
    yield events[-1]
