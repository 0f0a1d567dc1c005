"""The scripted server refuses broken requests with a 400, as the real services do, keeping its script."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from a3s_core.testing import Reply, ScriptedLLMServer

if TYPE_CHECKING:
    from conftest import Caller


def _tool_use(tool_id: str) -> dict[str, Any]:
    return {"role": "assistant", "content": [{"type": "tool_use", "id": tool_id, "name": "ls", "input": {}}]}


def _tool_result(tool_id: str) -> dict[str, Any]:
    return {"role": "user", "content": [{"type": "tool_result", "tool_use_id": tool_id, "content": "ok"}]}


def _openai_call(call_id: str) -> dict[str, Any]:
    function = {"name": "ls", "arguments": "{}"}
    return {"role": "assistant", "content": None, "tool_calls": [{"id": call_id, "type": "function", "function": function}]}


def _refusal(response: Any) -> str:
    assert response.status_code == 400
    body = response.json()
    if "type" in body:
        assert body["error"]["type"] == "invalid_request_error"
    return body["error"]["message"]


def test_a_tool_result_without_a_matching_tool_use_gets_400(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Reply("ok"))
    messages = [{"role": "user", "content": "go"}, _tool_use("toolu_a"), _tool_result("toolu_b")]
    message = _refusal(call.anthropic(messages=messages))
    assert "unexpected `tool_use_id` found in `tool_result` blocks: toolu_b" in message
    assert message.startswith("messages.2.content.0")
    assert llm.remaining == 1


def test_a_tool_use_without_its_tool_result_gets_400(llm: ScriptedLLMServer, call: Caller) -> None:
    messages = [{"role": "user", "content": "go"}, _tool_use("toolu_a"), {"role": "user", "content": "next"}]
    assert "`tool_use` ids were found without `tool_result` blocks" in _refusal(call.anthropic(messages=messages))


def test_a_well_formed_tool_round_trip_is_accepted(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Reply("ok"), Reply("ok"))
    messages = [{"role": "user", "content": "go"}, _tool_use("toolu_a"), _tool_result("toolu_a")]
    assert call.anthropic(messages=messages).status_code == 200
    chat = [{"role": "user", "content": "go"}, _openai_call("call_a"),
            {"role": "tool", "tool_call_id": "call_a", "content": "ok"}]
    assert call.openai(messages=chat).status_code == 200


@pytest.mark.parametrize(
    ("body", "headers", "expected"),
    [
        ({"max_tokens": None}, {}, "max_tokens: Field required"),
        ({"model": None}, {}, "model: Field required"),
        ({"messages": None}, {}, "messages: Field required"),
        ({}, {"anthropic-version": None}, "anthropic-version: header is required"),
        ({"messages": [{"role": "system", "content": "x"}]}, {}, "messages.0.role"),
        ({"messages": [{"role": "user", "content": ""}]}, {}, "non-empty content"),
    ],
)
def test_a_broken_anthropic_request_gets_400(
    call: Caller, body: dict[str, Any], headers: dict[str, str | None], expected: str
) -> None:
    payload: dict[str, Any] = {"model": "claude-test", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}
    payload |= body
    payload = {key: value for key, value in payload.items() if value is not None}
    all_headers = {"anthropic-version": "2023-06-01"} | headers
    sent = {key: value for key, value in all_headers.items() if value is not None}
    response = call.client.post(call.server.anthropic_base_url + "/v1/messages", json=payload, headers=sent)
    assert expected in _refusal(response)


def test_a_thinking_block_sent_back_without_its_signature_gets_400(call: Caller) -> None:
    thinking = {"role": "assistant", "content": [{"type": "thinking", "thinking": "hm"}, {"type": "text", "text": "a"}]}
    messages = [{"role": "user", "content": "q"}, thinking, {"role": "user", "content": "more"}]
    assert "thinking.signature: Field required" in _refusal(call.anthropic(messages=messages))


def test_tool_input_sent_back_as_a_string_gets_400(call: Caller) -> None:
    broken = {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "ls", "input": "{bad"}]}
    messages = [{"role": "user", "content": "q"}, broken, _tool_result("t")]
    assert "tool_use.input: Input should be a valid dictionary" in _refusal(call.anthropic(messages=messages))


def test_an_openai_tool_message_with_an_unknown_tool_call_id_gets_400(llm: ScriptedLLMServer, call: Caller) -> None:
    chat = [{"role": "user", "content": "go"}, _openai_call("call_a"),
            {"role": "tool", "tool_call_id": "call_zzz", "content": "ok"}]
    assert "'tool_call_id' of 'call_zzz' not found" in _refusal(call.openai(messages=chat))


def test_an_openai_tool_message_without_a_preceding_tool_call_gets_400(call: Caller) -> None:
    chat = [{"role": "user", "content": "go"}, {"role": "tool", "tool_call_id": "call_a", "content": "ok"}]
    assert "must be a response to a preceeding message with 'tool_calls'" in _refusal(call.openai(messages=chat))


def test_an_openai_tool_call_left_unanswered_gets_400(call: Caller) -> None:
    chat = [{"role": "user", "content": "go"}, _openai_call("call_a"), {"role": "user", "content": "next"}]
    assert "did not have response messages: call_a" in _refusal(call.openai(messages=chat))


def test_an_openai_request_without_messages_gets_400(call: Caller) -> None:
    response = call.client.post(call.server.openai_base_url + "/chat/completions", json={"model": "m"})
    assert _refusal(response) == "Missing required parameter: 'messages'."
    assert response.json()["error"]["param"] == "messages"
