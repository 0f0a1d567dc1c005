"""The real `a3s-code` binary's full-screen app in a real terminal (tmux)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from a3s_core.testing import Reply, ToolCall
from tests.conftest import cli_env, write_config
from tests.support.tmux import TmuxTerminal

BINARY = Path(sys.executable).parent / "a3s-code"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")


@pytest.fixture
def terminal_for(tmp_path):
    opened: list[TmuxTerminal] = []

    def start(config: Path, workspace: Path) -> TmuxTerminal:
        env = cli_env(TERM="xterm-256color", COLORTERM="truecolor")
        env = {k: v for k, v in env.items() if k in ("HOME", "PATH", "TERM", "COLORTERM", "A3S_TEST_KEY", "LANG")}
        terminal = TmuxTerminal([str(BINARY), "-c", str(config)], workspace, env, tmp_path)
        opened.append(terminal)
        return terminal

    yield start
    for terminal in opened:
        terminal.close()


def answer_modal(app: TmuxTerminal, key: str) -> None:
    """Press ``key`` until the modal closes: it ignores keys for a moment after it opens, so that
    keys meant for the prompt cannot answer it (a person simply presses again)."""
    for _ in range(10):
        app.send(key)
        try:
            app.wait_gone("Allow bash?", timeout=1.0)
            return
        except AssertionError:
            continue
    raise AssertionError("the confirmation modal never took the answer")


def test_a_person_chats_approves_a_command_and_quits(tmp_path, llm, workspace, terminal_for):
    config = write_config(tmp_path / "agent.hcl", llm, "anthropic")
    llm.add(
        Reply(text="Hello from **tmux**."),
        Reply(tool_calls=[ToolCall("bash", {"command": "echo made > proof.txt && echo done-running"})]),
        Reply(text="The command ran."),
    )
    app = terminal_for(config, workspace)

    app.wait_for("claude-test")  # the status bar names the model
    app.type("say hello")
    app.send("Enter")
    app.wait_for("Hello from tmux.")

    app.type("make the proof file")
    app.send("Enter")
    app.wait_for("Allow bash?")
    assert not (workspace / "proof.txt").exists()
    answer_modal(app, "y")
    app.wait_for("The command ran.")
    assert (workspace / "proof.txt").read_text(encoding="utf-8") == "made\n"

    app.send("C-c")
    app.send("C-c")
    app.wait_for("Pane is dead", timeout=10)
    assert app.exited()
