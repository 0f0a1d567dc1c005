"""AnthropicProvider against real Messages API response bytes (as documented by Anthropic)."""

from __future__ import annotations

import pytest
from provider_peer import Peer, RecordingSleep, collect, cut_sse, error, request, sse

from a3s_core.errors import (
    AuthenticationError,
    BadRequestError,
    ModelNotFoundError,
    ProviderConnectionError,
    ServerError,
)
from a3s_core.messages import TextBlock, ThinkingBlock, ToolUseBlock
from a3s_core.providers.anthropic import AnthropicProvider
from a3s_core.providers.events import (
    ReasoningDelta,
    ResponseComplete,
    StreamRetry,
    TextDelta,
    ToolCallDelta,
    ToolCallStarted,
)
from a3s_core.providers.retry import RetryPolicy

TEXT = """event: message_start
data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-x","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":3,"cache_read_input_tokens":7,"output_tokens":1}}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

event: ping
data: {"type": "ping"}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

event: message_stop
data: {"type":"message_stop"}

"""

THINKING_AND_TOOL = """event: message_start
data: {"type":"message_start","message":{"id":"msg_2","type":"message","role":"assistant","content":[],"model":"claude-x","usage":{"input_tokens":50,"output_tokens":1}}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"I should list "}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"the files."}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"}}

event: content_block_stop
data: {"type":"content_block_stop","index":1}

event: content_block_start
data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"bash","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"command\\": \\"l"}}

event: content_block_delta
data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"s -la\\"}"}}

event: content_block_stop
data: {"type":"content_block_stop","index":2}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

event: message_stop
data: {"type":"message_stop"}

"""

OVERLOADED = 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n'


def _provider(peer: Peer, retry: RetryPolicy, key: str | None = "sk-ant-test") -> AnthropicProvider:
    return AnthropicProvider("anthropic", key, "http://anthropic.test/", client=peer.client(), retry=retry)


async def test_streamed_text_arrives_as_deltas_and_one_final_message(peer: Peer, retry: RetryPolicy) -> None:
    peer.answers.append(sse(TEXT))
    events = await collect(_provider(peer, retry).stream(request()))
    assert [e.text for e in events if isinstance(e, TextDelta)] == ["Hello", "!"]
    final = events[-1]
    assert isinstance(final, ResponseComplete)
    assert [e for e in events if isinstance(e, ResponseComplete)] == [final]
    assert final.message.role == "assistant"
    assert final.message.content == [TextBlock("Hello!")]
    assert final.stop_reason == "end_turn"
    assert (final.usage.input_tokens, final.usage.output_tokens) == (25, 15)
    assert (final.usage.cache_read_tokens, final.usage.cache_write_tokens) == (7, 3)


async def test_the_request_goes_to_v1_messages_with_key_and_version_headers(
    peer: Peer, retry: RetryPolicy
) -> None:
    peer.answers.append(sse(TEXT))
    await collect(_provider(peer, retry).stream(request("hi there")))
    sent = peer.requests[0]
    assert sent.path == "/v1/messages"
    assert sent.headers["x-api-key"] == "sk-ant-test"
    assert sent.headers["anthropic-version"] == "2023-06-01"
    assert "authorization" not in sent.headers
    assert sent.body["messages"] == [{"role": "user", "content": [{"type": "text", "text": "hi there"}]}]


async def test_thinking_signature_redacted_block_and_tool_call_are_assembled(
    peer: Peer, retry: RetryPolicy
) -> None:
    peer.answers.append(sse(THINKING_AND_TOOL))
    events = await collect(_provider(peer, retry).stream(request(thinking_budget=2048)))
    assert [e.text for e in events if isinstance(e, ReasoningDelta)] == ["I should list ", "the files."]
    assert ToolCallStarted("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "bash") in events
    pieces = [e.partial_json for e in events if isinstance(e, ToolCallDelta)]
    assert "".join(pieces) == '{"command": "ls -la"}'
    final = events[-1]
    assert final.stop_reason == "tool_use"
    assert final.message.content == [
        ThinkingBlock("I should list the files.", "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"),
        ThinkingBlock("", None, redacted_data="EmwKAhgBEgy3va3pzix"),
        ToolUseBlock("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "bash", {"command": "ls -la"}),
    ]
    assert peer.requests[0].body["thinking"] == {"type": "enabled", "budget_tokens": 2048}


async def test_malformed_tool_arguments_keep_the_raw_text_and_the_parse_error(
    peer: Peer, retry: RetryPolicy
) -> None:
    broken = THINKING_AND_TOOL.replace('s -la\\"}', "s -la")
    peer.answers.append(sse(broken))
    events = await collect(_provider(peer, retry).stream(request()))
    call = events[-1].message.tool_uses[0]
    assert call.input == {}
    assert call.raw_arguments == '{"command": "ls -la'
    assert call.parse_error and "Unterminated string" in call.parse_error


async def test_a_429_is_retried_after_the_servers_retry_after(
    peer: Peer, retry: RetryPolicy, sleep: RecordingSleep
) -> None:
    limited = {"type": "error", "error": {"type": "rate_limit_error", "message": "Slow down"}}
    peer.answers += [error(429, limited, {"retry-after": "3"}), sse(TEXT)]
    events = await collect(_provider(peer, retry).stream(request()))
    retries = [e for e in events if isinstance(e, StreamRetry)]
    assert retries == [StreamRetry(1, 3.0, "HTTP 429: Slow down")]
    assert sleep.delays == [3.0]
    assert events[-1].message.text == "Hello!"
    assert len(peer.requests) == 2


async def test_overloaded_529_and_500_back_off_exponentially(
    peer: Peer, retry: RetryPolicy, sleep: RecordingSleep
) -> None:
    overloaded = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    peer.answers += [error(529, overloaded), error(500, {"type": "error"}), sse(TEXT)]
    events = await collect(_provider(peer, retry).stream(request()))
    assert sleep.delays == [1.0, 2.0]
    assert [e.attempt for e in events if isinstance(e, StreamRetry)] == [1, 2]
    assert isinstance(events[-1], ResponseComplete)


async def test_an_overloaded_error_event_mid_stream_is_retried(
    peer: Peer, retry: RetryPolicy, sleep: RecordingSleep
) -> None:
    head = TEXT.split("event: content_block_stop")[0]
    peer.answers += [sse(head + OVERLOADED), sse(TEXT)]
    events = await collect(_provider(peer, retry).stream(request()))
    assert "Overloaded" in next(e for e in events if isinstance(e, StreamRetry)).reason
    assert events[-1].message.text == "Hello!"


async def test_a_stream_cut_before_message_stop_is_retried(
    peer: Peer, retry: RetryPolicy, sleep: RecordingSleep
) -> None:
    head = TEXT.split("event: content_block_stop")[0]
    peer.answers += [cut_sse(head), sse(head), sse(TEXT)]
    events = await collect(_provider(peer, retry).stream(request()))
    assert [e.reason.split(":")[0] for e in events if isinstance(e, StreamRetry)] == [
        "connection error",
        "stream cut",
    ]
    assert events[-1].message.text == "Hello!"


async def test_exhausted_retries_raise_the_matching_error(peer: Peer, retry: RetryPolicy) -> None:
    peer.answers += [error(503, {"type": "error"})] * 3
    with pytest.raises(ServerError) as caught:
        await collect(_provider(peer, retry).stream(request()))
    assert caught.value.status == 503
    assert len(peer.requests) == 3


async def test_a_cut_stream_on_every_attempt_is_a_connection_error(peer: Peer, retry: RetryPolicy) -> None:
    peer.answers += [cut_sse(TEXT[:200])] * 3
    with pytest.raises(ProviderConnectionError, match="stream cut|peer closed"):
        await collect(_provider(peer, retry).stream(request()))


async def test_a_rejected_key_is_not_retried_and_says_what_to_set(
    peer: Peer, retry: RetryPolicy, sleep: RecordingSleep
) -> None:
    invalid = {"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}}
    peer.answers.append(error(401, invalid))
    with pytest.raises(AuthenticationError) as caught:
        await collect(_provider(peer, retry).stream(request()))
    assert str(caught.value).startswith(
        "Anthropic rejected the API key (401): check providers.api_key / ANTHROPIC_API_KEY"
    )
    assert sleep.delays == []


async def test_an_unknown_model_names_the_model_and_the_server(peer: Peer, retry: RetryPolicy) -> None:
    missing = {"type": "error", "error": {"type": "not_found_error", "message": "model: claude-nope"}}
    peer.answers.append(error(404, missing))
    with pytest.raises(ModelNotFoundError) as caught:
        await collect(_provider(peer, retry).stream(request(model="claude-nope")))
    assert "model 'claude-nope' not found at http://anthropic.test; check default_model / -m" in str(caught.value)


async def test_a_bad_request_carries_the_servers_message(peer: Peer, retry: RetryPolicy) -> None:
    bad = {"type": "error", "error": {"type": "invalid_request_error", "message": "messages: at least one message is required"}}
    peer.answers.append(error(400, bad))
    with pytest.raises(BadRequestError, match="at least one message is required"):
        await collect(_provider(peer, retry).stream(request()))


async def test_a_missing_key_fails_at_the_first_call_without_sending_anything(
    peer: Peer, retry: RetryPolicy
) -> None:
    provider = _provider(peer, retry, key=None)
    with pytest.raises(AuthenticationError, match="ANTHROPIC_API_KEY"):
        await collect(provider.stream(request()))
    assert peer.requests == []


async def test_a_base_url_ending_in_v1_is_forgiven() -> None:
    provider = AnthropicProvider("anthropic", "k", "https://proxy.example/v1/")
    assert provider.url == "https://proxy.example/v1/messages"
    await provider.aclose()
