"""Markdown command files: .a3s/commands, .claude/commands and ~/.a3s/commands."""

from __future__ import annotations

from pathlib import Path

from a3s_core import Agent, SessionOptions, load_config
from a3s_core.testing import ManualClock, Reply
from tests.conftest import write_config


def make_session(tmp_path: Path, llm, workspace: Path):
    config = load_config(write_config(tmp_path / "agent.hcl", llm, "anthropic")).config
    return Agent(config, clock=ManualClock()).session(workspace, SessionOptions())


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


async def test_a_command_file_becomes_a_command_whose_body_is_the_prompt(tmp_path, llm, workspace):
    write(workspace / ".a3s" / "commands" / "review.md",
          "---\ndescription: Review a file\nargument-hint: <path>\n---\nReview $ARGUMENTS for bugs. Focus on $1.\n")
    llm.add(Reply(text="reviewed"))
    session = make_session(tmp_path, llm, workspace)

    result = await session.send("/review src/app.py")

    assert result.text == "reviewed"
    sent = llm.requests[0].body["messages"][-1]["content"][-1]["text"]
    assert sent == "Review src/app.py for bugs. Focus on src/app.py."
    assert {"name": "review", "description": "Review a file", "usage": "/review <path>"} in session.list_commands()


async def test_claude_code_and_home_command_folders_are_read_and_the_project_wins(tmp_path, llm, workspace):
    write(workspace / ".claude" / "commands" / "fix.md", "Fix the failing tests.\n")
    write(tmp_path / "home" / ".a3s" / "commands" / "fix.md", "---\ndescription: home fix\n---\nHome version\n")
    write(tmp_path / "home" / ".a3s" / "commands" / "standup.md", "---\ndescription: Daily summary\n---\nSummarise yesterday.\n")
    session = make_session(tmp_path, llm, workspace)

    commands = {c["name"]: c["description"] for c in session.list_commands()}

    assert commands["fix"] == "Fix the failing tests." and commands["standup"] == "Daily summary"


async def test_broken_or_clashing_command_files_are_skipped_with_a_reason(tmp_path, llm, workspace):
    write(workspace / ".a3s" / "commands" / "help.md", "Not the real help\n")
    write(workspace / ".a3s" / "commands" / "bad.md", "---\ndescription: [unclosed\n---\nBody\n")
    write(workspace / ".a3s" / "commands" / "empty.md", "---\ndescription: nothing\n---\n")
    session = make_session(tmp_path, llm, workspace)

    names = {c["name"] for c in session.list_commands()}
    warnings = "\n".join(session.command_warnings)

    assert "bad" not in names and "empty" not in names
    assert "help.md: skipped: /help is a built-in command" in warnings
    assert "bad.md: skipped: the frontmatter is not valid YAML" in warnings
    assert "empty.md: skipped: the file has no prompt" in warnings
    assert (await session.send("/help")).text.startswith("Commands:")
