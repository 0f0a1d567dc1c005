from __future__ import annotations

import json

from provider_peer import PNG, anthropic_history

from a3s_core.messages import Message, ToolResultBlock, ToolSpec, ToolUseBlock
from a3s_core.providers.openai_format import openai_body
from a3s_core.providers.request import ModelRequest


def _body(**kwargs: object) -> dict:
    kwargs.setdefault("messages", anthropic_history())
    return openai_body(ModelRequest(model="gpt-x", system="Be brief.", **kwargs))  # type: ignore[arg-type]


def test_the_system_prompt_is_the_first_message_and_usage_is_requested() -> None:
    body = _body()
    assert body["messages"][0] == {"role": "system", "content": "Be brief."}
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}


def test_an_anthropic_history_converts_to_alternating_chat_messages() -> None:
    roles = [m["role"] for m in _body()["messages"]]
    assert roles == ["system", "user", "assistant", "tool", "user", "assistant"]


def test_user_images_become_data_urls() -> None:
    user = _body()["messages"][1]
    assert user["content"][0] == {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}}
    assert user["content"][1] == {"type": "text", "text": "What is in this picture?"}


def test_thinking_is_dropped_and_tool_uses_become_tool_calls() -> None:
    assistant = _body()["messages"][2]
    assert assistant["content"] == "I'll look."
    assert assistant["tool_calls"] == [
        {"id": "toolu_01", "type": "function", "function": {"name": "bash", "arguments": '{"command": "ls"}'}}
    ]
    assert "opaque-redacted" not in json.dumps(_body())
    assert "Let me list" not in json.dumps(_body())


def test_tool_results_become_tool_messages_and_their_images_follow_in_a_user_message() -> None:
    messages = _body()["messages"]
    assert messages[3] == {"role": "tool", "tool_call_id": "toolu_01", "content": "a.txt\nb.png"}
    follow = messages[4]["content"]
    assert follow[0]["text"] == "Images returned by tool call toolu_01:"
    assert follow[1]["image_url"]["url"].endswith(PNG)
    assert follow[2] == {"type": "text", "text": "Also check b."}


def test_an_assistant_turn_with_only_tool_calls_has_null_content() -> None:
    history = [Message("assistant", [ToolUseBlock("c1", "ls", {})])]
    assistant = _body(messages=history)["messages"][1]
    assert assistant["content"] is None
    assert assistant["tool_calls"][0]["function"]["arguments"] == "{}"


def test_an_error_result_says_so_in_the_tool_message() -> None:
    history = [Message("user", [ToolResultBlock("c1", "no such file", is_error=True)])]
    assert _body(messages=history)["messages"][1]["content"] == "Error: no such file"


def test_text_only_user_content_is_a_plain_string() -> None:
    assert _body(messages=[Message.user("hi")])["messages"][1] == {"role": "user", "content": "hi"}


def test_tools_are_function_tools_with_parameters() -> None:
    schema = {"type": "object", "properties": {}}
    body = _body(tools=[ToolSpec("ls", "List files", schema)])
    assert body["tools"] == [
        {"type": "function", "function": {"name": "ls", "description": "List files", "parameters": schema}}
    ]


def test_max_tokens_uses_the_field_name_asked_for_and_temperature_is_optional() -> None:
    request = ModelRequest(model="m", system="", messages=[Message.user("x")], max_tokens=50)
    assert openai_body(request)["max_tokens"] == 50
    official = openai_body(request, max_tokens_field="max_completion_tokens")
    assert official["max_completion_tokens"] == 50 and "max_tokens" not in official
    assert "temperature" not in official
    assert official["messages"][0]["role"] == "user"  # no empty system message
