"""Histories for the compaction tests, shaped like real sessions, and a wire-format check."""

from __future__ import annotations

import random
from typing import Any

from a3s_core.compaction import history_problems
from a3s_core.messages import (
    ImageBlock,
    Message,
    TextBlock,
    ThinkingBlock,
    ToolResultBlock,
    ToolUseBlock,
)
from a3s_core.providers.anthropic_format import anthropic_body
from a3s_core.providers.openai_format import openai_body
from a3s_core.providers.request import ModelRequest
from a3s_core.testing.validation import validate_anthropic, validate_openai

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
LONG_FILE = "def main():\n" + "    print('line')\n" * 200


def call(tool_id: str, name: str, **arguments: Any) -> Message:
    return Message("assistant", [ToolUseBlock(tool_id, name, arguments)])


def result(tool_id: str, content: str, *, is_error: bool = False) -> Message:
    return Message("user", [ToolResultBlock(tool_id, content, is_error)])


def said(text: str, *, thinking: str | None = None) -> Message:
    blocks: list[Any] = [ThinkingBlock(thinking, signature=f"sig-{len(thinking)}")] if thinking else []
    return Message("assistant", [*blocks, TextBlock(text)])


def realistic_history() -> list[Message]:
    """Four turns: two in the middle (with plan, edits, an error, an image), two recent ones."""
    return [
        Message.user("Add a --verbose flag to the CLI. Always run the tests before committing."),
        Message("assistant", [
            ThinkingBlock("The user wants a flag; read the CLI first.", signature="sig-old-1"),
            TextBlock("Plan:\n- [ ] add the flag\n- [ ] update the docs\n- [ ] write tests"),
            ToolUseBlock("t1", "read", {"file_path": "src/cli.py"}),
        ]),
        result("t1", LONG_FILE),
        call("t2", "edit", file_path="src/cli.py", old_string="def main():", new_string="def main(verbose):"),
        result("t2", "Edited src/cli.py (1 replacement)"),
        said("- [x] add the flag\nThe flag is in place."),
        Message.user("Never touch migrations/. Here is a screenshot of the error.", [ImageBlock("image/png", PNG)]),
        call("t3", "bash", command="pytest -q tests/test_cli.py"),
        result("t3", "FAILED tests/test_cli.py::test_verbose - NameError: verbose", is_error=True),
        call("t4", "write", file_path="tests/test_cli.py", content="def test_verbose(): ..."),
        result("t4", "Wrote tests/test_cli.py"),
        said("- [x] write tests\nTests pass now: the NameError came from a missing parameter."),
        Message.user("Now update the README."),
        Message("assistant", [
            ThinkingBlock("Edit the usage section.", signature="sig-recent-1"),
            ToolUseBlock("t5", "edit", {"file_path": "README.md", "old_string": "a", "new_string": "b"}),
        ]),
        result("t5", "Edited README.md"),
        said("README updated."),
        Message.user("Thanks, commit it."),
        Message("assistant", [
            ThinkingBlock("", redacted_data="opaque-redacted"),
            ThinkingBlock("Commit with a message.", signature="sig-recent-2"),
            ToolUseBlock("t6", "bash", {"command": "git commit -am 'Add --verbose'"}),
        ]),
        result("t6", "[main abc123] Add --verbose"),
        said("Committed."),
    ]


def one_long_turn(rounds: int = 8) -> list[Message]:
    """One prompt, then ``rounds`` tool rounds, still in progress (ends with a tool result)."""
    history = [Message.user("Fix every failing test. Do not edit the fixtures.")]
    for i in range(rounds):
        history.append(call(f"r{i}", "bash", command=f"pytest -x -k case{i}"))
        history.append(result(f"r{i}", f"case{i} FAILED" if i % 2 else f"case{i} passed"))
    return history


def random_history(rng: random.Random) -> list[Message]:
    """A valid history of random turns: text answers, tool rounds (some parallel), thinking, images."""
    history: list[Message] = []
    counter = 0
    turns = rng.randint(1, 7)
    for turn in range(turns):
        images = [ImageBlock("image/png", PNG)] if rng.random() < 0.2 else None
        history.append(Message.user(f"turn {turn}: please make sure it works", images))
        rounds = rng.randint(0, 4)
        for _ in range(rounds):
            ids = [f"c{counter + k}" for k in range(rng.randint(1, 3))]
            counter += len(ids)
            thinking = [ThinkingBlock("hmm", signature="sig")] if rng.random() < 0.5 else []
            uses = [ToolUseBlock(i, rng.choice(["read", "edit", "bash"]), {"file_path": f"f{i}.py"}) for i in ids]
            history.append(Message("assistant", [*thinking, *uses]))
            history.append(Message("user", [ToolResultBlock(i, f"out {i}") for i in ids]))
        in_progress = turn == turns - 1 and rounds > 0 and rng.random() < 0.3
        if not in_progress:
            history.append(said(f"answer {turn}"))
    return history


def wire_problems(history: list[Message]) -> list[str]:
    """Our own check plus the scripted server's Anthropic and OpenAI request validators."""
    request = ModelRequest(model="m", system="You are a coding agent.", messages=history)
    problems = list(history_problems(history))
    for name, error in (
        ("anthropic", validate_anthropic(anthropic_body(request), {"anthropic-version": "2023-06-01"})),
        ("openai", validate_openai(openai_body(request))),
    ):
        if error is not None:
            problems.append(f"{name}: {error.message}")
    return problems
