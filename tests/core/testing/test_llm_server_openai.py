"""The scripted server speaks the OpenAI Chat Completions wire protocol."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from a3s_core.testing import Fault, Reply, ScriptedLLMServer, ToolCall
from a3s_core.testing.sse import parse_sse

if TYPE_CHECKING:
    from conftest import Caller


def _chunks(raw: bytes) -> list[Any]:
    events = parse_sse(raw)
    assert all(name is None for name, _ in events)
    assert events[-1][1] == "[DONE]"
    return [data for _, data in events[:-1]]


def _arguments(chunks: list[Any]) -> dict[int, str]:
    by_index: dict[int, str] = {}
    for chunk in chunks:
        for call in (chunk["choices"][0]["delta"].get("tool_calls") or []) if chunk["choices"] else []:
            by_index[call["index"]] = by_index.get(call["index"], "") + call["function"]["arguments"]
    return by_index


def test_openai_text_streams_chunks_then_done(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Reply("Hello, world!"))
    response = call.openai()
    assert response.status_code == 200
    assert response.content.startswith(b"data: {")
    assert response.content.endswith(b"data: [DONE]\n\n")
    chunks = _chunks(response.content)
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
    assert len({c["id"] for c in chunks}) == 1 and chunks[0]["id"].startswith("chatcmpl-")
    assert all("usage" not in c for c in chunks)
    deltas = [c["choices"][0]["delta"] for c in chunks]
    assert deltas[0]["role"] == "assistant"
    assert "".join(d.get("content") or "" for d in deltas) == "Hello, world!"
    assert [c["choices"][0]["finish_reason"] for c in chunks][-2:] == [None, "stop"]
    assert deltas[-1] == {}


def test_openai_usage_chunk_comes_last_when_include_usage_is_set(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Reply("Hi", input_tokens=30, output_tokens=3))
    chunks = _chunks(call.openai(stream_options={"include_usage": True}).content)
    assert all(c["usage"] is None for c in chunks[:-1])
    assert chunks[-1]["choices"] == []
    usage = chunks[-1]["usage"]
    assert (usage["prompt_tokens"], usage["completion_tokens"], usage["total_tokens"]) == (30, 3, 33)


def test_openai_tool_call_pieces_reassemble_to_the_scripted_input(llm: ScriptedLLMServer, call: Caller) -> None:
    calls = [ToolCall("read", {"path": "src/a.py"}), ToolCall("grep", {"pattern": "x+"}, id="call_fixed")]
    llm.add(Reply(tool_calls=calls, chunk_size=5))
    chunks = _chunks(call.openai().content)
    assert chunks[0]["choices"][0]["delta"]["content"] is None
    heads = [c["choices"][0]["delta"]["tool_calls"][0] for c in chunks
             if "id" in (c["choices"][0]["delta"].get("tool_calls") or [{}])[0]]
    assert [h["function"]["name"] for h in heads] == ["read", "grep"]
    assert heads[0]["id"].startswith("call_") and heads[1]["id"] == "call_fixed"
    assert heads[0]["type"] == "function" and heads[0]["function"]["arguments"] == ""
    arguments = _arguments(chunks)
    assert json.loads(arguments[0]) == {"path": "src/a.py"}
    assert json.loads(arguments[1]) == {"pattern": "x+"}
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"


def test_openai_malformed_raw_arguments_are_sent_verbatim(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Reply(tool_calls=[ToolCall("edit", raw_arguments='{"path": "a.py",,')]))
    assert _arguments(_chunks(call.openai().content)) == {0: '{"path": "a.py",,'}


def test_openai_thinking_goes_out_as_reasoning_content(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Reply("Yes.", thinking="Pondering."))
    deltas = [c["choices"][0]["delta"] for c in _chunks(call.openai().content)]
    assert "".join(d.get("reasoning_content", "") for d in deltas) == "Pondering."
    assert "".join(d.get("content") or "" for d in deltas) == "Yes."


def test_openai_stop_reason_override_is_translated(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Reply("cut", stop_reason="max_tokens"))
    assert _chunks(call.openai().content)[-1]["choices"][0]["finish_reason"] == "length"


def test_openai_non_streaming_request_gets_a_chat_completion(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Reply("Done.", tool_calls=[ToolCall("ls", {"path": "."})]))
    completion = call.openai(stream=False).json()
    assert completion["object"] == "chat.completion"
    choice = completion["choices"][0]
    assert choice["message"]["content"] == "Done." and choice["finish_reason"] == "tool_calls"
    tool_call = choice["message"]["tool_calls"][0]
    assert tool_call["type"] == "function" and json.loads(tool_call["function"]["arguments"]) == {"path": "."}
    assert completion["usage"]["total_tokens"] == 15


def test_openai_fault_has_the_error_body_and_retry_after(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Fault(429, retry_after=1, message="Rate limit reached"), Fault(503))
    limited, unavailable = call.openai(), call.openai()
    assert limited.status_code == 429 and limited.headers["retry-after"] == "1"
    error = limited.json()["error"]
    assert error["message"] == "Rate limit reached" and error["code"] == "rate_limit_exceeded"
    assert set(error) == {"message", "type", "param", "code"}
    assert unavailable.status_code == 503 and unavailable.json()["error"]["type"] == "server_error"


def test_openai_stream_error_is_a_data_line_with_an_error_object(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Reply("abcdefgh", stream_error_after=2))
    events = parse_sse(call.openai().content)
    assert len(events) == 3 and "error" in events[-1][1]


def test_openai_request_without_the_right_bearer_key_gets_401(call: Caller) -> None:
    with ScriptedLLMServer([Reply("ok")], api_key="secret") as server:
        call.server = server
        missing = call.openai(headers={"authorization": None})
        wrong = call.openai(headers={"authorization": "Bearer nope"})
        assert missing.status_code == wrong.status_code == 401
        assert wrong.json()["error"]["code"] == "invalid_api_key"
        assert server.remaining == 1
        assert call.openai(headers={"authorization": "Bearer secret"}).status_code == 200


def test_openai_unknown_model_gets_404_model_not_found(call: Caller) -> None:
    with ScriptedLLMServer([Reply("ok")], known_models={"gpt-test"}) as server:
        call.server = server
        response = call.openai(model="gpt-nope")
        assert response.status_code == 404 and response.json()["error"]["code"] == "model_not_found"
        assert server.remaining == 1
