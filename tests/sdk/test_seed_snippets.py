"""The seed README's Python snippets, run as written against the scripted LLM server."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from a3s_core.testing import Reply, ToolCall
from tests.conftest import write_config


@pytest.fixture
def seed_dir(tmp_path: Path, llm, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with agent.hcl in it, as the current directory (the snippets use ".")."""
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    (repo / "src" / "main.py").write_text("def main():\n    return 1  # TODO: more\n", encoding="utf-8")
    (repo / "test_main.py").write_text("def test_ok():\n    assert True\n", encoding="utf-8")
    write_config(repo / "agent.hcl", llm, "anthropic")
    monkeypatch.chdir(repo)
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    return repo


def test_the_send_and_stream_snippet_runs_as_written(seed_dir, llm, capsys):
    llm.add(Reply(text="The auth module checks tokens."), Reply(text="Refactored."))

    # --- seed: Python SDK, "Create session" + "Send / Stream" ---
    from a3s_code import Agent, SessionOptions

    agent = Agent("agent.hcl")
    opts = SessionOptions()
    opts.model = "anthropic/claude-sonnet-4-20250514"
    opts.builtin_skills = True
    opts.role = "You are a Python expert"
    opts.guidelines = "Follow PEP 8. Use type hints."
    session = agent.session(".", opts)

    result = session.send("Explain auth module")
    for event in session.stream("Refactor auth"):
        if event.event_type == "text_delta":
            print(event.text, end="")
    # --- end of seed code ---

    assert result.text == "The auth module checks tokens."
    assert result.usage.output_tokens > 0 and result.tool_calls_count == 0
    assert capsys.readouterr().out == "Refactored."
    assert llm.requests[0].body["model"] == "claude-sonnet-4-20250514"
    assert "You are a Python expert" in str(llm.requests[0].body["system"])


def test_the_direct_tools_snippet_runs_as_written(seed_dir):
    from a3s_code import Agent

    agent = Agent("agent.hcl")
    session = agent.session(".")

    # --- seed: "Direct tools" ---
    content = session.read_file("src/main.py")
    output = session.bash("pytest")
    files = session.glob("**/*.py")
    matches = session.grep("TODO")
    result = session.tool("git_worktree", {"command": "list"})
    # --- end of seed code ---

    assert content.startswith("def main():")
    assert "1 passed" in output
    assert sorted(files) == ["src/main.py", "test_main.py"]
    assert "src/main.py" in matches
    assert result.is_error and "not inside a git repository" in result.output  # seed_dir is no repo


def test_the_prompt_slots_snippet_runs_as_written(seed_dir, llm):
    from a3s_code import Agent, SessionOptions

    agent = Agent("agent.hcl")
    llm.add(Reply(text="ok"))

    # --- seed: "System Prompt Customization (Slot-Based)" ---
    opts = SessionOptions()
    opts.role = "You are a senior Rust developer"
    opts.guidelines = "Use clippy. No unwrap(). Prefer Result."
    opts.response_style = "Be concise. Use bullet points."
    opts.extra = "This project uses tokio and axum."
    session = agent.session(".", opts)
    # --- end of seed code ---

    session.send("hi")
    system = str(llm.requests[0].body["system"])
    assert system.startswith("You are a senior Rust developer")
    assert "## Guidelines\nUse clippy. No unwrap(). Prefer Result." in system
    assert "## Response Format\nBe concise. Use bullet points." in system
    assert system.rstrip().endswith("This project uses tokio and axum.")
    assert "## How you work" in system  # the core section is always kept


def test_the_quick_start_planning_keyword_is_accepted(seed_dir, llm):
    from a3s_code import Agent, SessionOptions

    llm.add(Reply(text="planned"))
    session = Agent("agent.hcl").session(".", SessionOptions(), planning=True)

    assert session.send("Refactor auth + update tests").text == "planned"


def test_stream_consumers_answer_confirmations_from_their_own_thread(seed_dir, llm):
    from a3s_code import Agent

    llm.add(Reply(tool_calls=[ToolCall("write", {"file_path": "new.txt", "content": "x"})]), Reply(text="written"))
    session = Agent("agent.hcl").session(".")

    kinds = []
    for event in session.stream("create new.txt"):
        kinds.append(event.event_type)
        if event.event_type == "confirmation_required":
            assert event.tool_name == "write" and "diff" in event.metadata
            event.approve()

    assert (seed_dir / "new.txt").read_text(encoding="utf-8") == "x"
    assert kinds.index("confirmation_required") < kinds.index("tool_start")


def test_send_without_an_approver_refuses_risky_calls_and_says_how_to_allow_them(seed_dir, llm):
    from a3s_code import Agent

    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "touch x"})]), Reply(text="denied"))
    session = Agent("agent.hcl").session(".")

    session.send("touch x")

    assert not (seed_dir / "x").exists()
    told = str(llm.requests[1].body["messages"][-1])
    assert "on_confirm" in told and "bash(touch x)" in told


def test_send_with_an_on_confirm_callback_asks_it(seed_dir, llm):
    from a3s_code import Agent, SessionOptions

    asked = []
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "touch y"})]), Reply(text="ok"))
    opts = SessionOptions(on_confirm=lambda request: asked.append(request.subject) or True)
    Agent("agent.hcl").session(".", opts).send("touch y")

    assert asked == ["touch y"] and (seed_dir / "y").exists()


def test_a_missing_config_file_is_a_config_error_naming_it(tmp_path):
    from a3s_code import Agent, ConfigError

    with pytest.raises(ConfigError, match="nope.hcl"):
        Agent(str(tmp_path / "nope.hcl"))


def test_the_direct_queue_submission_snippet_runs_as_written(seed_dir):
    from a3s_code import Agent, SessionOptions

    (seed_dir / "src" / "main.rs").write_text("fn main() {}\n", encoding="utf-8")
    (seed_dir / "src" / "lib.rs").write_text("pub fn lib() {}\n", encoding="utf-8")
    session = Agent("agent.hcl").session(".", SessionOptions(permissive=True))

    # --- seed: "Direct Queue Submission (Parallel Tasks)" + "Queue" ---
    result = session.submit("execute", {"command": "cargo test"})
    results = session.submit_batch("query", [
        {"path": "src/main.rs"},
        {"path": "src/lib.rs"},
    ])
    stats = session.queue_stats()
    dead = session.dead_letters()
    # --- end of seed code ---

    assert "exit_code" in result.metadata or "Exit code" in result.output or "cargo" in result.output
    assert "fn main() {}" in results[0].output and "pub fn lib() {}" in results[1].output
    assert stats["lanes"]["query"]["completed"] == 2 and stats["lanes"]["execute"]["completed"] == 1
    assert dead == []


def test_an_external_worker_thread_serves_the_execute_lane_through_the_sdk(seed_dir, llm):
    import threading

    from a3s_code import Agent, SessionOptions

    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "cargo build"})]), Reply(text="built remotely"))
    session = Agent("agent.hcl").session(".", SessionOptions(permissive=True))
    session.set_lane_handler("execute", mode="external", timeout_ms=10_000)
    served = []
    task_published = threading.Event()
    session.subscribe(lambda event: event.event_type == "external_task_pending" and task_published.set())

    def worker() -> None:
        assert task_published.wait(timeout=10)
        task = session.pending_external_tasks()[0]
        served.append(task.command_type)
        session.complete_external_task(task.task_id, {"success": True, "result": {"output": "Finished", "exit_code": 0}})

    thread = threading.Thread(target=worker)
    thread.start()
    result = session.send("build it")
    thread.join(timeout=10)

    assert served == ["bash"] and result.text == "built remotely"
    assert "Finished" in str(llm.requests[1].body["messages"][-1])


def test_the_persistence_snippet_saves_as_it_goes_and_resumes(seed_dir, llm):
    from a3s_code import Agent, FileSessionStore, SessionOptions

    agent = Agent("agent.hcl")
    llm.add(Reply(tool_calls=[ToolCall("ls", {})]), Reply(text="remembered"), Reply(text="still here"))

    # --- seed: "Persistence — set ID + auto-save, then resume later" ---
    opts2 = SessionOptions()
    opts2.session_store = FileSessionStore('./sessions')
    opts2.session_id = 'my-session'
    opts2.auto_save = True
    session2 = agent.session(".", opts2)
    # --- (a conversation happens) ---
    session2.send("remember the number 7")
    resumed = agent.resume_session('my-session', opts2)
    # --- end of seed code ---

    saved = (seed_dir / "sessions" / "my-session.json").read_text(encoding="utf-8")
    assert "remember the number 7" in saved and "test-key" not in saved
    assert [m.role for m in resumed.history] == ["user", "assistant", "user", "assistant"]
    assert resumed.session_id == "my-session" and resumed.model == session2.model
    assert resumed.send("what number?").text == "still here"
    assert "remember the number 7" in str(llm.requests[2].body["messages"])
    assert agent.latest_session_id(".", opts2) == "my-session"


def test_the_slash_commands_and_scheduler_snippets_run_as_written(seed_dir, llm):
    from a3s_code import Agent

    agent = Agent("agent.hcl")
    session = agent.session(".")

    # --- seed: "Programmatic Scheduler API (SDK)" (Python) ---
    commands = session.list_commands()   # list[dict] — name, description, usage
    session.register_command("status", "Show session status",
        lambda args, ctx: f"Model: {ctx['model']}, History: {ctx['history_len']} msgs")

    task_id = session.schedule_task("check deployment status", 30)   # every 30s
    tasks   = session.list_scheduled_tasks()   # list[dict] — id, prompt, interval_secs, fire_count, next_fire_in_secs
    ok      = session.cancel_scheduled_task(task_id)   # True

    # Also via slash commands:
    session.send("/loop 5m summarize recent commits")
    session.send("/cron-list")
    session.send(f"/cron-cancel {task_id}")
    # --- end of seed code ---

    names = {c["name"] for c in commands}
    assert {"help", "compact", "cost", "model", "clear", "history", "tools", "mcp", "loop", "cron-list", "cron-cancel"} <= names
    assert tasks[0]["prompt"] == "check deployment status" and tasks[0]["interval_secs"] == 30
    assert set(tasks[0]) == {"id", "prompt", "interval_secs", "fire_count", "next_fire_in_secs"}
    assert ok is True
    assert session.send("/status").text == "Model: anthropic/claude-test, History: 0 msgs"
    remaining = session.list_scheduled_tasks()
    assert [t["prompt"] for t in remaining] == ["summarize recent commits"] and remaining[0]["interval_secs"] == 300
    assert llm.requests == []


NODE_MODULES = Path(__file__).resolve().parents[1] / "core" / "mcp" / "node" / "node_modules"


def test_the_mcp_snippet_runs_as_written(seed_dir):
    import shutil

    if shutil.which("npx") is None or not (NODE_MODULES / "@modelcontextprotocol" / "server-filesystem").is_dir():
        pytest.skip("npx or @modelcontextprotocol/server-filesystem is missing (npm install --prefix tests/core/mcp/node)")
    (seed_dir / "node_modules").symlink_to(NODE_MODULES)  # npx finds the package here: no download
    from a3s_code import Agent

    agent = Agent("agent.hcl")

    # --- seed: MCP Integration, Python ---
    session = agent.session(".")

    # Connect and inject tools
    count = session.add_mcp_server(
        "filesystem",
        command="npx",
        args=["-y", "@modelcontextprotocol/server-filesystem", "/tmp"],
    )

    # Status + tools
    status = session.mcp_status()   # {name: {connected, tool_count, error}}
    tools  = session.tool_names()   # list[str]

    # Remove
    session.remove_mcp_server("filesystem")

    # Refresh global cache
    agent.refresh_mcp_tools()
    # --- end of seed code ---

    assert count > 0 and status["filesystem"] == {"connected": True, "tool_count": count, "error": None}
    assert "mcp__filesystem__read_text_file" in tools or "mcp__filesystem__read_file" in tools
    assert not any(name.startswith("mcp__filesystem") for name in session.tool_names())


def test_the_git_worktree_call_lists_worktrees_in_a_repository(seed_dir):
    import subprocess

    from a3s_code import Agent

    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.test"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=seed_dir, check=True)
    subprocess.run([*git, "add", "-A"], cwd=seed_dir, check=True)
    subprocess.run([*git, "commit", "-qm", "init"], cwd=seed_dir, check=True)
    session = Agent("agent.hcl").session(".")

    created = session.tool("git_worktree", {"command": "create", "branch": "feature/x"})
    result = session.tool("git_worktree", {"command": "list"})

    assert not created.is_error, created.output
    assert (seed_dir.parent / "repo-feature-x").is_dir()
    assert "main" in result.output and "feature/x" in result.output
