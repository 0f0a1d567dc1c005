"""The system prompt, built from the seed's slots: role, guidelines, response_style, extra."""

from __future__ import annotations

import platform
from datetime import date
from pathlib import Path

DEFAULT_ROLE = (
    "You are A3S Code, an AI coding agent working in the user's repository through tools. "
    "You read, search, edit and run code to accomplish the user's task."
)

CORE = """## How you work
- Use tools to look before you act: read files and search the code instead of guessing.
- Prefer `edit` for changes to existing files (old_string must match exactly once) and `write`
  for new files. Keep changes minimal and in the existing style.
- Run commands with `bash` to build, test and verify your work; read the output and fix failures.
- Independent read-only lookups can be requested together in one response.
- If a tool call fails, read the error, correct the call and try again; do not repeat a failing call
  unchanged. If a call is denied, do not retry it: adapt or ask the user.
- Paths are relative to the workspace root unless absolute.
- You are done when the task is complete and verified, or when you need the user's input."""

DEFAULT_RESPONSE_STYLE = """## Response Format
Answer in concise GitHub-flavoured Markdown. Lead with the result; mention files as `path:line`.
Do not restate tool output the user has already seen."""

WORKSPACE_FILES = ("AGENTS.md", "CLAUDE.md")
MAX_INSTRUCTIONS_CHARS = 40_000


def build_system_prompt(
    workspace: Path,
    *,
    role: str | None = None,
    guidelines: str | None = None,
    response_style: str | None = None,
    extra: str | None = None,
    include_workspace_instructions: bool = True,
) -> str:
    """Assemble the system prompt; the core section is always kept, slots add or replace around it."""
    parts = [role or DEFAULT_ROLE, CORE]
    if guidelines:
        parts.append(f"## Guidelines\n{guidelines}")
    parts.append(response_style if response_style and response_style.startswith("#") else
                 f"## Response Format\n{response_style}" if response_style else DEFAULT_RESPONSE_STYLE)
    parts.append(_environment(workspace))
    if include_workspace_instructions:
        parts.extend(_workspace_instructions(workspace))
    if extra:
        parts.append(extra)
    return "\n\n".join(parts)


def _environment(workspace: Path) -> str:
    is_git = (workspace / ".git").exists()
    return (
        "## Environment\n"
        f"- Workspace: {workspace}\n"
        f"- Git repository: {'yes' if is_git else 'no'}\n"
        f"- Platform: {platform.system()} {platform.release()}\n"
        f"- Date: {date.today().isoformat()}"
    )


def _workspace_instructions(workspace: Path) -> list[str]:
    sections = []
    for name in WORKSPACE_FILES:
        path = workspace / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        if len(text) > MAX_INSTRUCTIONS_CHARS:
            text = text[:MAX_INSTRUCTIONS_CHARS] + f"\n[... {name} truncated ...]"
        if text:
            sections.append(f"## Project instructions from {name}\n{text}")
    return sections
