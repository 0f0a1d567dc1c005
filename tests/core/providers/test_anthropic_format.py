from __future__ import annotations

from provider_peer import PNG, anthropic_history

from a3s_core.messages import Message, TextBlock, ThinkingBlock, ToolResultBlock, ToolSpec, ToolUseBlock
from a3s_core.providers.anthropic_format import anthropic_body
from a3s_core.providers.request import ModelRequest


def _body(**kwargs: object) -> dict:
    kwargs.setdefault("messages", anthropic_history())
    return anthropic_body(ModelRequest(model="claude-x", system="Be brief.", **kwargs))  # type: ignore[arg-type]


def test_the_system_prompt_is_top_level_and_the_request_streams() -> None:
    body = _body()
    assert body["system"] == "Be brief."
    assert body["stream"] is True
    assert body["model"] == "claude-x"
    assert [m["role"] for m in body["messages"]] == ["user", "assistant", "user", "assistant"]


def test_images_become_base64_sources() -> None:
    first = _body()["messages"][0]["content"]
    assert first[0] == {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}}
    assert first[1] == {"type": "text", "text": "What is in this picture?"}


def test_thinking_goes_back_unchanged_with_its_signature_and_redacted_data() -> None:
    assistant = _body()["messages"][1]["content"]
    assert assistant[0] == {"type": "thinking", "thinking": "Let me list the files.", "signature": "sig-abc"}
    assert assistant[1] == {"type": "redacted_thinking", "data": "opaque-redacted"}
    assert assistant[3] == {"type": "tool_use", "id": "toolu_01", "name": "bash", "input": {"command": "ls"}}


def test_a_tool_result_with_images_carries_text_and_image_blocks() -> None:
    result = _body()["messages"][2]["content"][0]
    assert result["type"] == "tool_result"
    assert result["tool_use_id"] == "toolu_01"
    assert result["content"][0] == {"type": "text", "text": "a.txt\nb.png"}
    assert result["content"][1]["source"]["data"] == PNG
    assert "is_error" not in result


def test_an_error_result_is_flagged_and_plain_text_stays_a_string() -> None:
    history = [Message("user", [ToolResultBlock("call_1", "boom", is_error=True)])]
    result = _body(messages=history)["messages"][0]["content"][0]
    assert result == {"type": "tool_result", "tool_use_id": "call_1", "content": "boom", "is_error": True}


def test_unsigned_reasoning_from_another_provider_and_empty_text_are_dropped() -> None:
    history = [
        Message.user("hi"),
        Message("assistant", [ThinkingBlock("deepseek reasoning"), TextBlock(""), TextBlock("hello")]),
        Message("assistant", [ThinkingBlock("only reasoning")]),
    ]
    messages = _body(messages=history)["messages"]
    assert messages[1]["content"] == [{"type": "text", "text": "hello"}]
    assert len(messages) == 2


def test_tool_ids_from_other_servers_are_made_acceptable() -> None:
    history = [Message("assistant", [ToolUseBlock("call:7/x", "read", {})])]
    assert _body(messages=history)["messages"][0]["content"][0]["id"] == "call_7_x"


def test_tools_are_sent_with_their_input_schema() -> None:
    schema = {"type": "object", "properties": {"command": {"type": "string"}}}
    body = _body(tools=[ToolSpec("bash", "Run a command", schema)])
    assert body["tools"] == [{"name": "bash", "description": "Run a command", "input_schema": schema}]


def test_thinking_budget_enables_thinking_raises_max_tokens_and_drops_temperature() -> None:
    body = _body(thinking_budget=8000, max_tokens=4000, temperature=0.3)
    assert body["thinking"] == {"type": "enabled", "budget_tokens": 8000}
    assert body["max_tokens"] > 8000
    assert "temperature" not in body


def test_without_thinking_the_temperature_is_sent_and_no_thinking_field() -> None:
    body = _body(thinking_budget=0, temperature=0.3, max_tokens=100)
    assert body["temperature"] == 0.3
    assert body["max_tokens"] == 100
    assert "thinking" not in body


def test_a_tiny_thinking_budget_is_raised_to_the_api_minimum() -> None:
    assert _body(thinking_budget=10, max_tokens=20000)["thinking"]["budget_tokens"] == 1024


def test_thinking_is_skipped_while_a_tool_turn_without_thinking_is_pending() -> None:
    history = [
        Message.user("hi"),
        Message("assistant", [ToolUseBlock("call_1", "ls", {})]),  # e.g. produced by an OpenAI model
        Message("user", [ToolResultBlock("call_1", "a b")]),
    ]
    body = _body(messages=history, thinking_budget=4096, temperature=0.5)
    assert "thinking" not in body
    assert body["temperature"] == 0.5
    assert "thinking" in _body(messages=[*history, Message("assistant", [TextBlock("done")]), Message.user("more")], thinking_budget=4096)
