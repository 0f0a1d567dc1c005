"""Session-scoped recurring prompts: the engine behind ``/loop``, ``/cron-list`` and ``/cron-cancel``.

    interval, prompt = parse_loop_args("5m check the build")      # (300.0, "check the build")
    scheduler = CronScheduler(clock, fire=run_turn, is_busy=lambda: session.busy)
    task = scheduler.schedule(prompt, interval)
    f"every {format_interval(task.interval_secs)}"                 # "every 5m"
"""

from a3s_core.cron.interval import format_interval, parse_interval
from a3s_core.cron.loop_args import USAGE, parse_loop_args
from a3s_core.cron.scheduler import CronScheduler
from a3s_core.cron.task import DEFAULT_INTERVAL, MAX_TASKS, RECURRING_LIFETIME, ScheduledTask

__all__ = [
    "DEFAULT_INTERVAL",
    "MAX_TASKS",
    "RECURRING_LIFETIME",
    "USAGE",
    "CronScheduler",
    "ScheduledTask",
    "format_interval",
    "parse_interval",
    "parse_loop_args",
]
