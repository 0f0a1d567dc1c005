"""The built-in commands: /help, /clear, /model, /tools, /history, /queue, /exit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from a3s_core.commands.registry import CommandRegistry, CommandResult
from a3s_core.errors import A3SError

if TYPE_CHECKING:
    from a3s_core.agent.session import AgentSession


def builtin_commands() -> CommandRegistry:
    registry = CommandRegistry()
    registry.register("help", "List available commands", _help)
    registry.register("clear", "Clear conversation history", _clear)
    registry.register("model", "Show or switch the current model", _model, "/model [provider/model]")
    registry.register("tools", "List registered tools", _tools)
    registry.register("history", "Show conversation turn count and token stats", _history)
    registry.register("queue", "Show lane queue statistics (toggles the dashboard in the app)", _queue)
    registry.register("compact", "Manually trigger context compaction", _compact)
    registry.register("cost", "Show token usage and estimated cost", _cost)
    registry.register("loop", "Schedule a recurring prompt (e.g. /loop 5m check build)", _loop,
                      "/loop [interval] <prompt>")
    registry.register("cron-list", "List all scheduled recurring prompts", _cron_list)
    registry.register("cron-cancel", "Cancel a scheduled task by ID", _cron_cancel, "/cron-cancel <id>")
    registry.register("mcp", "List connected MCP servers and their tools", _mcp)
    registry.register("exit", "Leave the interactive app", lambda args, ctx: CommandResult("Bye.", action="exit"))
    return registry


def _session(ctx: dict[str, Any]) -> AgentSession:
    return ctx["session"]


def _help(args: str, ctx: dict[str, Any]) -> str:
    commands = _session(ctx).list_commands()
    width = max(len(c["usage"]) for c in commands)
    lines = [f"  {c['usage']:<{width}}  {c['description']}" for c in commands]
    return "Commands:\n" + "\n".join(lines)


def _clear(args: str, ctx: dict[str, Any]) -> CommandResult:
    session = _session(ctx)
    if session.busy:
        return CommandResult("A turn is running: cancel it first (Esc), then /clear.", is_error=True)
    dropped = len(session.history)
    session.history.clear()
    return CommandResult(f"Cleared {dropped} messages; the next prompt starts a fresh conversation.", action="clear")


def _model(args: str, ctx: dict[str, Any]) -> CommandResult:
    session = _session(ctx)
    if not args:
        return CommandResult(f"Current model: {session.model}")
    previous = session.model
    try:
        session.set_model(args)
    except A3SError as exc:
        return CommandResult(f"Cannot switch to {args}: {exc}", is_error=True)
    return CommandResult(f"Switched model: {previous} -> {session.model}", data={"model": session.model})


def _tools(args: str, ctx: dict[str, Any]) -> str:
    session = _session(ctx)
    lines = [f"  {name:<10} {session.parts.tools[name].lane}" for name in session.tool_names()]
    return f"{len(lines)} tools (name, lane):\n" + "\n".join(lines)


def _history(args: str, ctx: dict[str, Any]) -> str:
    session = _session(ctx)
    usage = session.usage
    return (
        f"Turns: {session.turns}, messages: {len(session.history)}\n"
        f"Tokens: {usage.input_tokens} in, {usage.output_tokens} out, "
        f"{usage.cache_read_tokens} cache read, {usage.cache_write_tokens} cache write"
    )


async def _compact(args: str, ctx: dict[str, Any]) -> CommandResult:
    session = _session(ctx)
    if session.busy:
        return CommandResult("A turn is running: /compact when it is done.", is_error=True)
    result = await session.compact()
    if result is None:
        return CommandResult("Nothing to compact yet: the conversation is short.")
    pinned = result.pinned.render()
    return CommandResult(
        f"Compacted {result.removed} messages into a summary; the first message and recent turns are kept."
        + (f"\n\n{pinned}" if pinned else ""),
        data={"removed": result.removed},
    )


def _cost(args: str, ctx: dict[str, Any]) -> str:
    from a3s_core.pricing import cost_of

    session = _session(ctx)
    usage, facts = session.usage, session.parts.facts
    rows = [
        ("input", usage.input_tokens, facts.input),
        ("output", usage.output_tokens, facts.output),
        ("cache read", usage.cache_read_tokens, facts.cache_read if facts.cache_read is not None else facts.input),
        ("cache write", usage.cache_write_tokens, facts.cache_write if facts.cache_write is not None else facts.input),
    ]
    lines = [f"Model: {session.model}"]
    for kind, tokens, price in rows:
        money = "?" if price is None else f"${tokens * price / 1_000_000:.4f}"
        rate = "no price known" if price is None else f"${price:g}/M"
        lines.append(f"  {kind:<12}{tokens:>10,} tokens  {money:>10}  ({rate})")
    total = cost_of(usage, facts)
    if total is None:
        lines.append("Total: unknown: add a cost {} block under this model in the config (models { cost { ... } })")
    else:
        lines.append(f"Total: ${total:.4f}")
    return "\n".join(lines)


def _loop(args: str, ctx: dict[str, Any]) -> CommandResult:
    from a3s_core.cron import format_interval, parse_loop_args

    try:
        interval, prompt = parse_loop_args(args)
        task_id = _session(ctx).schedule_task(prompt, interval)
    except ValueError as exc:
        return CommandResult(str(exc), is_error=True)
    return CommandResult(
        f"Scheduled {task_id}: every {format_interval(interval)}: {prompt}\n"
        f"It runs when the session is idle; /cron-list shows it, /cron-cancel {task_id} stops it.",
        data={"task_id": task_id},
    )


def _cron_list(args: str, ctx: dict[str, Any]) -> str:
    from a3s_core.cron import format_interval

    tasks = _session(ctx).list_scheduled_tasks()
    if not tasks:
        return "No scheduled tasks. Add one with /loop [interval] <prompt>."
    lines = [
        f"  {t['id']}  every {format_interval(t['interval_secs']):<6} next in {format_interval(max(1, t['next_fire_in_secs'])):<6}"
        f" fired {t['fire_count']}x  {t['prompt']}"
        for t in tasks
    ]
    return f"{len(tasks)} scheduled task(s):\n" + "\n".join(lines)


def _cron_cancel(args: str, ctx: dict[str, Any]) -> CommandResult:
    task_id = args.strip()
    if not task_id:
        return CommandResult("usage: /cron-cancel <id>  (see /cron-list for ids)", is_error=True)
    if _session(ctx).cancel_scheduled_task(task_id):
        return CommandResult(f"Cancelled {task_id}.")
    return CommandResult(f"No scheduled task {task_id}; /cron-list shows the ids.", is_error=True)


def _mcp(args: str, ctx: dict[str, Any]) -> str:
    session = _session(ctx)
    status = getattr(session, "mcp_status", None)
    servers = status() if status is not None else {}
    if not servers:
        return "No MCP servers connected."
    lines = []
    for name, info in servers.items():
        state = "connected" if info.get("connected") else f"failed: {info.get('error')}"
        lines.append(f"  {name}: {state}, {info.get('tool_count', 0)} tools")
    return "MCP servers:\n" + "\n".join(lines)


def _queue(args: str, ctx: dict[str, Any]) -> CommandResult:
    stats = _session(ctx).queue_stats()
    rows = [f"  {'lane':<9}{'queued':>7}{'running':>8}{'done':>7}{'failed':>7}{'retried':>8}{'dead':>6}{'p95 ms':>8}"]
    for lane, s in stats["lanes"].items():
        p95 = s.get("latency_p95_ms")
        rows.append(
            f"  {lane:<9}{s['queued']:>7}{s['running']:>8}{s['completed']:>7}{s['failed']:>7}"
            f"{s['retried']:>8}{s['dead_lettered']:>6}{'-' if p95 is None else f'{p95:.0f}':>8}"
        )
    paused = " (paused)" if stats["paused"] else ""
    text = f"Lanes{paused}:\n" + "\n".join(rows) + f"\nExternal tasks waiting: {stats['external_pending']}"
    return CommandResult(text, action="toggle_queue", data=stats)
