"""The plain REPL and session continuity, through the real binary."""

from __future__ import annotations

import json

from a3s_core.testing import Reply, ToolCall
from tests.conftest import write_config
from tests.e2e.test_oneshot_cli import a3s


def test_without_a_terminal_and_without_a_prompt_each_stdin_line_is_a_turn(tmp_path, llm, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, "openai")
    llm.add(Reply(text="first answer"), Reply(text="second answer"))

    done = a3s("-c", str(config), cwd=workspace, stdin="hello\n/history\nand again\n/exit\nnever sent\n")

    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.index("first answer") < out.index("Turns: 1") < out.index("second answer") < out.index("Bye.")
    assert len(llm.requests) == 2
    assert "hello" in str(llm.requests[1].body["messages"])  # one conversation across lines


def test_continue_resumes_the_workspaces_last_session(tmp_path, llm, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, "anthropic")
    llm.add(Reply(tool_calls=[ToolCall("ls", {})]), Reply(text="noted: 7"), Reply(text="you said 7"))

    first = a3s("-c", str(config), "remember 7", cwd=workspace)
    second = a3s("-c", str(config), "--continue", "what number?", cwd=workspace)

    assert first.returncode == 0 and second.returncode == 0, second.stderr
    assert second.stdout.strip() == "you said 7"
    sent = llm.requests[2].body["messages"]
    assert sent[0]["content"][0]["text"] == "remember 7" and sent[-1]["content"][-1]["text"] == "what number?"


def test_resume_with_an_unknown_id_is_a_usage_error(tmp_path, llm, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, "anthropic")

    done = a3s("-c", str(config), "--resume", "nope-123", "hi", cwd=workspace)

    assert done.returncode == 2 and "nope-123" in done.stderr and "Traceback" not in done.stderr


def test_continue_without_a_saved_session_starts_fresh_and_says_so(tmp_path, llm, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, "anthropic")
    llm.add(Reply(text="fresh"))

    done = a3s("-c", str(config), "--continue", "hi", cwd=workspace)

    assert done.stdout.strip() == "fresh" and "starting a new one" in done.stderr


def test_saved_sessions_never_hold_the_api_key(tmp_path, llm, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, "anthropic")
    llm.add(Reply(text="ok"))

    a3s("-c", str(config), "hi", cwd=workspace)

    saved = list((tmp_path / "home").rglob("*.json"))
    sessions = [path for path in saved if path.parent.name == "sessions" and path.name != "sessions.index.json"]
    assert sessions, saved
    for path in saved:
        text = path.read_text(encoding="utf-8")
        assert "test-key" not in text
    assert json.loads(sessions[0].read_text(encoding="utf-8"))["workspace"] == str(workspace)


def test_a_slash_command_as_a_one_shot_prompt_prints_its_answer(tmp_path, llm, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, "anthropic")

    done = a3s("-c", str(config), "/tools", cwd=workspace)

    assert done.returncode == 0 and "bash" in done.stdout and llm.requests == []


def test_a_slash_command_in_json_mode_is_the_result(tmp_path, llm, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, "anthropic")

    done = a3s("-c", str(config), "--output-format", "json", "/nope", cwd=workspace)

    result = json.loads(done.stdout)
    assert result["is_error"] is True and result["result"] == "Unknown command: /nope - type /help"
    assert done.returncode == 1
