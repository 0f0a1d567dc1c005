"""A3SApp: the full-screen app over one AgentSession, a pure consumer of its event stream."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal

from a3s_cli.tui.attachments import prepare_prompt
from a3s_cli.tui.completion import Completer
from a3s_cli.tui.event_view import show_event
from a3s_cli.tui.history import PromptHistory
from a3s_cli.tui.resume import render_history
from a3s_cli.tui.screens.confirm import GRACE_SECONDS, ConfirmScreen
from a3s_cli.tui.widgets.completion_menu import CompletionMenu
from a3s_cli.tui.widgets.notice import Notice
from a3s_cli.tui.widgets.prompt_input import PromptInput
from a3s_cli.tui.widgets.queue_dashboard import QueueDashboard
from a3s_cli.tui.widgets.status_bar import StatusBar
from a3s_cli.tui.widgets.transcript import Transcript
from a3s_core.commands.registry import parse_command
from a3s_core.events import AgentEvent

QUIT_WINDOW_SECONDS = 2.0


class A3SApp(App[int]):
    """Transcript, prompt, lane dashboard and status bar over ``session``.

    Args:
        session: the async AgentSession the app drives.
        history_path: where prompt history persists (None: memory only).
        resumed: draw ``session.history`` before the prompt gets focus.
        clock: monotonic seconds for the busy timer, the modal's key grace and Ctrl+C twice.
        confirm_grace: seconds a confirmation modal ignores keys after opening.
    """

    CSS_PATH = "app.tcss"
    TITLE = "a3s-code"
    BINDINGS = [
        Binding("escape", "interrupt", "Interrupt"),
        Binding("f2", "toggle_queue", "Lanes"),
        Binding("ctrl+c", "quit_twice", "Quit", priority=True, show=False),
    ]

    def __init__(self, session: Any, *, history_path: Path | None = None, resumed: bool = False,
                 clock: Callable[[], float] = time.monotonic, confirm_grace: float = GRACE_SECONDS) -> None:
        super().__init__()
        self.session = session
        self.resumed = resumed
        self.clock = clock
        self.confirm_grace = confirm_grace
        self.history = PromptHistory(history_path)
        self.pending: list[str] = []
        """Prompts typed during a turn that the core could not take as steering: run after it."""
        self._quit_pressed_at: float | None = None
        self.transcript = Transcript()
        self.dashboard = QueueDashboard(session)
        self.status = StatusBar(session, clock)
        self.menu = CompletionMenu()
        self.prompt = PromptInput(self.history, Completer(_commands(session), session.workspace), self.menu)

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield self.transcript
            yield self.dashboard
        yield self.menu
        yield self.prompt
        yield self.status

    async def on_mount(self) -> None:
        if self.resumed:
            await render_history(self.transcript, self.session.history)
        self._watch_scheduled_turns()
        self.prompt.focus()

    # -- scheduled (/loop) turns: started by the core, not by the prompt ---------------------

    def _watch_scheduled_turns(self) -> None:
        for name in ("confirm_scheduled_via_events", "start"):
            method = getattr(self.session, name, None)
            if callable(method):
                method()
        self._scheduled: asyncio.Queue[AgentEvent] = asyncio.Queue()
        self._scheduled_turn: int | None = None
        subscribe = getattr(self.session, "subscribe", None)
        if callable(subscribe):
            subscribe(self._on_session_event)
            self.show_scheduled_turns()

    def _on_session_event(self, event: AgentEvent) -> None:
        if event.event_type == "turn_start" and event.metadata.get("scheduled"):
            self._scheduled_turn = event.turn
        if self._scheduled_turn is None or event.turn not in (0, self._scheduled_turn):
            return  # the prompt's own turns arrive through their stream
        self._scheduled.put_nowait(event)
        if event.event_type == "end":
            self._scheduled_turn = None

    @work(group="scheduled")
    async def show_scheduled_turns(self) -> None:
        while True:
            event = await self._scheduled.get()
            if event.event_type == "turn_start":
                self.status.busy_since = self.clock()
                await self.transcript.add_user(f"⏰ scheduled ({event.metadata.get('task_id')}): {event.text}")
            else:
                await show_event(self, event)
            if event.event_type == "end":
                await self.transcript.end_message()
                self.status.busy_since = None
                self.status.refresh_status()
                if self.pending:
                    self.call_later(self.start_turn, self.pending.pop(0))

    @property
    def busy(self) -> bool:
        return self.status.busy_since is not None

    # -- prompts and turns -------------------------------------------------------------------

    async def on_prompt_input_submitted(self, message: PromptInput.Submitted) -> None:
        text = message.text
        if not self.busy:
            self.start_turn(text)
        elif parse_command(text) is not None:
            self.run_command(text)  # the core answers commands while a turn runs
        elif not await self._steer(text):
            self.pending.append(text)
            await self.transcript.add_user(text, queued=True)
        # an accepted steer shows up through the core's message_queued event

    async def _steer(self, text: str) -> bool:
        steer = getattr(self.session, "steer", None)
        if not callable(steer):
            return False
        accepted = steer(text)
        return bool(await accepted if inspect.isawaitable(accepted) else accepted)

    def start_turn(self, text: str) -> None:
        """Show the prompt and run it as a turn (slash commands too: the core answers them)."""
        self.status.busy_since = self.clock()
        self.status.refresh_status()
        self.run_turn(text)

    @work(exclusive=True, group="turn")
    async def run_turn(self, text: str) -> None:
        prepared = prepare_prompt(text, self.session.workspace)
        if not self.transcript.queued or self.transcript.queued[0].text != text:
            await self.transcript.add_user(text, attached=prepared.attached)
        else:
            self.transcript.mark_injected(text)
        try:
            async for event in self.session.stream(prepared.text, prepared.images or None):
                await show_event(self, event)
        finally:
            await self.transcript.end_message()
            self.status.busy_since = None
            self.status.refresh_status()
            if self.pending:
                self.call_later(self.start_turn, self.pending.pop(0))

    @work(group="command")
    async def run_command(self, line: str) -> None:
        """A slash command typed during a turn: its own stream, the turn keeps running."""
        await self.transcript.add_user(line, queued=False)
        async for event in self.session.stream(line):
            await show_event(self, event)

    def ask(self, event: AgentEvent) -> None:
        """Open the confirmation modal for an "ask" decision."""
        self.push_screen(ConfirmScreen(event, clock=self.clock, grace=self.confirm_grace))

    # -- actions -----------------------------------------------------------------------------

    async def action_interrupt(self) -> None:
        """Esc: interrupt the running turn through the core's control lane."""
        if self.busy:
            await self.session.cancel()

    def action_toggle_queue(self) -> None:
        self.dashboard.toggle()

    def action_quit_twice(self) -> None:
        now = self.clock()
        if self._quit_pressed_at is not None and now - self._quit_pressed_at <= QUIT_WINDOW_SECONDS:
            self.exit(0)
            return
        self._quit_pressed_at = now
        self.notify("Press Ctrl+C again to quit", timeout=QUIT_WINDOW_SECONDS)

    async def show_notice(self, notice: Notice) -> None:
        await self.transcript.add(notice)


def _commands(session: Any) -> list[dict[str, Any]]:
    lister = getattr(session, "list_commands", None)
    return list(lister()) if callable(lister) else []


def run_tui(session: Any, history_path: Path | None) -> int:
    """Run the app until the user quits; returns the process exit code."""
    result = A3SApp(session, history_path=history_path).run()
    return result if isinstance(result, int) else 0
