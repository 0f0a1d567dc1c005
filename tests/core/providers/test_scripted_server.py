"""Both providers against the scripted LLM server over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from provider_peer import PNG, RecordingSleep, anthropic_history

from a3s_core.errors import (
    AuthenticationError,
    ModelNotFoundError,
    ProviderConnectionError,
    RateLimitError,
    ServerError,
)
from a3s_core.messages import ImageBlock, Message, ThinkingBlock, ToolResultBlock, ToolUseBlock
from a3s_core.protocols import Provider
from a3s_core.providers import RetryPolicy, create_provider
from a3s_core.providers.events import (
    ReasoningDelta,
    ResponseComplete,
    StreamRetry,
    TextDelta,
    ToolCallDelta,
    ToolCallStarted,
)
from a3s_core.providers.request import ModelRequest
from a3s_core.testing import Fault, Reply, ScriptedLLMServer, ToolCall
from a3s_core.testing.script import DEFAULT_SIGNATURE


def _provider(server: ScriptedLLMServer, protocol: str, retry: RetryPolicy, key: str = "test-key") -> Provider:
    base_url = server.anthropic_base_url if protocol == "anthropic" else server.openai_base_url
    return create_provider(protocol, key, base_url, retry=retry)


def _request(messages: list[Message] | None = None, **kwargs: Any) -> ModelRequest:
    kwargs.setdefault("model", "test-model")
    return ModelRequest(system="You are terse.", messages=messages or [Message.user("hi")], **kwargs)


async def _run(provider: Provider, request: ModelRequest) -> list[Any]:
    async def drain(stream: AsyncIterator[Any]) -> list[Any]:
        return [event async for event in stream]

    try:
        async with asyncio.timeout(10):
            return await drain(provider.stream(request))
    finally:
        await provider.aclose()


def _final(events: list[Any]) -> ResponseComplete:
    finals = [e for e in events if isinstance(e, ResponseComplete)]
    assert finals == [events[-1]]
    return finals[0]


async def test_streamed_text_arrives_in_pieces(llm: ScriptedLLMServer, protocol: str, retry: RetryPolicy) -> None:
    llm.add(Reply(text="Hello from the script", chunk_size=5))
    events = await _run(_provider(llm, protocol, retry), _request())
    assert len([e for e in events if isinstance(e, TextDelta)]) > 1
    final = _final(events)
    assert final.message.text == "Hello from the script"
    assert final.stop_reason == "end_turn"
    assert final.usage.output_tokens > 0
    assert llm.requests[0].protocol == protocol


async def test_streamed_tool_calls_are_assembled(llm: ScriptedLLMServer, protocol: str, retry: RetryPolicy) -> None:
    calls = [ToolCall("bash", {"command": "ls -la"}), ToolCall("read", {"path": "a.txt"})]
    llm.add(Reply(text="Running.", tool_calls=calls, chunk_size=3))
    events = await _run(_provider(llm, protocol, retry), _request())
    assert [e.name for e in events if isinstance(e, ToolCallStarted)] == ["bash", "read"]
    assert len([e for e in events if isinstance(e, ToolCallDelta)]) > 2
    final = _final(events)
    assert final.stop_reason == "tool_use"
    assert [(c.name, c.input) for c in final.message.tool_uses] == [
        ("bash", {"command": "ls -la"}),
        ("read", {"path": "a.txt"}),
    ]


async def test_malformed_tool_arguments_are_reported_not_raised(
    llm: ScriptedLLMServer, protocol: str, retry: RetryPolicy
) -> None:
    llm.add(Reply(tool_calls=[ToolCall("bash", raw_arguments='{"command": "ls')]))
    call = _final(await _run(_provider(llm, protocol, retry), _request())).message.tool_uses[0]
    assert call.input == {}
    assert call.raw_arguments == '{"command": "ls'
    assert call.parse_error


async def test_thinking_and_its_signature_go_back_to_anthropic_unchanged(
    llm: ScriptedLLMServer, retry: RetryPolicy
) -> None:
    llm.add(Reply(thinking="Plan: list files.", tool_calls=[ToolCall("bash", {"command": "ls"})]), Reply(text="ok"))
    first = await _run(_provider(llm, "anthropic", retry), _request(thinking_budget=2048))
    assert "".join(e.text for e in first if isinstance(e, ReasoningDelta)) == "Plan: list files."
    answer = _final(first).message
    assert answer.content[0] == ThinkingBlock("Plan: list files.", DEFAULT_SIGNATURE)
    call = answer.tool_uses[0]
    history = [Message.user("hi"), answer, Message("user", [ToolResultBlock(call.id, "a.txt")])]
    second = await _run(_provider(llm, "anthropic", retry), _request(history, thinking_budget=2048))
    assert _final(second).message.text == "ok"
    sent = llm.requests[1].body["messages"][1]["content"][0]
    assert sent == {"type": "thinking", "thinking": "Plan: list files.", "signature": DEFAULT_SIGNATURE}


async def test_openai_reasoning_content_is_reasoning_and_is_not_sent_back(
    llm: ScriptedLLMServer, retry: RetryPolicy
) -> None:
    llm.add(Reply(thinking="Hmm.", text="Four."), Reply(text="ok"))
    first = await _run(_provider(llm, "openai", retry), _request())
    assert "".join(e.text for e in first if isinstance(e, ReasoningDelta)) == "Hmm."
    answer = _final(first).message
    await _run(_provider(llm, "openai", retry), _request([Message.user("2+2?"), answer, Message.user("thanks")]))
    assert "Hmm." not in str(llm.requests[1].body)


async def test_a_429_waits_the_servers_retry_after_then_succeeds(
    llm: ScriptedLLMServer, protocol: str, retry: RetryPolicy, sleep: RecordingSleep
) -> None:
    llm.add(Fault(429, retry_after=2), Reply(text="after the wait"))
    events = await _run(_provider(llm, protocol, retry), _request())
    assert sleep.delays == [2.0]
    assert [e.attempt for e in events if isinstance(e, StreamRetry)] == [1]
    assert _final(events).message.text == "after the wait"


async def test_overloaded_and_server_errors_are_retried_with_backoff(
    llm: ScriptedLLMServer, protocol: str, retry: RetryPolicy, sleep: RecordingSleep
) -> None:
    llm.add(Fault(529), Fault(500), Reply(text="third time"))
    events = await _run(_provider(llm, protocol, retry), _request())
    assert sleep.delays == [1.0, 2.0]
    assert _final(events).message.text == "third time"
    assert len(llm.requests) == 3


async def test_a_stream_cut_mid_way_is_retried(
    llm: ScriptedLLMServer, protocol: str, retry: RetryPolicy, sleep: RecordingSleep
) -> None:
    llm.add(Reply(text="a long answer that gets cut", cut_after=3), Reply(text="whole"))
    events = await _run(_provider(llm, protocol, retry), _request())
    assert len(sleep.delays) == 1
    assert _final(events).message.text == "whole"


async def test_an_in_stream_overloaded_error_is_retried(
    llm: ScriptedLLMServer, protocol: str, retry: RetryPolicy, sleep: RecordingSleep
) -> None:
    llm.add(Reply(text="doomed", stream_error_after=2), Reply(text="fine"))
    events = await _run(_provider(llm, protocol, retry), _request())
    assert len([e for e in events if isinstance(e, StreamRetry)]) == 1
    assert _final(events).message.text == "fine"


async def test_exhausted_retries_raise_the_matching_error(
    llm: ScriptedLLMServer, protocol: str, retry: RetryPolicy
) -> None:
    llm.add(Fault(429, retry_after=0), Fault(429, retry_after=0), Fault(429, retry_after=0))
    with pytest.raises(RateLimitError):
        await _run(_provider(llm, protocol, retry), _request())
    llm.add(Fault(503), Fault(503), Fault(503))
    with pytest.raises(ServerError):
        await _run(_provider(llm, protocol, retry), _request())
    llm.add(*[Reply(text="cut", cut_after=1)] * 3)
    with pytest.raises(ProviderConnectionError):
        await _run(_provider(llm, protocol, retry), _request())


async def test_a_wrong_key_is_an_authentication_error_without_retries(
    protocol: str, retry: RetryPolicy, sleep: RecordingSleep
) -> None:
    with ScriptedLLMServer([Reply(text="never")], api_key="right-key") as server:
        with pytest.raises(AuthenticationError, match=r"rejected the API key \(401\)"):
            await _run(_provider(server, protocol, retry, key="wrong-key"), _request())
        assert len(server.requests) == 1
    assert sleep.delays == []


async def test_an_unknown_model_names_the_model(protocol: str, retry: RetryPolicy) -> None:
    with ScriptedLLMServer([Reply(text="never")], known_models={"real-model"}) as server:
        with pytest.raises(ModelNotFoundError, match="model 'no-such-model' not found at http://127.0.0.1"):
            await _run(_provider(server, protocol, retry), _request(model="no-such-model"))


async def test_a_history_with_tool_rounds_and_images_is_accepted(
    llm: ScriptedLLMServer, protocol: str, retry: RetryPolicy
) -> None:
    history = [*anthropic_history(), Message.user("and now?")]
    llm.add(Reply(text="accepted"))
    events = await _run(_provider(llm, protocol, retry), _request(history))
    assert _final(events).message.text == "accepted"
    assert PNG in str(llm.requests[0].body)


async def test_a_session_can_switch_protocols_mid_way_and_back(llm: ScriptedLLMServer, retry: RetryPolicy) -> None:
    llm.add(Reply(thinking="think", tool_calls=[ToolCall("bash", {"command": "pwd"})]))
    first = _final(await _run(_provider(llm, "anthropic", retry), _request(thinking_budget=1024)))
    call = first.message.tool_uses[0]
    screenshot = ImageBlock("image/png", PNG)
    history = [Message.user("hi"), first.message, Message("user", [ToolResultBlock(call.id, "/w", images=[screenshot])])]
    llm.add(Reply(tool_calls=[ToolCall("ls", {})]))
    second = _final(await _run(_provider(llm, "openai", retry), _request(history)))
    assert isinstance(second.message.content[-1], ToolUseBlock)
    history += [second.message, Message("user", [ToolResultBlock(second.message.tool_uses[0].id, "a b")])]
    llm.add(Reply(text="back on anthropic"))
    third = _final(await _run(_provider(llm, "anthropic", retry), _request(history, thinking_budget=1024)))
    assert third.message.text == "back on anthropic"
    assert [r.protocol for r in llm.requests] == ["anthropic", "openai", "anthropic"]
