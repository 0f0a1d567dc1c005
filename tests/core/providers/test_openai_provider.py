"""OpenAIProvider against real Chat Completions chunk bytes (as OpenAI and compatible servers send)."""

from __future__ import annotations

import pytest
from provider_peer import Peer, RecordingSleep, collect, cut_sse, error, request, sse

from a3s_core.errors import (
    AuthenticationError,
    BadRequestError,
    ModelNotFoundError,
    ProviderConnectionError,
    RateLimitError,
)
from a3s_core.messages import TextBlock, ThinkingBlock, ToolUseBlock
from a3s_core.providers.events import (
    ReasoningDelta,
    ResponseComplete,
    StreamRetry,
    TextDelta,
    ToolCallDelta,
    ToolCallStarted,
)
from a3s_core.providers.openai import OpenAIProvider
from a3s_core.providers.retry import RetryPolicy

_HEAD = '"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-x"'

TEXT = f"""data: {{{_HEAD},"choices":[{{"index":0,"delta":{{"role":"assistant","content":""}},"finish_reason":null}}],"usage":null}}

data: {{{_HEAD},"choices":[{{"index":0,"delta":{{"content":"Hello"}},"finish_reason":null}}],"usage":null}}

data: {{{_HEAD},"choices":[{{"index":0,"delta":{{"content":"!"}},"finish_reason":null}}],"usage":null}}

data: {{{_HEAD},"choices":[{{"index":0,"delta":{{}},"finish_reason":"stop"}}],"usage":null}}

data: {{{_HEAD},"choices":[],"usage":{{"prompt_tokens":30,"completion_tokens":12,"total_tokens":42,"prompt_tokens_details":{{"cached_tokens":10}}}}}}

data: [DONE]

"""

TOOLS = f"""data: {{{_HEAD},"choices":[{{"index":0,"delta":{{"role":"assistant","reasoning_content":"Need two "}},"finish_reason":null}}]}}

data: {{{_HEAD},"choices":[{{"index":0,"delta":{{"reasoning_content":"calls."}},"finish_reason":null}}]}}

data: {{{_HEAD},"choices":[{{"index":0,"delta":{{"tool_calls":[{{"index":0,"id":"call_abc","type":"function","function":{{"name":"bash","arguments":""}}}}]}},"finish_reason":null}}]}}

data: {{{_HEAD},"choices":[{{"index":0,"delta":{{"tool_calls":[{{"index":0,"function":{{"arguments":"{{\\"comm"}}}}]}},"finish_reason":null}}]}}

data: {{{_HEAD},"choices":[{{"index":0,"delta":{{"tool_calls":[{{"index":0,"function":{{"arguments":"and\\": \\"ls\\"}}"}}}}]}},"finish_reason":null}}]}}

data: {{{_HEAD},"choices":[{{"index":0,"delta":{{"tool_calls":[{{"index":1,"id":"call_def","type":"function","function":{{"name":"read","arguments":""}}}}]}},"finish_reason":null}}]}}

data: {{{_HEAD},"choices":[{{"index":0,"delta":{{}},"finish_reason":"tool_calls"}}]}}

data: [DONE]

"""


def _provider(
    peer: Peer, retry: RetryPolicy, key: str | None = "sk-test", name: str = "openai"
) -> OpenAIProvider:
    return OpenAIProvider(name, key, "http://openai.test/v1/", client=peer.client(), retry=retry)


async def test_streamed_text_and_usage_with_cached_tokens(peer: Peer, retry: RetryPolicy) -> None:
    peer.answers.append(sse(TEXT))
    events = await collect(_provider(peer, retry).stream(request()))
    assert [e.text for e in events if isinstance(e, TextDelta)] == ["Hello", "!"]
    final = events[-1]
    assert isinstance(final, ResponseComplete)
    assert final.message.content == [TextBlock("Hello!")]
    assert final.stop_reason == "end_turn"
    assert (final.usage.input_tokens, final.usage.cache_read_tokens, final.usage.output_tokens) == (20, 10, 12)


async def test_the_request_goes_to_chat_completions_with_a_bearer_token(peer: Peer, retry: RetryPolicy) -> None:
    peer.answers.append(sse(TEXT))
    await collect(_provider(peer, retry).stream(request("hi")))
    sent = peer.requests[0]
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == "Bearer sk-test"
    assert sent.body["messages"][-1] == {"role": "user", "content": "hi"}
    assert sent.body["max_tokens"] == 8192


async def test_streamed_tool_calls_and_reasoning_content_are_assembled(peer: Peer, retry: RetryPolicy) -> None:
    peer.answers.append(sse(TOOLS))
    events = await collect(_provider(peer, retry).stream(request()))
    assert [e.text for e in events if isinstance(e, ReasoningDelta)] == ["Need two ", "calls."]
    assert [e for e in events if isinstance(e, ToolCallStarted)] == [
        ToolCallStarted("call_abc", "bash"),
        ToolCallStarted("call_def", "read"),
    ]
    assert "".join(e.partial_json for e in events if isinstance(e, ToolCallDelta)) == '{"command": "ls"}'
    final = events[-1]
    assert final.stop_reason == "tool_use"
    assert final.message.content == [
        ThinkingBlock("Need two calls."),
        ToolUseBlock("call_abc", "bash", {"command": "ls"}),
        ToolUseBlock("call_def", "read", {}),
    ]


async def test_delta_reasoning_from_openrouter_style_servers_is_reasoning(peer: Peer, retry: RetryPolicy) -> None:
    peer.answers.append(sse(TEXT.replace('"content":"Hello"', '"reasoning":"hmm"')))
    events = await collect(_provider(peer, retry).stream(request()))
    assert ReasoningDelta("hmm") in events
    assert events[-1].message.content == [ThinkingBlock("hmm"), TextBlock("!")]


async def test_malformed_arguments_keep_the_raw_text_and_the_parse_error(peer: Peer, retry: RetryPolicy) -> None:
    peer.answers.append(sse(TOOLS.replace('\\"ls\\"}', "ls")))
    events = await collect(_provider(peer, retry).stream(request()))
    call = events[-1].message.tool_uses[0]
    assert (call.input, call.raw_arguments) == ({}, '{"command": ls')
    assert call.parse_error and "Expecting value" in call.parse_error


async def test_a_429_with_retry_after_ms_is_retried_then_succeeds(
    peer: Peer, retry: RetryPolicy, sleep: RecordingSleep
) -> None:
    limited = {"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}}
    peer.answers += [error(429, limited, {"retry-after-ms": "1500"}), sse(TEXT)]
    events = await collect(_provider(peer, retry).stream(request()))
    assert sleep.delays == [1.5]
    assert [e for e in events if isinstance(e, StreamRetry)][0].reason == "HTTP 429: Rate limit reached"
    assert events[-1].message.text == "Hello!"


async def test_a_stream_without_done_is_retried(peer: Peer, retry: RetryPolicy, sleep: RecordingSleep) -> None:
    peer.answers += [cut_sse(TEXT.split("data: [DONE]")[0][:300]), sse(TEXT)]
    events = await collect(_provider(peer, retry).stream(request()))
    assert len([e for e in events if isinstance(e, StreamRetry)]) == 1
    assert events[-1].message.text == "Hello!"


async def test_an_error_chunk_mid_stream_is_retried(peer: Peer, retry: RetryPolicy, sleep: RecordingSleep) -> None:
    head = "\n\n".join(TEXT.split("\n\n")[:2])
    broken = head + '\n\ndata: {"error":{"message":"internal error","type":"server_error"}}\n\n'
    peer.answers += [sse(broken), sse(TEXT)]
    events = await collect(_provider(peer, retry).stream(request()))
    assert "internal error" in next(e for e in events if isinstance(e, StreamRetry)).reason
    assert events[-1].message.text == "Hello!"


async def test_persistent_rate_limiting_raises_rate_limit_error(peer: Peer, retry: RetryPolicy) -> None:
    peer.answers += [error(429, {"error": {"message": "quota"}}, {"retry-after": "0"})] * 3
    with pytest.raises(RateLimitError, match="quota"):
        await collect(_provider(peer, retry).stream(request()))


async def test_a_connection_that_cannot_be_made_is_retried_then_reported(retry: RetryPolicy) -> None:
    provider = OpenAIProvider("vllm", None, "http://127.0.0.1:9/v1", retry=retry)
    with pytest.raises(ProviderConnectionError, match="could not reach vllm at http://127.0.0.1:9/v1"):
        await collect(provider.stream(request()))
    await provider.aclose()


async def test_a_rejected_key_names_the_env_var(peer: Peer, retry: RetryPolicy) -> None:
    peer.answers.append(error(401, {"error": {"message": "Incorrect API key provided", "code": "invalid_api_key"}}))
    with pytest.raises(AuthenticationError, match=r"OpenAI rejected the API key \(401\): check providers.api_key / OPENAI_API_KEY"):
        await collect(_provider(peer, retry).stream(request()))


async def test_model_not_found_is_recognised_by_status_or_message(peer: Peer, retry: RetryPolicy) -> None:
    peer.answers.append(error(404, {"error": {"message": "The model `gpt-9` does not exist", "code": "model_not_found"}}))
    with pytest.raises(ModelNotFoundError, match="model 'gpt-9' not found at http://openai.test/v1"):
        await collect(_provider(peer, retry).stream(request(model="gpt-9")))
    peer.answers.append(error(400, {"error": {"message": "model 'qwen9' does not exist"}}))
    with pytest.raises(ModelNotFoundError):
        await collect(_provider(peer, retry).stream(request(model="qwen9")))


async def test_a_bad_request_carries_the_servers_message(peer: Peer, retry: RetryPolicy) -> None:
    peer.answers.append(error(400, {"error": {"message": "Invalid 'messages[1].content': empty"}}))
    with pytest.raises(BadRequestError, match="Invalid 'messages"):
        await collect(_provider(peer, retry).stream(request()))


async def test_openai_without_a_key_fails_at_the_first_call(peer: Peer, retry: RetryPolicy) -> None:
    with pytest.raises(AuthenticationError, match="OPENAI_API_KEY"):
        await collect(_provider(peer, retry, key=None).stream(request()))
    assert peer.requests == []


async def test_a_local_compatible_server_needs_no_key_and_gets_no_authorization(
    peer: Peer, retry: RetryPolicy
) -> None:
    peer.answers.append(sse(TEXT))
    events = await collect(_provider(peer, retry, key=None, name="ollama").stream(request()))
    assert events[-1].message.text == "Hello!"
    assert "authorization" not in peer.requests[0].headers


async def test_a_stop_finish_after_tool_calls_still_means_tool_use(peer: Peer, retry: RetryPolicy) -> None:
    peer.answers.append(sse(TOOLS.replace('"finish_reason":"tool_calls"', '"finish_reason":"stop"')))
    events = await collect(_provider(peer, retry).stream(request()))
    assert events[-1].stop_reason == "tool_use"


async def test_the_official_endpoint_gets_max_completion_tokens() -> None:
    assert OpenAIProvider("openai", "k").url == "https://api.openai.com/v1/chat/completions"


async def test_an_error_sent_as_json_with_status_200_is_still_an_error(peer: Peer, retry: RetryPolicy) -> None:
    peer.answers.append(error(200, {"error": {"message": "max_tokens is too large", "type": "invalid_request_error"}}))
    with pytest.raises(BadRequestError, match="max_tokens is too large"):
        await collect(_provider(peer, retry).stream(request()))


async def test_a_consumer_may_stop_early_and_the_client_stays_usable(peer: Peer, retry: RetryPolicy) -> None:
    peer.answers += [sse(TEXT), sse(TEXT)]
    provider = _provider(peer, retry)
    stream = provider.stream(request())
    async for event in stream:
        if isinstance(event, TextDelta):
            break
    await stream.aclose()  # type: ignore[attr-defined]
    events = await collect(provider.stream(request()))
    assert events[-1].message.text == "Hello!"
