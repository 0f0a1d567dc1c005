"""The modal that answers a ``confirmation_required`` event: allow once, allow always, deny."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from rich.console import RenderableType
from rich.syntax import Syntax
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from a3s_core.events import AgentEvent

GRACE_SECONDS = 0.3
"""Keys that arrive this soon after the modal opens were meant for the prompt: ignore them."""


class ConfirmScreen(ModalScreen[str]):
    """Dismissed with "once", "always" or "deny" once the event's future is resolved.

    Args:
        event: the confirmation_required event (its future is what the core awaits).
        clock: seconds, monotonic; tests pass one they control.
        grace: seconds after opening during which keys are ignored.
    """

    CSS_PATH = "confirm.tcss"

    def __init__(self, event: AgentEvent, clock: Callable[[], float] = time.monotonic,
                 grace: float = GRACE_SECONDS) -> None:
        super().__init__()
        self.event = event
        self.clock = clock
        self.grace = grace
        self.opened_at = clock()
        timeout = event.metadata.get("timeout")
        self.deadline = self.opened_at + float(timeout) if isinstance(timeout, int | float) else None

    def compose(self) -> ComposeResult:
        tool = self.event.tool_name or "tool"
        with Vertical(id="dialog"):
            yield Static(f"Allow {tool}?", id="title", markup=False)
            with VerticalScroll(id="preview"):
                yield Static(preview(self.event))
            yield Static(Text(f"asked by rule: {self.event.rule or 'default policy'}"), id="rule")
            yield Static(choices(self.event), id="choices")
            yield Input(placeholder="why not? (optional) — Enter denies", id="reason")
            yield Static("", id="countdown")

    def on_mount(self) -> None:
        if self.deadline is not None:
            self._tick()
            self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        future = self.event.future
        if future is not None and future.done():
            self.dismiss("timeout")  # the core stopped waiting (its own timeout)
            return
        if self.deadline is not None:
            left = max(0.0, self.deadline - self.clock())
            self.query_one("#countdown", Static).update(f"no answer in {left:.0f} s denies it")

    def on_key(self, event: events.Key) -> None:
        reason = self.query_one("#reason", Input)
        if reason.has_focus and event.key != "escape":
            return
        event.stop()
        event.prevent_default()
        if self.clock() - self.opened_at < self.grace:
            return
        if event.key == "y":
            self.answer("once")
        elif event.key == "a":
            self.answer("always")
        elif event.key == "n":
            reason.add_class("-open")
            reason.focus()
        elif event.key == "escape":
            self.answer("deny")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.answer("deny", event.value.strip() or None)

    def answer(self, choice: str, reason: str | None = None) -> None:
        """Resolve the event's future and close."""
        if choice == "once":
            self.event.approve()
        elif choice == "always":
            self.event.approve(always=True)
        else:
            self.event.deny(reason or "denied by the user")
        self.dismiss(choice)


def always_rule(event: AgentEvent) -> str:
    """The rule "allow always" adds for this session."""
    return f"{event.tool_name}({event.text})" if event.text else str(event.tool_name)


def choices(event: AgentEvent) -> Text:
    text = Text()
    for key, label in (("y", "allow once"), ("a", f"allow always: adds {always_rule(event)}"),
                       ("n", "deny (with a reason)"), ("Esc", "deny")):
        text.append(f" {key} ", style="reverse bold")
        text.append(f" {label}   ")
    return text


def preview(event: AgentEvent) -> RenderableType:
    """The diff for edits, the full command for bash, the arguments otherwise."""
    diff = event.metadata.get("diff")
    if isinstance(diff, str) and diff.strip():
        return Syntax(diff, "diff", theme="ansi_dark", background_color="default", word_wrap=True)
    command = event.metadata.get("command") or (event.args or {}).get("command")
    if isinstance(command, str) and command:
        return Syntax(command, "bash", theme="ansi_dark", background_color="default", word_wrap=True)
    return Text(_args_text(event.args))


def _args_text(args: dict[str, Any] | None) -> str:
    return json.dumps(args or {}, indent=2, ensure_ascii=False, default=str)
