"""Slash commands, mid-turn steering, cost and context figures of a session."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from a3s_core import Agent, SessionOptions, load_config
from a3s_core.errors import A3SError
from a3s_core.testing import ManualClock, Reply, ScriptedLLMServer, ToolCall
from tests.conftest import write_config


def make_session(tmp_path: Path, llm: ScriptedLLMServer, workspace: Path, extra: str = "", protocol: str = "anthropic", **options):
    config = load_config(write_config(tmp_path / "agent.hcl", llm, protocol, extra)).config
    return Agent(config, clock=ManualClock()).session(workspace, SessionOptions(**options))


async def test_a_slash_command_is_answered_without_calling_the_llm(tmp_path, llm, workspace):
    session = make_session(tmp_path, llm, workspace)

    events = [e async for e in session.stream("/help")]

    assert [e.event_type for e in events] == ["command_result", "end"]
    assert "/model [provider/model]" in events[0].text and "/clear" in events[0].text
    assert llm.requests == []


async def test_an_unknown_command_points_to_help(tmp_path, llm, workspace):
    session = make_session(tmp_path, llm, workspace)

    result = await session.send("/frobnicate now")

    assert result.text == "Unknown command: /frobnicate - type /help"


async def test_a_path_is_a_prompt_not_a_command(tmp_path, llm, workspace):
    llm.add(Reply(text="that path is fine"))
    session = make_session(tmp_path, llm, workspace)

    assert (await session.send("/usr/bin/env is missing")).text == "that path is fine"


async def test_registered_commands_get_the_seeds_context(tmp_path, llm, workspace):
    llm.add(Reply(text="hi"))
    session = make_session(tmp_path, llm, workspace)
    await session.send("hello")
    session.register_command("status", "Show session status",
                             lambda args, ctx: f"Model: {ctx['model']}, History: {ctx['history_len']} msgs")

    result = await session.send("/status")

    assert result.text == "Model: anthropic/claude-test, History: 2 msgs"
    assert {"name": "status", "description": "Show session status", "usage": "/status"} in session.list_commands()


async def test_model_switches_provider_and_model_and_clear_empties_the_history(tmp_path, llm, workspace):
    extra = f'providers {{\n  name = "openai"\n  api_key = "k2"\n  base_url = "{llm.openai_base_url}"\n}}\n'
    llm.add(Reply(tool_calls=[ToolCall("ls", {})]), Reply(text="anthropic says hi"), Reply(text="openai says hi"))
    session = make_session(tmp_path, llm, workspace, extra)
    await session.send("first")

    switched = await session.send("/model openai/gpt-4o")
    answer = await session.send("second")

    assert switched.text == "Switched model: anthropic/claude-test -> openai/gpt-4o"
    assert answer.text == "openai says hi" and llm.requests[2].body["model"] == "gpt-4o"
    assert (await session.send("/model nosuch/x")).text.startswith("Cannot switch to nosuch/x")
    assert (await session.send("/clear")).text == "Cleared 6 messages; the next prompt starts a fresh conversation."
    assert session.history == []


async def test_queue_command_reports_lanes_and_asks_front_ends_to_toggle_the_dashboard(tmp_path, llm, workspace):
    session = make_session(tmp_path, llm, workspace)

    events = [e async for e in session.stream("/queue")]

    assert events[0].metadata["action"] == "toggle_queue"
    assert "generate" in events[0].text and "External tasks waiting: 0" in events[0].text


async def test_a_message_sent_mid_turn_joins_the_running_turn(tmp_path, llm, workspace):
    llm.add(
        Reply(tool_calls=[ToolCall("bash", {"command": "echo working; read line < gate.fifo"})]),
        Reply(text="done, and I saw your note"),
    )
    import os

    os.mkfifo(workspace / "gate.fifo")
    session = make_session(tmp_path, llm, workspace, permissive=True)
    kinds = []

    async def run() -> None:
        async for event in session.stream("work"):
            kinds.append(event.event_type)
            if event.event_type == "tool_output_delta":
                assert session.steer("also update the README") is True
                await asyncio.to_thread((workspace / "gate.fifo").write_text, "go\n")

    await asyncio.wait_for(run(), 10)

    assert kinds.index("message_queued") < kinds.index("message_injected") < kinds.index("turn_end")
    last_user = llm.requests[1].body["messages"][-1]["content"]
    assert last_user[0]["type"] == "tool_result" and last_user[-1] == {"type": "text", "text": "also update the README"}
    assert session.steer("too late") is False


async def test_steering_after_the_final_answer_starts_another_step(tmp_path, llm, workspace):
    llm.add(Reply(text="first answer", chunk_size=2), Reply(text="second answer"))
    session = make_session(tmp_path, llm, workspace)

    async def run() -> str:
        steered = False
        async for event in session.stream("go"):
            if event.event_type == "text_delta" and not steered:
                steered = session.steer("and one more thing")
            if event.event_type == "turn_end":
                return event.text
        return ""

    assert await asyncio.wait_for(run(), 10) == "second answer"
    assert llm.requests[1].body["messages"][-1]["content"] == [{"type": "text", "text": "and one more thing"}]


async def test_a_second_turn_while_one_runs_is_refused_with_a_hint(tmp_path, llm, workspace):
    llm.add(Reply(text="slow " * 20, chunk_size=1))
    session = make_session(tmp_path, llm, workspace)

    stream = session.stream("one")
    await stream.__anext__()  # turn_start: the turn is running

    with pytest.raises(A3SError, match="steer"):
        await session.send("two")
    assert (await session.send("/history")).text.startswith("Turns: 1")
    await stream.aclose()


async def test_cost_and_context_use_follow_the_model_and_its_config(tmp_path, llm, workspace):
    extra = 'providers {\n  name = "priced"\n  api_key = "k"\n  base_url = "http://127.0.0.1:9/v1"\n  models {\n    name = "m"\n    context_window = 1000\n    cost {\n      input = 1000\n      output = 2000\n    }\n  }\n}\n'
    llm.add(Reply(text="ok", input_tokens=100, output_tokens=50))
    session = make_session(tmp_path, llm, workspace, extra)

    await session.send("hi")

    assert session.cost() is None  # claude-test is in no price table and the config gives it none
    session.set_model("anthropic/claude-sonnet-4-20250514")
    assert session.cost() == pytest.approx((100 * 3.0 + 50 * 15.0) / 1_000_000)  # the built-in table
    assert session.context_used() == pytest.approx(100 / 200_000)
    session.set_model("priced/m")
    assert session.cost() == pytest.approx((100 * 1000 + 50 * 2000) / 1_000_000)
    assert session.context_used() == pytest.approx(0.1)


async def test_an_unknown_model_has_no_cost_rather_than_a_wrong_one(tmp_path, llm, workspace):
    llm.add(Reply(text="ok"))
    session = make_session(tmp_path, llm, workspace, protocol="openai")  # gpt-test: not in the table

    await session.send("hi")

    assert session.cost() is None and session.context_used() is None


async def test_cost_reports_tokens_by_kind_and_money_from_the_price_table(tmp_path, llm, workspace):
    llm.add(Reply(text="ok", input_tokens=1000, output_tokens=500))
    session = make_session(tmp_path, llm, workspace)
    session.set_model("anthropic/claude-sonnet-4-20250514")
    await session.send("hi")

    text = (await session.send("/cost")).text

    assert "input" in text and "1,000 tokens" in text and "$0.0030" in text
    assert "output" in text and "500 tokens" in text and "$0.0075" in text
    assert "Total: $0.0105" in text


async def test_cost_says_how_to_price_an_unknown_model(tmp_path, llm, workspace):
    session = make_session(tmp_path, llm, workspace, protocol="openai")

    assert "add a cost {} block" in (await session.send("/cost")).text
