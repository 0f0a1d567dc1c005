"""/loop and the scheduler API inside a session: fired prompts are turns, on an injected clock."""

from __future__ import annotations

import asyncio
from pathlib import Path

from a3s_core import Agent, MemorySessionStore, SessionOptions, load_config
from a3s_core.testing import ManualClock, Reply, ToolCall
from tests.conftest import write_config


def make_agent(tmp_path: Path, llm, clock: ManualClock) -> Agent:
    return Agent(load_config(write_config(tmp_path / "agent.hcl", llm, "anthropic")).config, clock=clock)


class TurnWatcher:
    """Collects a session's events and lets a test await the end of the next scheduled turn."""

    def __init__(self, session) -> None:
        self.events: list = []
        self.ended = asyncio.Event()
        session.subscribe(self.on_event)

    def on_event(self, event) -> None:
        self.events.append(event)
        if event.event_type == "end":
            self.ended.set()

    async def next_turn_end(self) -> None:
        await asyncio.wait_for(self.ended.wait(), 5)
        self.ended.clear()

    def scheduled_starts(self) -> list:
        return [e for e in self.events if e.event_type == "turn_start" and e.metadata.get("scheduled")]


async def test_loop_fires_its_prompt_as_a_scheduled_turn_every_interval(tmp_path, llm, workspace):
    clock = ManualClock()
    session = make_agent(tmp_path, llm, clock).session(workspace)
    watcher = TurnWatcher(session)
    llm.add(Reply(text="build is green"), Reply(text="still green"))

    answer = await session.send("/loop 5m check the build")
    task_id = answer.text.split()[1].rstrip(":")
    assert session.list_scheduled_tasks()[0]["next_fire_in_secs"] == 300

    await clock.advance_and_settle(300)
    await watcher.next_turn_end()
    await clock.advance_and_settle(300)
    await watcher.next_turn_end()

    starts = watcher.scheduled_starts()
    assert [s.text for s in starts] == ["check the build", "check the build"]
    assert starts[0].metadata["task_id"] == task_id
    assert session.list_scheduled_tasks()[0]["fire_count"] == 2
    assert [m.text for m in session.history if m.role == "user"] == ["check the build", "check the build"]


async def test_the_every_form_and_cron_list_and_cancel(tmp_path, llm, workspace):
    clock = ManualClock()
    session = make_agent(tmp_path, llm, clock).session(workspace)

    await session.send("/loop summarize recent commits every 30s")
    listed = (await session.send("/cron-list")).text
    task_id = session.list_scheduled_tasks()[0]["id"]
    cancelled = (await session.send(f"/cron-cancel {task_id}")).text

    assert "every 30s" in listed and "summarize recent commits" in listed
    assert cancelled == f"Cancelled {task_id}."
    await clock.advance_and_settle(60)
    assert llm.requests == [] and session.list_scheduled_tasks() == []
    assert (await session.send("/cron-cancel nope")).text.startswith("No scheduled task nope")


async def test_a_task_due_during_a_turn_fires_once_after_it(tmp_path, llm, workspace):
    import os

    clock = ManualClock()
    session = make_agent(tmp_path, llm, clock).session(workspace, SessionOptions(permissive=True))
    watcher = TurnWatcher(session)
    os.mkfifo(workspace / "gate.fifo")
    llm.add(
        Reply(tool_calls=[ToolCall("bash", {"command": "echo busy; read line < gate.fifo"})]),
        Reply(text="user turn done"),
        Reply(text="scheduled answer"),
    )
    session.schedule_task("ping", 10)

    async def user_turn() -> None:
        async for event in session.stream("work for a while"):
            if event.event_type == "tool_output_delta":
                await clock.advance_and_settle(35)  # three intervals pass while the turn really runs
                assert watcher.scheduled_starts() == []
                await asyncio.to_thread((workspace / "gate.fifo").write_text, "go\n")

    await asyncio.wait_for(user_turn(), 5)
    await watcher.next_turn_end()  # the user's own turn
    await watcher.next_turn_end()  # the scheduled one, right after

    assert [s.text for s in watcher.scheduled_starts()] == ["ping"]
    assert session.list_scheduled_tasks()[0]["fire_count"] == 1
    assert len(llm.requests) == 3
    await session.aclose()


async def test_scheduled_tasks_are_saved_with_the_session_and_come_back(tmp_path, llm, workspace):
    clock = ManualClock()
    store = MemorySessionStore()
    options = SessionOptions(session_store=store, session_id="keep", auto_save=True)
    first = make_agent(tmp_path, llm, clock).session(workspace, options)
    first.schedule_task("nightly report", 3600)
    await first.aclose()

    resumed = make_agent(tmp_path, llm, clock).resume_session("keep", options)
    resumed.start()
    watcher = TurnWatcher(resumed)
    llm.add(Reply(text="report done"))
    await clock.advance_and_settle(3600)
    await watcher.next_turn_end()

    assert resumed.list_scheduled_tasks()[0]["prompt"] == "nightly report"
    assert [s.text for s in watcher.scheduled_starts()] == ["nightly report"]
    await resumed.aclose()


async def test_a_bad_loop_says_how_to_write_one(tmp_path, llm, workspace):
    session = make_agent(tmp_path, llm, ManualClock()).session(workspace)

    assert "usage: /loop" in (await session.send("/loop")).text
    assert "must be positive" in (await session.send("/loop 0s ping")).text
