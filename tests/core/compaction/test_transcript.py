"""The summary request: the middle as a transcript, and what to keep."""

from __future__ import annotations

from compaction_histories import LONG_FILE, realistic_history

from a3s_core.compaction import plan_compaction, render_transcript, summary_request
from a3s_core.messages import Message, TextBlock


def _request() -> str:
    plan = plan_compaction(realistic_history())
    assert plan is not None
    return summary_request(plan)


def test_the_request_renders_the_middle_with_abridged_tool_calls_and_results():
    text = _request()
    assert "Assistant: [tool read: src/cli.py]" in text
    assert "Assistant: [tool bash: pytest -q tests/test_cli.py]" in text
    assert "Tool error: FAILED tests/test_cli.py::test_verbose - NameError: verbose" in text
    assert "User: [image]" in text and "Never touch migrations/." in text
    assert "Tests pass now: the NameError came from a missing parameter." in text
    assert LONG_FILE[:200] in text and LONG_FILE not in text


def test_the_request_leaves_out_thinking_and_the_kept_head_and_tail():
    text = _request()
    assert "read the CLI first" not in text and "sig-old-1" not in text
    assert "Add a --verbose flag" not in text  # the head stays verbatim
    assert "Now update the README." not in text and "Committed." not in text  # the tail too


def test_the_request_asks_for_decisions_facts_paths_errors_and_what_remains():
    text = _request().lower()
    for wanted in ("decisions", "facts", "file path", "errors", "remains to do", "<transcript>"):
        assert wanted in text


def test_a_long_transcript_keeps_its_end():
    messages = [Message("user" if i % 2 == 0 else "assistant", [TextBlock(f"message {i:04d}")]) for i in range(2000)]
    text = render_transcript(messages, max_chars=1000)
    assert len(text) <= 1100
    assert text.startswith("[... the start of the transcript was cut to fit ...]\n")
    assert text.endswith("message 1999") and "message 0000" not in text
