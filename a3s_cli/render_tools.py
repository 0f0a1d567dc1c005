"""One-line descriptions of tool activity for stderr, and the ANSI styles they use.

Plain escape codes rather than rich: these lines print on every run, and importing rich costs
more than a tenth of a second.
"""

from __future__ import annotations

import json
from typing import Any

from a3s_core.events import AgentEvent

STYLES = {"dim": "2", "red": "31", "green": "32", "yellow": "33", "bold": "1", "cyan": "36"}
SUBJECT_KEYS = ("command", "path", "file_path", "pattern", "url", "query", "name", "prompt")
MAX_SUBJECT = 120


def style(text: str, name: str, enabled: bool) -> str:
    """Wrap ``text`` in the ANSI style ``name`` when ``enabled``."""
    return f"\x1b[{STYLES[name]}m{text}\x1b[0m" if enabled and text else text


def subject_of(args: dict[str, Any] | None) -> str:
    """The part of a call's arguments worth showing: the command, the path, the pattern..."""
    if not args:
        return ""
    for key in SUBJECT_KEYS:
        value = args.get(key)
        if isinstance(value, str) and value.strip():
            where = args.get("path") if key == "pattern" else None
            text = f"{value} in {where}" if isinstance(where, str) and where else value
            return shorten(text)
    return shorten(json.dumps(args, ensure_ascii=False, default=str))


def shorten(text: str, limit: int = MAX_SUBJECT) -> str:
    """First line of ``text``, at most ``limit`` characters, with an ellipsis when cut."""
    lines = text.strip().splitlines() or [""]
    first = lines[0]
    cut = len(lines) > 1 or len(first) > limit
    return first[: limit - 1] + "…" if cut else first


def start_line(event: AgentEvent, color: bool) -> str:
    """``● bash  npm test``."""
    name = style(event.tool_name or "tool", "bold", color)
    subject = subject_of(event.args)
    return f"{style('●', 'cyan', color)} {name}  {subject}".rstrip()


def end_line(event: AgentEvent, color: bool) -> str:
    """``  ✓ exit 0`` / ``  ✗ exit 1`` / ``  ✓ +3 -1`` / ``  ✗ first line of the error``."""
    details = _details(event.metadata)
    if event.is_error and event.output and "exit_code" not in event.metadata:
        details.append(shorten(event.output))
    mark = style("✗", "red", color) if event.is_error else style("✓", "green", color)
    return f"  {mark} {'  '.join(details) or ('failed' if event.is_error else 'done')}"


def denied_line(event: AgentEvent, color: bool) -> str:
    """``⊘ bash  rm -rf /  — denied by rule bash(rm *)`` in yellow."""
    subject = subject_of(event.args)
    head = f"⊘ {event.tool_name or 'tool'}  {subject}".rstrip()
    reason = event.text or (f"denied by rule {event.rule}" if event.rule else "permission denied")
    return style(f"{head}  — {reason}", "yellow", color)


def usage_line(usage: dict[str, int]) -> str:
    """``tokens: 1200 in, 85 out, 900 cached``."""
    parts = [f"{usage.get('input_tokens', 0)} in", f"{usage.get('output_tokens', 0)} out"]
    if usage.get("cache_read_tokens"):
        parts.append(f"{usage['cache_read_tokens']} cached")
    return "tokens: " + ", ".join(parts)


def _details(metadata: dict[str, Any]) -> list[str]:
    details: list[str] = []
    if isinstance(metadata.get("exit_code"), int):
        details.append(f"exit {metadata['exit_code']}")
    if "additions" in metadata or "deletions" in metadata:
        details.append(f"+{metadata.get('additions', 0)} -{metadata.get('deletions', 0)}")
    duration = metadata.get("duration")
    if isinstance(duration, int | float) and duration >= 1:
        details.append(f"{duration:.1f} s")
    return details
