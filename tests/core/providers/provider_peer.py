"""Helpers for provider tests: an in-process HTTP peer (httpx2.MockTransport) serving real
response bytes, a sleep that records retry delays instead of waiting, request builders."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2
from a3s_core.messages import Message
from a3s_core.providers.http import make_client
from a3s_core.providers.request import ModelRequest


@dataclass
class Recorded:
    path: str
    headers: httpx2.Headers
    body: dict[str, Any]


Answer = httpx2.Response | Callable[[], httpx2.Response]


@dataclass
class Peer:
    """Answers each request with the next scripted response and records what it received."""

    answers: list[Answer] = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(Recorded(request.url.path, request.headers, json.loads(request.content)))
        answer = self.answers.pop(0)
        return answer() if callable(answer) else answer

    def client(self) -> httpx2.AsyncClient:
        return make_client(transport=httpx2.MockTransport(self.handle))


@dataclass
class RecordingSleep:
    delays: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def sse(text: str, status: int = 200) -> httpx2.Response:
    """A complete event-stream response with exactly these bytes."""
    return httpx2.Response(status, headers={"content-type": "text/event-stream"}, content=text.encode())


def cut_sse(text: str) -> Callable[[], httpx2.Response]:
    """A response that sends ``text`` and then loses the connection."""

    async def body() -> AsyncIterator[bytes]:
        yield text.encode()
        raise httpx2.RemoteProtocolError("peer closed connection without sending complete message body")

    return lambda: httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=body())


def error(status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> httpx2.Response:
    return httpx2.Response(status, headers=headers or {}, json=payload)


def request(text: str = "hello", **kwargs: Any) -> ModelRequest:
    kwargs.setdefault("model", "test-model")
    kwargs.setdefault("system", "You are terse.")
    return ModelRequest(messages=[Message.user(text)], **kwargs)


async def collect(stream: AsyncIterator[Any]) -> list[Any]:
    return [event async for event in stream]


PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


def anthropic_history() -> list[Message]:
    """A session as Anthropic produced it: image, signed and redacted thinking, a tool round."""
    from a3s_core.messages import (
        ImageBlock,
        TextBlock,
        ThinkingBlock,
        ToolResultBlock,
        ToolUseBlock,
    )

    screenshot = ImageBlock("image/png", PNG)
    return [
        Message.user("What is in this picture?", images=[ImageBlock("image/png", PNG)]),
        Message(
            "assistant",
            [
                ThinkingBlock("Let me list the files.", signature="sig-abc"),
                ThinkingBlock("", redacted_data="opaque-redacted"),
                TextBlock("I'll look."),
                ToolUseBlock("toolu_01", "bash", {"command": "ls"}),
            ],
        ),
        Message(
            "user",
            [
                ToolResultBlock("toolu_01", "a.txt\nb.png", images=[screenshot]),
                TextBlock("Also check b."),
            ],
        ),
        Message("assistant", [TextBlock("Done.")]),
    ]
