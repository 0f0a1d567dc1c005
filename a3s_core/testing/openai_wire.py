"""The OpenAI Chat Completions API as the real service sends it: chunks, completions and errors."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from a3s_core.testing.script import Reply
from a3s_core.testing.wire import (
    HttpResponse,
    error_after,
    json_response,
    openai_finish_reason,
    pieces,
    random_id,
    sse_event,
)

_FINGERPRINT = "fp_scripted01"
_ERROR_KINDS: dict[int, tuple[str, str | None]] = {
    400: ("invalid_request_error", None),
    401: ("invalid_request_error", "invalid_api_key"),
    403: ("invalid_request_error", "unsupported_country_region_territory"),
    404: ("invalid_request_error", "model_not_found"),
    429: ("requests", "rate_limit_exceeded"),
}
_DEFAULT_MESSAGES = {
    401: "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
    429: "Rate limit reached for requests. Please try again later.",
    500: "The server had an error while processing your request. Sorry about that!",
    503: "The engine is currently overloaded, please try again later",
}


def error_body(status: int, message: str = "", code: str | None = None, param: str | None = None) -> dict[str, Any]:
    """The OpenAI error object: ``{"error": {"message", "type", "param", "code"}}``."""
    kind, default_code = _ERROR_KINDS.get(status, ("server_error", None))
    text = message or _DEFAULT_MESSAGES.get(status, "Error")
    return {"error": {"message": text, "type": kind, "param": param, "code": code or default_code}}


def error_response(
    status: int, message: str = "", retry_after: str | None = None, *, code: str | None = None, param: str | None = None
) -> HttpResponse:
    """An OpenAI error answer with an ``x-request-id`` and, when set, ``retry-after``."""
    headers = {"x-request-id": random_id("req_", 32)}
    if retry_after is not None:
        headers["retry-after"] = retry_after
    return json_response(status, error_body(status, message, code, param), headers)


def reply_response(reply: Reply, request: dict[str, Any]) -> HttpResponse:
    """Answer a request with a reply: chunks when ``stream`` is true, else one chat.completion."""
    model = str(request.get("model", ""))
    ids = [call.id or random_id("call_", 24) for call in reply.tool_calls]
    base = {
        "id": random_id("chatcmpl-", 29),
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": _FINGERPRINT,
    }
    headers = {"x-request-id": random_id("req_", 32)}
    if not request.get("stream"):
        return json_response(200, completion_json(reply, base, ids), headers)
    options = request.get("stream_options") or {}
    include_usage = bool(isinstance(options, dict) and options.get("include_usage"))
    events = stream_events(reply, base, ids, include_usage)
    if reply.stream_error_after is not None:
        overloaded = error_body(503, "Overloaded")
        events = error_after(events, reply.stream_error_after, sse_event(None, overloaded))
    headers |= {"content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache"}
    return HttpResponse(200, headers, events=events, cut_after=reply.cut_after, chunk_delay=reply.chunk_delay)


def usage_json(reply: Reply) -> dict[str, Any]:
    """The usage object, with the detail fields the service always includes."""
    return {
        "prompt_tokens": reply.input_tokens,
        "completion_tokens": reply.output_tokens,
        "total_tokens": reply.input_tokens + reply.output_tokens,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0},
    }


def completion_json(reply: Reply, base: dict[str, Any], ids: list[str]) -> dict[str, Any]:
    """The non-streaming chat.completion object."""
    message: dict[str, Any] = {"role": "assistant", "content": reply.text or None, "refusal": None}
    if reply.thinking is not None:
        message["reasoning_content"] = reply.thinking
    if reply.tool_calls:
        message["tool_calls"] = [
            {"id": tool_id, "type": "function", "function": {"name": call.name, "arguments": call.arguments()}}
            for call, tool_id in zip(reply.tool_calls, ids, strict=True)
        ]
    choice = {
        "index": 0,
        "message": message,
        "logprobs": None,
        "finish_reason": openai_finish_reason(reply.stop_reason, bool(reply.tool_calls)),
    }
    return base | {"object": "chat.completion", "choices": [choice], "usage": usage_json(reply)}


def stream_events(reply: Reply, base: dict[str, Any], ids: list[str], include_usage: bool) -> Iterator[bytes]:
    """The ``data:`` events of one streamed completion, ending with ``data: [DONE]``."""

    def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> bytes:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
        body: dict[str, Any] = base | {"choices": [choice]}
        if include_usage:
            body["usage"] = None
        return sse_event(None, body)

    yield chunk({"role": "assistant", "content": "" if reply.text else None, "refusal": None})
    for part in pieces(reply.thinking or "", reply.chunk_size):
        yield chunk({"reasoning_content": part})
    for part in pieces(reply.text, reply.chunk_size):
        yield chunk({"content": part})
    for index, (call, tool_id) in enumerate(zip(reply.tool_calls, ids, strict=True)):
        head = {"index": index, "id": tool_id, "type": "function", "function": {"name": call.name, "arguments": ""}}
        yield chunk({"tool_calls": [head]})
        for part in pieces(call.arguments(), reply.chunk_size):
            yield chunk({"tool_calls": [{"index": index, "function": {"arguments": part}}]})
    yield chunk({}, openai_finish_reason(reply.stop_reason, bool(reply.tool_calls)))
    if include_usage:
        yield sse_event(None, base | {"choices": [], "usage": usage_json(reply)})
    yield sse_event(None, "[DONE]")
