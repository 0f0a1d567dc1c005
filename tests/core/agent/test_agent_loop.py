"""The agent loop against the scripted LLM server: both wire protocols, real tools, real files."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from a3s_core import Agent, SessionOptions, load_config
from a3s_core.errors import CircuitOpenError, LimitsExceeded, ModelNotFoundError, ServerError
from a3s_core.messages import Message
from a3s_core.testing import Fault, Reply, ScriptedLLMServer, ToolCall
from tests.conftest import write_config
from a3s_core.testing import ManualClock
from tests.support.fakes import RecordingConfirmation


def make_agent(tmp_path: Path, llm: ScriptedLLMServer, protocol: str, extra: str = "", clock: ManualClock | None = None) -> Agent:
    """An agent on a ManualClock: time (retry waits, timeouts, cooldowns) moves only when a test moves it."""
    config = load_config(write_config(tmp_path / "agent.hcl", llm, protocol, extra)).config
    return Agent(config, clock=clock or ManualClock())


def assert_history_is_valid(history: list[Message]) -> None:
    """Roles alternate and every tool_use is answered by the next message."""
    for before, after in zip(history, history[1:]):
        assert before.role != after.role, [m.role for m in history]
    for index, message in enumerate(history):
        if message.role == "assistant" and message.tool_uses:
            answered = {r.tool_use_id for r in history[index + 1].tool_results}
            assert {c.id for c in message.tool_uses} <= answered


async def test_a_text_answer_streams_deltas_and_reports_usage(tmp_path, llm, protocol, workspace):
    llm.add(Reply(text="Hello from the scripted model.", input_tokens=12, output_tokens=7))
    session = make_agent(tmp_path, llm, protocol).session(workspace)

    events = [e async for e in session.stream("hi")]

    kinds = [e.event_type for e in events]
    assert kinds[0] == "turn_start" and kinds[-2:] == ["turn_end", "end"]
    assert "".join(e.text for e in events if e.event_type == "text_delta") == "Hello from the scripted model."
    assert kinds.count("text_delta") > 1
    assert events[-1].usage["input_tokens"] == 12 and events[-1].usage["output_tokens"] == 7


async def test_tool_calls_run_and_their_results_reach_the_model(tmp_path, llm, protocol, workspace):
    (workspace / "notes.txt").write_text("alpha\nbeta\n", encoding="utf-8")
    llm.add(
        Reply(tool_calls=[ToolCall("read", {"file_path": "notes.txt"}), ToolCall("grep", {"pattern": "beta"})]),
        Reply(text="Found it."),
    )
    session = make_agent(tmp_path, llm, protocol).session(workspace)

    result = await session.send("where is beta?")

    assert result.text == "Found it." and result.tool_calls_count == 2
    second = llm.requests[1].body
    sent = str(second["messages"])
    assert "alpha" in sent and "notes.txt" in sent
    assert_history_is_valid(session.history)


async def test_write_edit_and_bash_change_real_files_when_approved(tmp_path, llm, protocol, workspace):
    llm.add(
        Reply(tool_calls=[ToolCall("write", {"file_path": "app.py", "content": "print('hi')\n"})]),
        Reply(tool_calls=[ToolCall("edit", {"file_path": "app.py", "old_string": "hi", "new_string": "bye"})]),
        Reply(tool_calls=[ToolCall("bash", {"command": "python3 app.py"})]),
        Reply(text="Done."),
    )
    confirm = RecordingConfirmation(approved=True)
    session = make_agent(tmp_path, llm, protocol).session(workspace, SessionOptions(confirmation_provider=confirm))

    result = await session.send("make it say bye")

    assert result.text == "Done."
    assert (workspace / "app.py").read_text(encoding="utf-8") == "print('bye')\n"
    assert [r.tool_name for r in confirm.requests] == ["write", "edit", "bash"]
    assert "bye" in str(llm.requests[3].body["messages"][-1])


async def test_a_denied_call_does_not_run_and_the_model_is_told(tmp_path, llm, protocol, workspace):
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "touch created.txt"})]), Reply(text="ok"))
    confirm = RecordingConfirmation(approved=False, reason="not now")
    session = make_agent(tmp_path, llm, protocol).session(workspace, SessionOptions(confirmation_provider=confirm))

    events = [e async for e in session.stream("touch it")]

    assert not (workspace / "created.txt").exists()
    denied = [e for e in events if e.event_type == "permission_denied"]
    assert denied and "not now" in denied[0].text
    assert "denied" in str(llm.requests[1].body["messages"][-1])


async def test_a_deny_rule_blocks_a_call_even_in_permissive_mode(tmp_path, llm, protocol, workspace):
    extra = 'permissions {\n  deny = ["bash(rm *)"]\n}\n'
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "rm -rf keep"})]), Reply(text="ok"))
    (workspace / "keep").mkdir()
    session = make_agent(tmp_path, llm, protocol, extra).session(workspace, SessionOptions(permissive=True))

    await session.send("clean up")

    assert (workspace / "keep").is_dir()
    assert "rm *" in str(llm.requests[1].body["messages"][-1])


async def test_malformed_tool_arguments_are_answered_with_an_error_the_model_can_fix(tmp_path, llm, protocol, workspace):
    (workspace / "a.txt").write_text("content\n", encoding="utf-8")
    llm.add(
        Reply(tool_calls=[ToolCall("read", raw_arguments='{"file_path": "a.txt"')]),
        Reply(tool_calls=[ToolCall("read", {"file_path": "a.txt"})]),
        Reply(text="read it"),
    )
    session = make_agent(tmp_path, llm, protocol).session(workspace)

    result = await session.send("read a.txt")

    assert result.text == "read it"
    assert "not valid JSON" in str(llm.requests[1].body["messages"])
    assert "content" in str(llm.requests[2].body["messages"][-1])
    assert_history_is_valid(session.history)


async def test_an_unknown_tool_is_answered_with_the_list_of_tools(tmp_path, llm, protocol, workspace):
    llm.add(Reply(tool_calls=[ToolCall("teleport", {})]), Reply(text="sorry"))
    session = make_agent(tmp_path, llm, protocol).session(workspace)

    await session.send("go")

    assert "Unknown tool 'teleport'" in str(llm.requests[1].body["messages"])


async def test_max_tool_rounds_stops_the_turn_with_a_clear_error(tmp_path, llm, protocol, workspace):
    llm.add(*[Reply(tool_calls=[ToolCall("ls", {})]) for _ in range(3)])
    session = make_agent(tmp_path, llm, protocol).session(workspace, SessionOptions(max_tool_rounds=3))

    with pytest.raises(LimitsExceeded, match="max_tool_rounds=3"):
        await session.send("loop forever")
    assert_history_is_valid(session.history)


async def test_the_circuit_breaker_opens_after_three_failed_llm_calls(tmp_path, llm, protocol, workspace):
    clock = ManualClock()
    session = make_agent(tmp_path, llm, protocol, clock=clock).session(workspace)

    async def fail_once() -> None:
        llm.add(*[Fault(500, message="boom")] * 5)  # the first try and four provider retries
        sending = asyncio.ensure_future(session.send("try"))
        while not sending.done():  # let every retry wait elapse on the manual clock
            await clock.advance_and_settle(30)
        with pytest.raises(ServerError):
            sending.result()

    for _ in range(3):
        await asyncio.wait_for(fail_once(), 10)
    served = len(llm.requests)

    with pytest.raises(CircuitOpenError, match="3 consecutive failures"):
        await session.send("try again")
    assert len(llm.requests) == served
    clock.advance(31)
    llm.add(Reply(text="back"))
    assert (await session.send("and now")).text == "back"


async def test_cancelling_mid_bash_kills_it_and_leaves_a_valid_history(tmp_path, llm, protocol, workspace):
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "echo started; sleep 30; touch finished"})]))
    session = make_agent(tmp_path, llm, protocol).session(workspace, SessionOptions(permissive=True))

    async def run_until_output() -> None:
        async for event in session.stream("run it"):
            if event.event_type == "tool_output_delta" and "started" in event.text:
                await session.cancel()

    await asyncio.wait_for(run_until_output(), 10)

    assert not (workspace / "finished").exists()
    assert_history_is_valid(session.history)
    assert "Cancelled" in session.history[-1].tool_results[0].content
    llm.add(Reply(text="after"))
    assert (await session.send("next")).text == "after"


async def test_cancelling_mid_stream_keeps_the_partial_answer_and_a_valid_history(tmp_path, llm, protocol, workspace):
    llm.add(Reply(text="a long answer " * 50, chunk_size=5))
    session = make_agent(tmp_path, llm, protocol).session(workspace)

    async def cancel_on_first_delta() -> None:
        async for event in session.stream("talk"):
            if event.event_type == "text_delta":
                await session.cancel()

    await asyncio.wait_for(cancel_on_first_delta(), 10)

    assert session.history[-1].role == "assistant"
    assert "interrupted" in session.history[-1].text
    llm.add(Reply(text="fine"))
    assert (await session.send("continue")).text == "fine"
    assert_history_is_valid(session.history)


async def test_workspace_instructions_and_prompt_slots_reach_the_system_prompt(tmp_path, llm, protocol, workspace):
    (workspace / "AGENTS.md").write_text("Always run make lint.", encoding="utf-8")
    llm.add(Reply(text="ok"))
    options = SessionOptions(role="You are a Rust expert", guidelines="No unwrap().", extra="Uses tokio.")
    session = make_agent(tmp_path, llm, protocol).session(workspace, options)

    await session.send("hi")

    body = llm.requests[0].body
    system = body["system"] if protocol == "anthropic" else body["messages"][0]["content"]
    system = str(system)
    for expected in ("You are a Rust expert", "## Guidelines", "No unwrap().", "Uses tokio.", "Always run make lint."):
        assert expected in system
    assert "You are A3S Code" not in system


async def test_provider_headers_from_the_config_are_sent_with_every_request(tmp_path, llm, workspace):
    config_path = tmp_path / "agent.hcl"
    config_path.write_text(
        'default_model = "openrouter/some/model"\n'
        "providers {\n"
        '  name     = "openrouter"\n'
        '  api_key  = "test-key"\n'
        f'  base_url = "{llm.openai_base_url}"\n'
        '  headers  = { "HTTP-Referer" = "https://example.test/app" }\n'
        "  timeout  = 30\n"
        "}\n",
        encoding="utf-8",
    )
    llm.add(Reply(text="ok"))
    session = Agent(load_config(config_path).config, clock=ManualClock()).session(workspace)

    await session.send("hi")

    request = llm.requests[0]
    assert request.headers["http-referer"] == "https://example.test/app"
    assert request.headers["authorization"] == "Bearer test-key"
    assert request.body["model"] == "some/model"


async def test_extended_thinking_streams_reasoning_and_sends_the_signed_block_back(tmp_path, llm, workspace):
    llm.add(
        Reply(thinking="Let me list the files.", thinking_signature="sig-abc", tool_calls=[ToolCall("ls", {})]),
        Reply(text="There is nothing here."),
    )
    session = make_agent(tmp_path, llm, "anthropic", "thinking_budget = 2048\n").session(workspace)

    events = [e async for e in session.stream("what is here?")]

    reasoning = "".join(e.text for e in events if e.event_type == "reasoning_delta")
    assert reasoning == "Let me list the files."
    first = llm.requests[0].body
    assert first["thinking"] == {"type": "enabled", "budget_tokens": 2048}
    assert first["max_tokens"] > 2048
    echoed = llm.requests[1].body["messages"][1]["content"][0]
    assert echoed == {"type": "thinking", "thinking": "Let me list the files.", "signature": "sig-abc"}


async def test_a_tool_that_outlives_the_per_tool_timeout_is_stopped_and_reported(tmp_path, llm, protocol, workspace):
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "echo started; sleep 20; touch late"})]), Reply(text="it hung"))
    clock = ManualClock()
    session = make_agent(tmp_path, llm, protocol, clock=clock).session(workspace, SessionOptions(permissive=True, tool_timeout=0.3))

    async def run() -> list[str]:
        kinds = []
        async for event in session.stream("run it"):
            kinds.append(event.event_type)
            if event.event_type == "tool_output_delta" and "started" in event.text:
                clock.advance(0.3)
        return kinds

    kinds = await asyncio.wait_for(run(), 10)

    told = str(llm.requests[1].body["messages"][-1])
    assert "timed out" in told and "0.3 s" in told
    assert "task_timeout" in kinds
    assert not (workspace / "late").exists()


async def test_an_image_in_the_prompt_reaches_the_model_in_its_wire_format(tmp_path, llm, protocol, workspace):
    from a3s_core.messages import ImageBlock

    llm.add(Reply(text="a red pixel"))
    session = make_agent(tmp_path, llm, protocol).session(workspace)
    pixel = ImageBlock("image/png", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")

    await session.send("what is this?", images=[pixel])

    sent = str(llm.requests[0].body["messages"][-1])
    assert ("base64" in sent) and ("iVBORw0KGgo" in sent)
    assert ("image_url" in sent) == (protocol == "openai")


async def test_an_unknown_model_fails_the_turn_with_a_message_naming_it(tmp_path, workspace, protocol):
    with ScriptedLLMServer(known_models={"real-model"}) as server:
        session = make_agent(tmp_path, server, protocol).session(workspace)
        with pytest.raises(ModelNotFoundError, match="test"):
            await session.send("hi")


async def test_cancel_ends_a_running_send_with_a_cancelled_result(tmp_path, llm, workspace):
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "echo go; sleep 30"})]))
    session = make_agent(tmp_path, llm, "openai").session(workspace, SessionOptions(permissive=True))
    sending = asyncio.create_task(session.send("run"))
    await asyncio.wait_for(asyncio.to_thread(llm.wait_for_requests, 1), 5)
    while not await session.cancel():
        await asyncio.sleep(0)  # yield until the turn task has started

    result = await asyncio.wait_for(sending, 10)

    assert result.stop_reason == "cancelled"
    assert_history_is_valid(session.history)


async def test_a_patch_from_the_model_asks_with_its_diff_and_changes_several_files(tmp_path, llm, protocol, workspace):
    (workspace / "a.py").write_text("x = 1\n", encoding="utf-8")
    (workspace / "b.py").write_text("y = 2\n", encoding="utf-8")
    diff = "--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-x = 1\n+x = 10\n--- a/b.py\n+++ b/b.py\n@@ -1 +1 @@\n-y = 2\n+y = 20\n"
    llm.add(Reply(tool_calls=[ToolCall("patch", {"patch": diff})]), Reply(text="patched"))
    confirm = RecordingConfirmation(approved=True)
    session = make_agent(tmp_path, llm, protocol).session(workspace, SessionOptions(confirmation_provider=confirm))

    await session.send("bump both")

    assert (workspace / "a.py").read_text(encoding="utf-8") == "x = 10\n"
    assert (workspace / "b.py").read_text(encoding="utf-8") == "y = 20\n"
    assert confirm.requests[0].subject == "a.py,b.py" and "+x = 10" in confirm.requests[0].preview["diff"]
