"""Lanes, recent tasks, external work and scheduled prompts, redrawn twice a second."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

REFRESH_SECONDS = 0.5
STATE_STYLES = {"running": "yellow", "done": "green", "failed": "red", "dead": "bold red", "queued": "cyan",
                "retrying": "magenta", "cancelled": "dim", "timed_out": "red"}


class QueueDashboard(Static, can_focus=False):
    """Hidden until toggled (F2 or `/queue`); polls the session only while shown."""

    DEFAULT_CSS = """
    QueueDashboard { display: none; dock: right; width: 64; height: 1fr; border-left: tall $primary;
                     padding: 0 1; background: $surface; overflow-y: auto; }
    QueueDashboard.-open { display: block; }
    """

    def __init__(self, session: Any) -> None:
        super().__init__(id="dashboard")
        self.session = session

    def on_mount(self) -> None:
        self.set_interval(REFRESH_SECONDS, self._tick)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def toggle(self) -> None:
        """Show or hide; showing redraws at once."""
        self.toggle_class("-open")
        self._tick()

    def _tick(self) -> None:
        if self.is_open:
            self.update(dashboard(self.session))


def dashboard(session: Any) -> RenderableType:
    """Everything the dashboard shows, as one rich renderable."""
    stats = session.queue_stats()
    title = Text("Lanes", style="bold")
    if stats.get("paused"):
        title.append("  (paused)", style="yellow")
    return Group(title, lane_table(stats), Text(""), recent_table(session), Text(""),
                 external_text(session), scheduled_text(session))


def lane_table(stats: dict[str, Any]) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold dim", expand=False)
    for name in ("lane", "queued", "run", "done", "fail", "retry", "dead", "max", "p50", "p95"):
        table.add_column(name, justify="left" if name == "lane" else "right")
    for lane, row in stats.get("lanes", {}).items():
        table.add_row(lane, *(str(row.get(key, 0)) for key in ("queued", "running", "completed", "failed",
                                                               "retried", "dead_lettered", "max_concurrency")),
                      _ms(row.get("latency_p50_ms")), _ms(row.get("latency_p95_ms")))
    return table


def recent_table(session: Any) -> RenderableType:
    tasks = session.scheduler.recent_tasks(20)
    if not tasks:
        return Text("Recent tasks: none yet", style="dim")
    table = Table(title="Recent tasks", title_justify="left", box=None, pad_edge=False, header_style="bold dim")
    for name in ("task", "lane", "name", "state", "tries"):
        table.add_column(name)
    for task in tasks:
        table.add_row(task.task_id[:8], task.lane, task.name[:18],
                      Text(task.state, style=STATE_STYLES.get(task.state, "")), str(task.attempts))
    return table


def external_text(session: Any) -> Text:
    pending = session.pending_external_tasks()
    text = Text(f"External tasks waiting: {len(pending)}", style="bold" if pending else "dim")
    for task in pending[:10]:
        text.append(f"\n  {task.task_id[:8]} {task.lane} {task.command_type}")
    return text


def scheduled_text(session: Any) -> Text:
    lister = getattr(session, "list_scheduled_tasks", None)
    tasks = lister() if callable(lister) else []
    if not tasks:
        return Text("\nno scheduled tasks", style="dim")
    text = Text("\nScheduled", style="bold")
    for task in tasks:
        text.append(f"\n  {task.get('id')} every {task.get('interval_secs')}s, next in "
                    f"{task.get('next_fire_in_secs', 0):.0f}s, fired {task.get('fire_count', 0)}: "
                    f"{str(task.get('prompt', ''))[:30]}")
    return text


def _ms(value: Any) -> str:
    return "—" if value is None else f"{value:.0f}ms"
