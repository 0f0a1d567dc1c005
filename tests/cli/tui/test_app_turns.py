"""Pilot tests: prompts, streamed answers, tools, confirmations, interrupts."""

from __future__ import annotations

from a3s_cli.tui.app import A3SApp
from a3s_cli.tui.screens.confirm import ConfirmScreen
from a3s_cli.tui.widgets.assistant_message import AssistantMessage
from a3s_cli.tui.widgets.notice import Notice
from a3s_cli.tui.widgets.tool_block import ToolBlock
from a3s_cli.tui.widgets.user_message import UserMessage
from a3s_core.testing import Reply, ToolCall
from tests.cli.tui.conftest import SIZE, FakeClock, type_text, until


async def test_a_prompt_gets_a_streamed_answer_that_ends_as_a_light_renderable(session_factory, llm, tmp_path):
    llm.add(Reply(text="# Title\n\nSome **bold** text.\n\n- one\n- two\n", chunk_size=3))
    app = A3SApp(session_factory())
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "hello")
        await pilot.press("enter")
        await until(pilot, lambda: not app.busy and bool(app.transcript.query(AssistantMessage)))
        message = app.transcript.query_one(AssistantMessage)
        assert message.finished and "- two" in message.source
        assert not message.query("Markdown")  # the live widget is gone
        assert app.transcript.query_one(UserMessage).text == "hello"
        assert app.prompt.text == "" and app.prompt.has_focus


async def test_shift_enter_and_ctrl_j_add_lines_instead_of_sending(session_factory):
    app = A3SApp(session_factory())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "ctrl+j", "b", "shift+enter", "c")
        assert app.prompt.text == "a\nb\nc"
        assert not app.transcript.query(UserMessage)


async def test_approving_in_the_modal_runs_the_tool(session_factory, llm, workspace):
    llm.add(Reply(tool_calls=[ToolCall("write", {"file_path": "new.txt", "content": "hi\n"})]), Reply(text="wrote it"))
    clock = FakeClock()
    app = A3SApp(session_factory(), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.start_turn("write a file")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        clock.advance(1)
        await pilot.press("y")
        await until(pilot, lambda: not app.busy)
        block = app.transcript.query_one(ToolBlock)
        assert (workspace / "new.txt").read_text(encoding="utf-8") == "hi\n"
        assert block.tool_name == "write" and not block.is_error and block.status is not None


async def test_denying_in_the_modal_with_a_reason_keeps_the_tool_from_running(session_factory, llm, workspace):
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "touch made.txt"})]), Reply(text="ok, not running it"))
    clock = FakeClock()
    app = A3SApp(session_factory(), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.start_turn("make a file")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        clock.advance(1)
        await pilot.press("n")
        await type_text(pilot, "not today")
        await pilot.press("enter")
        await until(pilot, lambda: not app.busy)
    assert not (workspace / "made.txt").exists()
    assert "not today" in str(llm.requests[1].body["messages"][-1])


async def test_keys_typed_as_the_modal_opens_do_not_answer_it(session_factory, llm, workspace):
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "touch made.txt"})]), Reply(text="done"))
    clock = FakeClock()
    app = A3SApp(session_factory(), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.start_turn("make a file")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        modal = app.screen
        await pilot.press("y", "a", "escape")  # within the grace period: ignored
        assert app.screen is modal and not modal.event.future.done()
        clock.advance(0.5)
        await pilot.press("a")
        await until(pilot, lambda: not app.busy)
    assert (workspace / "made.txt").exists()


async def test_allow_always_adds_the_session_rule_and_stops_asking(session_factory, llm, workspace):
    call = ToolCall("bash", {"command": "echo hi"})
    llm.add(Reply(tool_calls=[call]), Reply(tool_calls=[call]), Reply(text="twice"))
    clock = FakeClock()
    app = A3SApp(session_factory(), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.start_turn("say hi twice")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "bash(echo hi)" in str(app.screen.query_one("#choices").render())
        clock.advance(1)
        await pilot.press("a")
        await until(pilot, lambda: not app.busy)
        assert len(app.transcript.query(ToolBlock)) == 2
        assert all(block.metadata.get("exit_code") == 0 for block in app.transcript.query(ToolBlock))


async def test_escape_interrupts_a_running_bash(session_factory, llm, workspace):
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "echo started; sleep 30; touch finished"})]))
    app = A3SApp(session_factory(permissive=True))
    async with app.run_test(size=SIZE) as pilot:
        app.start_turn("run it")
        await until(pilot, lambda: bool(app.transcript.query(ToolBlock))
                    and "started" in app.transcript.query_one(ToolBlock).output)
        await pilot.press("escape")
        await until(pilot, lambda: not app.busy)
        notices = [str(n.render()) for n in app.transcript.query(Notice)]
    assert not (workspace / "finished").exists()
    assert any("interrupted" in text for text in notices)


async def test_bash_output_shows_a_live_tail_and_the_exit_status(session_factory, llm):
    command = "for i in $(seq 1 20); do echo line$i; done; exit 3"
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": command})]), Reply(text="it failed"))
    app = A3SApp(session_factory(permissive=True))
    async with app.run_test(size=SIZE) as pilot:
        app.start_turn("run")
        await until(pilot, lambda: not app.busy)
        block = app.transcript.query_one(ToolBlock)
        assert block.status == "exit 3" and block.is_error
        assert "bash" in str(block.summary_text()) and "seq 1 20" in str(block.summary_text())
        block.toggle()
        assert "line1\n" in block.output and block.expanded


async def test_an_edit_shows_a_coloured_diff_with_its_counts(session_factory, llm, workspace):
    (workspace / "a.py").write_text("x = 1\n", encoding="utf-8")
    edit = ToolCall("edit", {"file_path": "a.py", "old_string": "x = 1", "new_string": "x = 2"})
    llm.add(Reply(tool_calls=[edit]), Reply(text="edited"))
    app = A3SApp(session_factory(permissive=True))
    async with app.run_test(size=SIZE) as pilot:
        app.start_turn("edit")
        await until(pilot, lambda: not app.busy)
        block = app.transcript.query_one(ToolBlock)
        assert "+1 -1" in str(block.status)
        assert "+x = 2" in block.metadata["diff"]


async def test_an_api_error_is_shown_in_red_with_what_to_do(session_factory, llm):
    from a3s_core.testing import Fault

    llm.add(*[Fault(400, message="bad request body")] * 5)
    app = A3SApp(session_factory())
    async with app.run_test(size=SIZE) as pilot:
        app.start_turn("hi")
        await until(pilot, lambda: not app.busy)
        errors = [n for n in app.transcript.query(Notice) if n.has_class("-error")]
        assert errors and "→" in str(errors[0].render())
