"""Pilot tests: history, completion, attachments, steering, slash commands, resume, dashboard."""

from __future__ import annotations

import json

from a3s_cli.tui.app import A3SApp
from a3s_cli.tui.widgets.assistant_message import AssistantMessage
from a3s_cli.tui.widgets.notice import Notice
from a3s_cli.tui.widgets.tool_block import ToolBlock
from a3s_cli.tui.widgets.user_message import UserMessage
from a3s_core.testing import Reply, ToolCall
from tests.cli.tui.conftest import SIZE, plain, type_text, until

WAIT_FOR_GO = "echo waiting; while [ ! -f go ]; do sleep 0.02; done; echo went"


async def test_history_persists_across_two_app_instances(session_factory, llm, tmp_path):
    llm.add(Reply(text="one"), Reply(text="two"))
    path = tmp_path / "history.txt"
    first = A3SApp(session_factory(), history_path=path)
    async with first.run_test(size=SIZE) as pilot:
        for prompt in ("first prompt", "second\nline"):
            first.prompt.load_text(prompt)
            await pilot.press("enter")
            await until(pilot, lambda: not first.busy)
    assert [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] == ["first prompt",
                                                                                            "second\nline"]
    second = A3SApp(session_factory(), history_path=path)
    async with second.run_test(size=SIZE) as pilot:
        await type_text(pilot, "draft")
        await pilot.press("up")
        assert second.prompt.text == "second\nline"
        await pilot.press("up")  # the cursor is on the last line of a two-line entry: move to the first
        await pilot.press("up")
        assert second.prompt.text == "first prompt"
        await pilot.press("down", "down")
        assert second.prompt.text == "draft"


async def test_slash_opens_command_completion_with_descriptions(session_factory):
    app = A3SApp(session_factory())
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "/")
        assert app.menu.is_open
        values = [c.value for c in app.menu.completions.candidates]
        assert "/help" in values and "/queue" in values
        assert all(c.description for c in app.menu.completions.candidates)
        await type_text(pilot, "qu")
        assert [c.value for c in app.menu.completions.candidates] == ["/queue"]
        await pilot.press("tab")
        assert app.prompt.text == "/queue " and not app.menu.is_open


async def test_slash_queue_toggles_the_dashboard_without_calling_the_model(session_factory, llm):
    app = A3SApp(session_factory())
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "/queue")
        await pilot.press("enter")  # the typed word is complete: Enter sends it
        await until(pilot, lambda: app.dashboard.is_open and not app.busy)
        assert not llm.requests
        assert not app.dashboard.has_focus and app.prompt.has_focus


async def test_slash_clear_clears_the_transcript(session_factory, llm):
    llm.add(Reply(text="an answer"))
    app = A3SApp(session_factory())
    async with app.run_test(size=SIZE) as pilot:
        app.start_turn("hello")
        await until(pilot, lambda: not app.busy and bool(app.transcript.query(AssistantMessage)))
        app.start_turn("/clear")
        await until(pilot, lambda: not app.busy and not app.transcript.query(AssistantMessage))
        assert not app.transcript.query(UserMessage) or app.transcript.query(UserMessage).last().text == "/clear"
        assert "Cleared" in plain(app.transcript.query(Notice).last())


async def test_at_completes_workspace_paths_and_attaches_the_file(session_factory, llm, workspace):
    (workspace / "src").mkdir()
    (workspace / "src" / "main.py").write_text("print('hi')\n", encoding="utf-8")
    llm.add(Reply(text="seen"))
    app = A3SApp(session_factory())
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "explain @sr")
        await pilot.press("tab")
        assert app.prompt.text == "explain @src/"
        await pilot.press("m", "tab")
        assert app.prompt.text == "explain @src/main.py "
        await pilot.press("enter")
        await until(pilot, lambda: not app.busy)
    sent = str(llm.requests[0].body["messages"][0]["content"])
    assert "src/main.py:" in sent and "print('hi')" in sent


async def test_an_image_path_in_the_prompt_attaches_the_image(session_factory, llm, workspace):
    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                        "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4f40000000049454e44ae426082")
    (workspace / "shot.png").write_bytes(png)
    llm.add(Reply(text="a pixel"))
    app = A3SApp(session_factory())
    async with app.run_test(size=SIZE) as pilot:
        app.start_turn("what is in shot.png")
        await until(pilot, lambda: not app.busy)
    content = llm.requests[0].body["messages"][0]["content"]
    assert any(block.get("type") == "image" for block in content)


async def test_a_message_typed_during_a_turn_is_queued_then_joins_it(session_factory, llm, workspace):
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": WAIT_FOR_GO})]), Reply(text="adjusted"))
    app = A3SApp(session_factory(permissive=True))
    async with app.run_test(size=SIZE) as pilot:
        app.start_turn("start")
        await until(pilot, lambda: bool(app.transcript.query(ToolBlock))
                    and "waiting" in app.transcript.query_one(ToolBlock).output)
        await type_text(pilot, "use tabs")
        await pilot.press("enter")
        await until(pilot, lambda: any(m.queued for m in app.transcript.query(UserMessage)))
        (workspace / "go").write_text("", encoding="utf-8")
        await until(pilot, lambda: not app.busy)
        steered = [m for m in app.transcript.query(UserMessage) if m.text == "use tabs"]
        assert len(steered) == 1 and not steered[0].queued
    assert "use tabs" in json.dumps(llm.requests[1].body["messages"][-1])


async def test_the_dashboard_counts_move_while_tools_run(session_factory, llm, workspace):
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": WAIT_FOR_GO})]), Reply(text="ok"))
    app = A3SApp(session_factory(permissive=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        assert app.dashboard.is_open and app.prompt.has_focus
        app.start_turn("go")

        def execute_row() -> list[str]:
            return next(line.split() for line in plain(app.dashboard, 64).splitlines()
                        if line.strip().startswith("execute"))

        await until(pilot, lambda: execute_row()[1:4] == ["0", "1", "0"])  # queued, running, done
        (workspace / "go").write_text("", encoding="utf-8")
        await until(pilot, lambda: execute_row()[1:4] == ["0", "0", "1"], timeout=8)
        assert "bash" in plain(app.dashboard, 64)


async def test_a_resumed_session_redraws_its_transcript_before_the_prompt_gets_focus(session_factory, llm, workspace):
    (workspace / "f.txt").write_text("content\n", encoding="utf-8")
    llm.add(Reply(tool_calls=[ToolCall("read", {"file_path": "f.txt"})]), Reply(text="It says **content**."))
    session = session_factory()
    await session.send("read f.txt")
    app = A3SApp(session, resumed=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [m.text for m in app.transcript.query(UserMessage)] == ["read f.txt"]
        block = app.transcript.query_one(ToolBlock)
        assert block.tool_name == "read" and "content" in block.output and block.status == "done"
        assert app.transcript.query_one(AssistantMessage).source == "It says **content**."
        assert app.prompt.has_focus


async def test_ctrl_c_twice_quits(session_factory):
    app = A3SApp(session_factory())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+c")
        assert app.is_running
        await pilot.press("ctrl+c")
        await until(pilot, lambda: not app.is_running)
    assert app.return_value == 0
