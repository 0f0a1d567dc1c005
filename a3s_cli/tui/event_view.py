"""Turning the core's events into transcript widgets, modals and actions. No agent logic here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from a3s_cli.render_tools import subject_of
from a3s_cli.tui.widgets.notice import Notice
from a3s_core.events import AgentEvent

if TYPE_CHECKING:
    from a3s_cli.tui.app import A3SApp

QUIET = {"turn_start", "task_retry", "queue_pressure", "queue_pressure_relieved", "external_task_completed"}


async def show_event(app: A3SApp, event: AgentEvent) -> None:
    """Apply one event of a turn to the app."""
    transcript = app.transcript
    kind: str = event.event_type
    if kind == "text_delta":
        await transcript.write_text(event.text)
    elif kind == "reasoning_delta":
        await transcript.write_reasoning(event.text)
    elif kind == "tool_start":
        await transcript.tool_start(event.tool_id, event.tool_name or "tool", event.args)
    elif kind == "tool_output_delta":
        block = transcript.tool(event.tool_id)
        if block is not None:
            block.append_output(event.text or event.output or "")
    elif kind == "tool_end":
        block = transcript.tool(event.tool_id)
        if block is not None:
            block.finish(event.output, event.is_error, event.metadata)
    elif kind == "confirmation_required":
        app.ask(event)
    elif kind in ("message_queued", "message_injected"):
        await _steering(app, event)
    elif kind == "command_result":
        await _command_result(app, event)
    elif kind not in QUIET:
        await _notice(app, event)


async def _notice(app: A3SApp, event: AgentEvent) -> None:
    transcript = app.transcript
    kind: str = event.event_type
    if kind == "retry":
        await transcript.drop_message()
        await transcript.add(Notice.info(f"↻ {event.text}"))
    elif kind == "permission_denied":
        reason = event.text or (f"denied by rule {event.rule}" if event.rule else "permission denied")
        await transcript.add(Notice.warning(f"⊘ {event.tool_name} {subject_of(event.args)} — {reason}"))
    elif kind == "error":
        await transcript.end_message()
        await transcript.add(Notice.error(event.text, event.metadata.get("kind")))
    elif kind == "compacted":
        await transcript.add(Notice.info(f"⇲ context {event.text}"))
    elif kind in ("dead_letter", "task_timeout", "external_task_pending"):
        await transcript.add(Notice.warning(f"{kind.replace('_', ' ')}: {event.text}"))
    elif kind == "turn_end":
        await transcript.end_message()
        if event.metadata.get("stop_reason") == "cancelled":
            await transcript.add(Notice.info("⏹ interrupted"))
    elif kind == "end":
        await transcript.end_message()


async def _steering(app: A3SApp, event: AgentEvent) -> None:
    transcript = app.transcript
    if event.event_type == "message_queued":
        if not any(message.text == event.text for message in transcript.queued):
            await transcript.add_user(event.text, queued=True)
    else:
        await transcript.end_message()
        transcript.mark_injected(event.text)


async def _command_result(app: A3SApp, event: AgentEvent) -> None:
    action = event.metadata.get("action")
    if action == "clear":
        await app.transcript.clear()
    elif action == "toggle_queue":
        app.dashboard.toggle()
    if event.text.strip():
        await app.transcript.add(Notice.markdown(event.text))
    if action == "exit":
        app.exit(0)
