"""The real `a3s-code` process against the scripted LLM server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from a3s_core.testing import Fault, Reply, ToolCall
from tests.conftest import cli_env, write_config

BINARY = Path(sys.executable).parent / "a3s-code"


def a3s(*args: str, cwd: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    assert BINARY.exists(), f"{BINARY} missing: install the project first (pip install -e '.[test]')"
    return subprocess.run(
        [str(BINARY), *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=60, env=cli_env(**env)
    )


def test_a_piped_one_shot_prints_exactly_the_answer(tmp_path, llm, protocol, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, protocol)
    llm.add(Reply(text="The repo is **small**.\n\n- one\n- two"))

    done = a3s("-c", str(config), "explain this repo", cwd=workspace)

    assert done.returncode == 0, done.stderr
    assert done.stdout == "The repo is **small**.\n\n- one\n- two\n"
    assert "Traceback" not in done.stderr


def test_a_multi_round_conversation_writes_edits_and_runs_a_command(tmp_path, llm, protocol, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, protocol)
    llm.add(
        Reply(tool_calls=[ToolCall("write", {"file_path": "hello.py", "content": "print('hello')\n"})]),
        Reply(tool_calls=[ToolCall("edit", {"file_path": "hello.py", "old_string": "hello", "new_string": "hello, world"})]),
        Reply(tool_calls=[ToolCall("bash", {"command": "python3 hello.py && echo exit-ok"})]),
        Reply(text="It prints hello, world."),
    )

    done = a3s("-c", str(config), "--yes", "write and run hello.py", cwd=workspace)

    assert done.returncode == 0, done.stderr
    assert (workspace / "hello.py").read_text(encoding="utf-8") == "print('hello, world')\n"
    assert done.stdout.strip() == "It prints hello, world."
    last_request = str(llm.requests[3].body["messages"][-1])
    assert "hello, world" in last_request and "exit-ok" in last_request
    assert "bash" in done.stderr and "write" in done.stderr and "edit" in done.stderr


def test_without_a_terminal_an_ask_is_refused_and_says_how_to_allow_it(tmp_path, llm, protocol, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, protocol)
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "touch made.txt"})]), Reply(text="I could not run it."))

    done = a3s("-c", str(config), "make a file", cwd=workspace)

    assert not (workspace / "made.txt").exists()
    assert "--yes" in done.stderr
    assert "--yes" in str(llm.requests[1].body["messages"][-1])


def test_stream_json_prints_one_event_per_line(tmp_path, llm, protocol, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, protocol)
    (workspace / "f.txt").write_text("x\n", encoding="utf-8")
    llm.add(Reply(tool_calls=[ToolCall("read", {"file_path": "f.txt"})]), Reply(text="done"))

    done = a3s("-c", str(config), "--output-format", "stream-json", "read f", cwd=workspace)

    events = [json.loads(line) for line in done.stdout.splitlines()]
    kinds = [e["type"] for e in events]
    assert kinds[0] == "turn_start" and kinds[-1] == "end"
    assert "tool_start" in kinds and "tool_end" in kinds and "text_delta" in kinds


def test_json_output_is_one_result_object(tmp_path, llm, protocol, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, protocol)
    llm.add(Reply(text="forty-two", input_tokens=3, output_tokens=2))

    done = a3s("-c", str(config), "--output-format", "json", "answer", cwd=workspace)

    result = json.loads(done.stdout)
    assert result["result"] == "forty-two" and result["is_error"] is False
    assert result["usage"]["input_tokens"] == 3


def test_a_rate_limit_is_retried_and_the_answer_still_arrives(tmp_path, llm, protocol, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, protocol)
    llm.add(Fault(429, retry_after=0), Reply(text="after the retry"))

    done = a3s("-c", str(config), "hi", cwd=workspace)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "after the retry"
    assert len(llm.requests) == 2


def test_a_broken_config_names_file_and_line_without_a_traceback(tmp_path, workspace):
    config = tmp_path / "agent.hcl"
    config.write_text('default_model = "anthropic/x"\nproviders {\n  name = \n}\n', encoding="utf-8")

    done = a3s("-c", str(config), "hi", cwd=workspace)

    assert done.returncode == 2
    assert f"{config}:3" in done.stderr or f"{config}:4" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unknown_provider_is_a_usage_error_listing_the_configured_ones(tmp_path, llm, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, "anthropic")

    done = a3s("-c", str(config), "-m", "nosuch/model", "hi", cwd=workspace)

    assert done.returncode == 2
    assert "nosuch" in done.stderr and "anthropic" in done.stderr


def test_a_failed_api_call_exits_1_with_a_clear_message(tmp_path, llm, protocol, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, protocol)
    llm.add(Fault(401, message="invalid x-api-key"))

    done = a3s("-c", str(config), "hi", cwd=workspace)

    assert done.returncode == 1
    assert "401" in done.stderr and "Traceback" not in done.stderr


def test_environment_keys_are_enough_without_a_config_file(llm, workspace):
    llm.add(Reply(text="env works"))

    done = a3s(
        "hi", cwd=workspace, ANTHROPIC_API_KEY="test-key", ANTHROPIC_BASE_URL=llm.anthropic_base_url
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "env works"
    assert llm.requests[0].headers["x-api-key"] == "test-key"


def test_version_and_usage_errors_use_their_exit_codes(workspace):
    assert a3s("--version", cwd=workspace).stdout.startswith("a3s-code ")
    assert a3s("--output-format", "yaml", "hi", cwd=workspace).returncode == 2
    assert a3s("", cwd=workspace).returncode == 2
    assert a3s("-", cwd=workspace, stdin="  \n").returncode == 2


@pytest.mark.parametrize("flag", ["-m", "--model"])
def test_the_model_flag_picks_the_model_sent_to_the_provider(tmp_path, llm, workspace, flag):
    config = write_config(tmp_path / "agent.hcl", llm, "openai")
    llm.add(Reply(text="ok"))

    a3s("-c", str(config), flag, "openai/gpt-other", "hi", cwd=workspace)

    assert llm.requests[0].body["model"] == "gpt-other"


PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005050200" "5fc8f1d20000000049454e44ae426082"
)


def test_an_attached_image_is_sent_with_the_prompt(tmp_path, llm, protocol, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, protocol)
    (workspace / "shot.png").write_bytes(PIXEL_PNG)
    llm.add(Reply(text="a pixel"))

    done = a3s("-c", str(config), "-i", "shot.png", "what is this?", cwd=workspace)

    assert done.returncode == 0, done.stderr
    assert "iVBORw0KGgo" in str(llm.requests[0].body["messages"][-1])


def test_a_file_that_is_not_an_image_is_a_usage_error(tmp_path, llm, workspace):
    config = write_config(tmp_path / "agent.hcl", llm, "anthropic")
    (workspace / "notes.txt").write_text("hello", encoding="utf-8")

    done = a3s("-c", str(config), "--image", "notes.txt", "what is this?", cwd=workspace)

    assert done.returncode == 2 and "notes.txt is not a PNG, JPEG, GIF or WebP image" in done.stderr
    assert llm.requests == []


def test_python_dash_m_a3s_cli_is_the_same_command(workspace):
    done = subprocess.run([sys.executable, "-m", "a3s_cli", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("a3s-code 0.")
