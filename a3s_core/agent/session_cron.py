"""Recurring prompts of a session (/loop and the seed's scheduler API), mixed into AgentSession.

A fired prompt runs as an ordinary turn, marked as scheduled in its turn_start event; it never
starts while another turn runs (it fires once when that turn ends). Tasks are saved with the
session and come back when it is resumed.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from a3s_core.cron import CronScheduler, ScheduledTask

if TYPE_CHECKING:
    from a3s_core.agent.session import AgentSession

EXTRA_KEY = "scheduled_tasks"


class SchedulerControls:
    def _make_cron(self: AgentSession) -> CronScheduler:
        return CronScheduler(self.parts.clock, self._fire_scheduled, lambda: self.busy)

    def schedule_task(self: AgentSession, prompt: str, interval_secs: float) -> str:
        """Run ``prompt`` every ``interval_secs`` seconds in this session; returns the task id.

        Raises:
            ValueError: a bad interval or the 50-task limit.
        """
        task = self.cron.schedule(prompt, interval_secs)
        self._autosave()
        return task.id

    def list_scheduled_tasks(self: AgentSession) -> list[dict[str, Any]]:
        """[{id, prompt, interval_secs, fire_count, next_fire_in_secs}], soonest first."""
        now = self.parts.clock.now()
        return [task.info(now) for task in self.cron.list()]

    def cancel_scheduled_task(self: AgentSession, task_id: str) -> bool:
        cancelled = self.cron.cancel(task_id)
        if cancelled:
            self._autosave()
        return cancelled

    def confirm_scheduled_via_events(self: AgentSession) -> None:
        """Scheduled turns ask through confirmation_required events to subscribers (the app's modal)."""
        self.scheduled_confirmation = self._event_confirmation(self._publish)

    def start(self: AgentSession) -> None:
        """Start background work: the scheduler of a resumed session, and connecting the config's
        MCP servers without waiting for them. Call inside the event loop."""
        self.cron.start()
        if self.parts.ensure_mcp_started is not None:
            self._background = asyncio.ensure_future(self.parts.ensure_mcp_started(0))

    async def _fire_scheduled(self: AgentSession, task: ScheduledTask) -> None:
        confirmation = self.scheduled_confirmation or self._send_confirmation()
        origin = {"scheduled": True, "task_id": task.id, "interval_secs": task.interval_secs}
        await self._run(task.prompt, None, lambda event: None, confirmation, origin=origin)
