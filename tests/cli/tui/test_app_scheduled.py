"""Turns the scheduler starts (/loop) appear in the app, marked as scheduled, and can ask."""

from __future__ import annotations

from a3s_core import Agent, SessionOptions, load_config
from a3s_core.testing import ManualClock, Reply, ToolCall
from a3s_cli.tui.app import A3SApp
from a3s_cli.tui.screens.confirm import ConfirmScreen
from a3s_cli.tui.widgets.user_message import UserMessage
from tests.cli.tui.conftest import SIZE, FakeClock, plain, until
from tests.conftest import write_config


async def test_a_scheduled_prompt_runs_as_a_marked_turn_and_its_confirmation_opens_the_modal(tmp_path, llm, workspace):
    clock = ManualClock()
    config = load_config(write_config(tmp_path / "agent.hcl", llm, "anthropic")).config
    session = Agent(config, clock=clock).session(workspace, SessionOptions(session_id="s-test"))
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "echo tick > tick.txt"})]), Reply(text="build is green"))
    ui_clock = FakeClock()
    app = A3SApp(session, clock=ui_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session.schedule_task("check the build", 60)
        await clock.advance_and_settle(60)
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        ui_clock.advance(1)
        await pilot.press("y")
        await until(pilot, lambda: (workspace / "tick.txt").exists() and not app.busy)
        users = [plain(m) for m in app.transcript.query(UserMessage)]
    assert any("scheduled" in text and "check the build" in text for text in users)
    assert session.list_scheduled_tasks()[0]["fire_count"] == 1
