"""/compact and automatic compaction in a session, and /model switches across wire formats."""

from __future__ import annotations

from pathlib import Path

from a3s_core import Agent, SessionOptions, load_config
from a3s_core.compaction import history_problems
from a3s_core.testing import ManualClock, Reply, ToolCall
from tests.conftest import write_config


def make_session(tmp_path: Path, llm, workspace: Path, extra: str = "", **options):
    config = load_config(write_config(tmp_path / "agent.hcl", llm, "anthropic", extra)).config
    return Agent(config, clock=ManualClock()).session(workspace, SessionOptions(permissive=True, **options))


async def chat_with_tools(session, llm, turns: int) -> None:
    for i in range(turns):
        llm.add(
            Reply(tool_calls=[ToolCall("write", {"file_path": f"mod{i}.py", "content": f"x = {i}\n"})]),
            Reply(text=f"wrote mod{i}.py\n\n- [ ] add tests for mod{i}"),
        )
        prompt = "Always use type hints. Write the next module." if i == 0 else f"next module {i}"
        await session.send(prompt)


async def test_compact_summarises_the_middle_and_keeps_pairs_and_pinned_facts(tmp_path, llm, workspace):
    session = make_session(tmp_path, llm, workspace)
    await chat_with_tools(session, llm, 5)
    before = len(session.history)
    llm.add(Reply(text="Wrote mod0-mod2; type hints required."))

    answer = await session.send("/compact")

    assert answer.text.startswith("Compacted ")
    assert len(session.history) < before and history_problems(session.history) == []
    assert session.history[0].content[0].text == "Always use type hints. Write the next module."
    summary = str(session.history[0].content) + str(session.history[1].content)
    assert "Wrote mod0-mod2" in summary and "mod1.py" in summary
    assert "Always use type hints" in summary
    summarizer_call = llm.requests[-1].body
    assert summarizer_call["tools"] == [] if "tools" in summarizer_call else True
    assert "mod1.py" in str(summarizer_call["messages"])
    llm.add(Reply(text="continuing"))
    assert (await session.send("go on")).text == "continuing"  # the server accepted the compacted history


async def test_a_short_conversation_has_nothing_to_compact(tmp_path, llm, workspace):
    session = make_session(tmp_path, llm, workspace)

    assert (await session.send("/compact")).text == "Nothing to compact yet: the conversation is short."
    assert llm.requests == []


async def test_a_turn_near_the_context_limit_compacts_before_its_next_call(tmp_path, llm, workspace):
    extra = (
        'providers {\n  name = "small"\n  protocol = "anthropic"\n  api_key = "k"\n'
        f'  base_url = "{llm.anthropic_base_url}"\n  models {{\n    name = "tiny"\n    context_window = 1000\n  }}\n}}\n'
    )
    session = make_session(tmp_path, llm, workspace, extra, model="small/tiny")
    await chat_with_tools(session, llm, 3)
    llm.add(
        Reply(tool_calls=[ToolCall("ls", {})], input_tokens=900),
        Reply(text="summary of the early work"),
        Reply(text="finished after compaction"),
    )
    kinds: list[str] = []

    async for event in session.stream("one more"):
        kinds.append(event.event_type)

    assert "compacted" in kinds
    assert "summary of the early work" in str(llm.requests[-1].body["messages"])
    assert history_problems(session.history) == []
    assert session.history[-1].text == "finished after compaction"


async def test_switching_models_back_and_forth_keeps_a_tool_conversation_valid(tmp_path, llm, workspace):
    extra = f'providers {{\n  name = "openai"\n  api_key = "k2"\n  base_url = "{llm.openai_base_url}"\n}}\n'
    session = make_session(tmp_path, llm, workspace, extra)
    (workspace / "a.txt").write_text("alpha\n", encoding="utf-8")
    llm.add(
        Reply(thinking="look first", tool_calls=[ToolCall("read", {"file_path": "a.txt"})]), Reply(text="anthropic read it"),
        Reply(tool_calls=[ToolCall("grep", {"pattern": "alpha"})]), Reply(text="openai grepped it"),
        Reply(tool_calls=[ToolCall("ls", {})]), Reply(text="anthropic again"),
    )

    await session.send("read a.txt")
    await session.send("/model openai/gpt-4o")
    await session.send("grep alpha")
    await session.send("/model anthropic/claude-test")
    final = await session.send("list files")

    assert final.text == "anthropic again"
    paths = [r.path for r in llm.requests]
    assert paths == ["/v1/messages"] * 2 + ["/v1/chat/completions"] * 2 + ["/v1/messages"] * 2
    openai_messages = llm.requests[2].body["messages"]
    assert any(m.get("tool_calls") for m in openai_messages) and any(m["role"] == "tool" for m in openai_messages)
    assert history_problems(session.history) == []
