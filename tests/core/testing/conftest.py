"""Fixtures for the scripted LLM server tests: a running server and a raw-HTTP caller."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx2
import pytest

from a3s_core.testing import ScriptedLLMServer

HELLO = [{"role": "user", "content": "hi"}]


@dataclass
class Caller:
    """Posts raw requests to the server in either protocol."""

    server: ScriptedLLMServer
    client: httpx2.Client

    def anthropic(self, stream: bool = True, headers: dict[str, str | None] | None = None, **body: Any) -> httpx2.Response:
        """POST /v1/messages with a valid body unless overridden."""
        payload = {"model": "claude-test", "max_tokens": 100, "messages": HELLO, "stream": stream} | body
        all_headers = _drop_none({"anthropic-version": "2023-06-01", "x-api-key": "k"} | (headers or {}))
        return self.client.post(self.server.anthropic_base_url + "/v1/messages", json=payload, headers=all_headers)

    def openai(self, stream: bool = True, headers: dict[str, str | None] | None = None, **body: Any) -> httpx2.Response:
        """POST /chat/completions with a valid body unless overridden."""
        payload = {"model": "gpt-test", "messages": HELLO, "stream": stream} | body
        all_headers = _drop_none({"authorization": "Bearer k"} | (headers or {}))
        return self.client.post(self.server.openai_base_url + "/chat/completions", json=payload, headers=all_headers)


def _drop_none(headers: dict[str, str | None]) -> dict[str, str]:
    """Headers whose value is None are left out of the request."""
    return {name: value for name, value in headers.items() if value is not None}


@pytest.fixture
def llm() -> Iterator[ScriptedLLMServer]:
    """A running server with an empty script."""
    with ScriptedLLMServer() as server:
        yield server


@pytest.fixture
def call(llm: ScriptedLLMServer) -> Iterator[Caller]:
    """A caller bound to the ``llm`` server."""
    with httpx2.Client(timeout=5) as client:
        yield Caller(llm, client)
