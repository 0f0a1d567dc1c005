"""Snapshot tests: how the main screen, the confirmation modal and the dashboard look."""

from __future__ import annotations

import asyncio

from a3s_cli.tui.app import A3SApp
from a3s_cli.tui.screens.confirm import ConfirmScreen
from a3s_core.events import AgentEvent
from a3s_core.testing import Reply, ToolCall
from tests.cli.tui.conftest import SIZE, FakeClock, until

ANSWER = "## Plan\n\nI read the file and ran the tests:\n\n- `main.py` prints a greeting\n- tests pass\n"


def test_the_main_screen_after_a_turn_with_a_tool(snap_compare, session_factory, llm, workspace):
    (workspace / "main.py").write_text("print('hi')\n", encoding="utf-8")
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "echo ok; exit 0"})]), Reply(text=ANSWER))
    app = A3SApp(session_factory(permissive=True))

    async def run_before(pilot) -> None:
        app.start_turn("check main.py")
        await until(pilot, lambda: not app.busy)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_the_confirmation_modal_for_an_edit(snap_compare, session_factory):
    app = A3SApp(session_factory(), clock=FakeClock())
    diff = "--- a/app.py\n+++ b/app.py\n@@ -1,2 +1,2 @@\n-x = 1\n+x = 2\n y = 3\n"

    async def run_before(pilot) -> None:
        event = AgentEvent("confirmation_required", text="app.py", tool_name="edit",
                           args={"file_path": "app.py", "old_string": "x = 1", "new_string": "x = 2"},
                           rule="edit(*)", metadata={"diff": diff}, future=asyncio.get_running_loop().create_future())
        app.ask(event)
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_the_lane_dashboard(snap_compare, session_factory):
    app = A3SApp(session_factory())
    assert snap_compare(app, terminal_size=SIZE, press=["f2"])
