"""Pieces shared by both wire protocols: the response shape, SSE framing, ids and chunking."""

from __future__ import annotations

import json
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_ALPHABET = string.ascii_letters + string.digits
_random = random.Random()


@dataclass
class RecordedRequest:
    """One request the server received."""

    path: str
    headers: dict[str, str]
    """Lower-case header names."""
    body: Any
    """The parsed JSON body, or None if it was not JSON."""
    protocol: str
    """"anthropic" or "openai"."""


@dataclass
class HttpResponse:
    """What the HTTP layer writes: a plain body, or SSE events streamed one chunk each."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    events: Iterator[bytes] | None = None
    cut_after: int | None = None
    chunk_delay: float = 0.0


@dataclass
class WireError:
    """A protocol-level refusal (401, 400, 404...) before any script item is consumed."""

    status: int
    message: str
    kind: str | None = None
    """Protocol-specific error type/code override (e.g. "model_not_found")."""
    param: str | None = None


def random_id(prefix: str, length: int) -> str:
    """An id shaped like the real services' ids: a prefix and random alphanumerics."""
    return prefix + "".join(_random.choices(_ALPHABET, k=length))


def dumps(obj: Any) -> str:
    """Compact JSON, UTF-8 characters unescaped, as the real services send it."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def json_response(status: int, obj: Any, headers: dict[str, str] | None = None) -> HttpResponse:
    """A plain JSON response."""
    all_headers = {"content-type": "application/json", **(headers or {})}
    return HttpResponse(status, all_headers, dumps(obj).encode("utf-8"))


def sse_event(name: str | None, data: Any) -> bytes:
    """One SSE event: an optional ``event:`` line, a ``data:`` line and a blank line."""
    payload = data if isinstance(data, str) else dumps(data)
    head = f"event: {name}\n" if name else ""
    return f"{head}data: {payload}\n\n".encode()


def pieces(text: str, size: int) -> list[str]:
    """Split text into pieces of ``size`` characters (at least one character each)."""
    size = max(1, size)
    return [text[i : i + size] for i in range(0, len(text), size)]


def anthropic_stop_reason(override: str | None, has_tools: bool) -> str:
    """The Anthropic stop reason, translating OpenAI names in an override."""
    if override is None:
        return "tool_use" if has_tools else "end_turn"
    return {"length": "max_tokens", "stop": "end_turn", "tool_calls": "tool_use"}.get(override, override)


def openai_finish_reason(override: str | None, has_tools: bool) -> str:
    """The OpenAI finish reason, translating Anthropic names in an override."""
    if override is None:
        return "tool_calls" if has_tools else "stop"
    mapping = {"max_tokens": "length", "end_turn": "stop", "tool_use": "tool_calls", "stop_sequence": "stop"}
    return mapping.get(override, override)


def retry_after_value(seconds: float) -> str:
    """Seconds as a header value: an integer when whole, else a decimal."""
    return str(int(seconds)) if float(seconds).is_integer() else repr(float(seconds))


def error_after(events: Iterator[bytes], count: int, error: bytes) -> Iterator[bytes]:
    """The first ``count`` events, then ``error`` in place of the rest."""
    for sent, event in enumerate(events):
        if sent >= count:
            break
        yield event
    yield error
