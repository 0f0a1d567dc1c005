"""The lane scheduler: every tool call and LLM call of a session is a task in one of four lanes.

    control (P0) > query (P1, parallel) > execute (P2, sequential) > generate (P3, LLM calls)

    scheduler = LaneScheduler(SchedulerConfig.from_queue_config(config.queue))
    result = await scheduler.run("query", lambda: tool.run(args, ctx), name="read")
"""

from a3s_core.lanes.config import LANE_PRIORITY, LANES, LaneSettings, RetrySettings, SchedulerConfig
from a3s_core.lanes.dlq import DeadLetter
from a3s_core.lanes.scheduler import LaneScheduler
from a3s_core.lanes.task import SchedulerEvent, TaskHandle, TaskInfo, TaskTimeout

__all__ = [
    "LANES",
    "LANE_PRIORITY",
    "DeadLetter",
    "LaneScheduler",
    "LaneSettings",
    "RetrySettings",
    "SchedulerConfig",
    "SchedulerEvent",
    "TaskHandle",
    "TaskInfo",
    "TaskTimeout",
]
