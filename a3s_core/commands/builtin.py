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
