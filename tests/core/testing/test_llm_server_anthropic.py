"""The scripted server speaks the Anthropic Messages wire protocol."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from a3s_core.testing import Fault, Reply, ScriptedLLMServer, ToolCall
from a3s_core.testing.sse import parse_sse

if TYPE_CHECKING:
    from conftest import Caller


def _deltas(events: list, kind: str, key: str) -> str:
    return "".join(d["delta"][key] for _, d in events if d["type"] == "content_block_delta" and d["delta"]["type"] == kind)


def test_anthropic_text_streams_events_in_the_real_order(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Reply("Hello, world!", input_tokens=42, output_tokens=7))
    response = call.anthropic()
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
    events = parse_sse(response.content)
    names = [name for name, _ in events]
    assert names == ["message_start", "content_block_start", "ping", *["content_block_delta"] * 4,
                     "content_block_stop", "message_delta", "message_stop"]
    assert all(name == data["type"] for name, data in events)
    start = events[0][1]["message"]
    assert start["id"].startswith("msg_") and start["model"] == "claude-test" and start["content"] == []
    assert start["usage"]["input_tokens"] == 42
    assert events[1][1]["content_block"] == {"type": "text", "text": ""}
    assert _deltas(events, "text_delta", "text") == "Hello, world!"
    assert events[-2][1]["delta"] == {"stop_reason": "end_turn", "stop_sequence": None}
    assert events[-2][1]["usage"] == {"output_tokens": 7}


def test_anthropic_tool_arguments_reassemble_to_the_scripted_input(llm: ScriptedLLMServer, call: Caller) -> None:
    calls = [ToolCall("read", {"path": "src/a.py", "limit": 10}), ToolCall("ls", {}, id="toolu_fixed")]
    llm.add(Reply("Let me look.", tool_calls=calls, chunk_size=3))
    events = parse_sse(call.anthropic().content)
    starts = [d for _, d in events if d["type"] == "content_block_start"]
    assert [s["content_block"]["type"] for s in starts] == ["text", "tool_use", "tool_use"]
    first, second = starts[1]["content_block"], starts[2]["content_block"]
    assert first["id"].startswith("toolu_") and first["name"] == "read" and first["input"] == {}
    assert second["id"] == "toolu_fixed"
    by_index: dict[int, str] = {}
    for _, d in events:
        if d["type"] == "content_block_delta" and d["delta"]["type"] == "input_json_delta":
            by_index[d["index"]] = by_index.get(d["index"], "") + d["delta"]["partial_json"]
    assert json.loads(by_index[1]) == {"path": "src/a.py", "limit": 10}
    assert json.loads(by_index[2]) == {}
    assert [d for _, d in events if d["type"] == "message_delta"][0]["delta"]["stop_reason"] == "tool_use"


def test_anthropic_malformed_raw_arguments_are_sent_verbatim(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Reply(tool_calls=[ToolCall("edit", raw_arguments='{"path": "a.py", "old')]))
    events = parse_sse(call.anthropic().content)
    assert _deltas(events, "input_json_delta", "partial_json") == '{"path": "a.py", "old'


def test_anthropic_thinking_block_comes_first_with_its_signature(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Reply("Answer.", thinking="Let me think about it.", thinking_signature="sig-abc"))
    events = parse_sse(call.anthropic().content)
    thinking = [d for _, d in events if d.get("index") == 0]
    assert thinking[0]["content_block"]["type"] == "thinking"
    assert _deltas(events, "thinking_delta", "thinking") == "Let me think about it."
    assert thinking[-2]["delta"] == {"type": "signature_delta", "signature": "sig-abc"}
    assert thinking[-1]["type"] == "content_block_stop"
    assert _deltas(events, "text_delta", "text") == "Answer."


def test_anthropic_non_streaming_request_gets_one_message_object(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Reply("Done.", tool_calls=[ToolCall("ls", {"path": "."})], thinking="hm", stop_reason="max_tokens"))
    message = call.anthropic(stream=False).json()
    assert message["type"] == "message" and message["role"] == "assistant"
    assert [block["type"] for block in message["content"]] == ["thinking", "text", "tool_use"]
    assert message["content"][2]["input"] == {"path": "."}
    assert message["stop_reason"] == "max_tokens"
    assert message["usage"]["input_tokens"] == 10 and message["usage"]["output_tokens"] == 5


def test_anthropic_fault_has_the_error_body_and_retry_after(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Fault(429, retry_after=2, message="slow down"), Fault(529), Fault(500, retry_after=0.25))
    first, second, third = call.anthropic(), call.anthropic(), call.anthropic()
    assert first.status_code == 429 and first.headers["retry-after"] == "2"
    assert first.json()["type"] == "error"
    assert first.json()["error"] == {"type": "rate_limit_error", "message": "slow down"}
    assert second.status_code == 529 and second.json()["error"]["type"] == "overloaded_error"
    assert "retry-after" not in second.headers
    assert third.json()["error"]["type"] == "api_error" and third.headers["retry-after"] == "0.25"


def test_anthropic_stream_error_event_reports_overload(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Reply("abcdefgh", stream_error_after=3))
    events = parse_sse(call.anthropic().content)
    assert [name for name, _ in events] == ["message_start", "content_block_start", "ping", "error"]
    assert events[-1][1]["error"]["type"] == "overloaded_error"


def test_anthropic_request_without_the_right_key_gets_401_and_keeps_the_script(call: Caller) -> None:
    with ScriptedLLMServer([Reply("ok")], api_key="secret") as server:
        call.server = server
        missing = call.anthropic(headers={"x-api-key": None})
        wrong = call.anthropic(headers={"x-api-key": "nope"})
        assert missing.status_code == wrong.status_code == 401
        assert wrong.json()["error"]["type"] == "authentication_error"
        assert server.remaining == 1
        assert call.anthropic(headers={"x-api-key": "secret"}).status_code == 200


def test_anthropic_unknown_model_gets_404_not_found(call: Caller) -> None:
    with ScriptedLLMServer([Reply("ok")], known_models={"claude-test"}) as server:
        call.server = server
        response = call.anthropic(model="claude-nope")
        assert response.status_code == 404
        assert response.json()["error"] == {"type": "not_found_error", "message": "model: claude-nope"}
        assert call.anthropic().status_code == 200
