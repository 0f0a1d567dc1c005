from __future__ import annotations

import io
import json
import re
import subprocess
import sys

from a3s_cli.render import JsonLinesRenderer, TerminalRenderer
from a3s_cli.render_blocks import MarkdownBlocks
from a3s_core.events import AgentEvent

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain(text: str) -> str:
    return ANSI.sub("", text)


def renderer(
    *, out_tty: bool, err_tty: bool = False, verbose: bool = False
) -> tuple[TerminalRenderer, io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    return TerminalRenderer(out, err, out_is_tty=out_tty, err_is_tty=err_tty, verbose=verbose, width=60), out, err


def stream(render: TerminalRenderer, text: str, size: int = 3) -> None:
    for start in range(0, len(text), size):
        render.handle(AgentEvent("text_delta", text=text[start : start + size]))


def test_a_fenced_code_block_split_across_deltas_renders_once() -> None:
    render, out, _ = renderer(out_tty=True)
    stream(render, "Run this:\n\n```python\nprint('hi')\n\nprint('bye')\n```\n")
    rendered_before_finish = out.getvalue()
    render.finish()
    text = plain(out.getvalue())
    assert text.count("print('hi')") == 1 and text.count("print('bye')") == 1
    assert "```" not in text
    assert "print('bye')" in plain(rendered_before_finish)


def test_a_block_is_printed_when_complete_and_never_printed_again() -> None:
    render, out, _ = renderer(out_tty=True)
    stream(render, "# Title\n\nFirst paragraph.\n\nSecond para")
    early = out.getvalue()
    assert "Title" in plain(early) and "First paragraph." in plain(early)
    assert "#" not in plain(early)
    assert "Second" not in plain(early)
    render.finish()
    assert out.getvalue().startswith(early)
    assert plain(out.getvalue()).count("First paragraph.") == 1
    assert "Second para" in plain(out.getvalue())


def test_markdown_on_a_terminal_is_styled() -> None:
    render, out, _ = renderer(out_tty=True)
    stream(render, "some **bold** text")
    render.finish()
    assert "\x1b[1mbold\x1b[0m" in out.getvalue()
    assert "**" not in out.getvalue()


def test_text_held_at_a_tool_call_is_rendered_before_the_tool_line() -> None:
    render, out, err = renderer(out_tty=True)
    stream(render, "Let me check")
    assert out.getvalue() == ""
    render.handle(AgentEvent("tool_start", tool_name="read", args={"path": "src/app.py"}))
    assert "Let me check" in plain(out.getvalue())
    assert "● read  src/app.py" in err.getvalue()


def test_without_a_terminal_the_text_is_printed_exactly_plus_a_final_newline() -> None:
    text = "Here is **bold** and `code`:\n\n```py\nx = 1\n```\nno newline at the end"
    render, out, err = renderer(out_tty=False)
    stream(render, text, size=5)
    render.finish()
    assert out.getvalue() == text + "\n"
    assert err.getvalue() == ""


def test_raw_text_is_written_as_each_delta_arrives() -> None:
    render, out, _ = renderer(out_tty=False)
    render.handle(AgentEvent("text_delta", text="Hel"))
    assert out.getvalue() == "Hel"


def test_raw_text_that_already_ends_with_a_newline_gets_no_second_one() -> None:
    render, out, _ = renderer(out_tty=False)
    stream(render, "done\n")
    render.finish()
    assert out.getvalue() == "done\n"


def test_raw_messages_on_both_sides_of_a_tool_call_are_on_separate_lines() -> None:
    render, out, err = renderer(out_tty=False)
    stream(render, "Checking.")
    render.handle(AgentEvent("tool_start", tool_name="bash", args={"command": "ls"}))
    render.handle(AgentEvent("tool_end", tool_name="bash", metadata={"exit_code": 0}))
    stream(render, "All fine.")
    render.finish()
    assert out.getvalue() == "Checking.\nAll fine.\n"
    assert err.getvalue() == "● bash  ls\n  ✓ exit 0\n"


def test_tool_lines_go_to_stderr_without_colour_when_it_is_not_a_terminal() -> None:
    render, out, err = renderer(out_tty=True, err_tty=False)
    render.handle(AgentEvent("tool_start", tool_name="bash", args={"command": "npm test"}))
    render.handle(AgentEvent("tool_output_delta", text="PASS all\n"))
    render.handle(AgentEvent("tool_end", tool_name="bash", is_error=True, output="FAIL", metadata={"exit_code": 1}))
    render.finish()
    assert out.getvalue() == ""
    assert err.getvalue() == "● bash  npm test\n  ✗ exit 1\n"


def test_live_bash_output_is_indented_and_dimmed_on_a_terminal() -> None:
    render, _, err = renderer(out_tty=False, err_tty=True)
    render.handle(AgentEvent("tool_start", tool_name="bash", args={"command": "npm test"}))
    render.handle(AgentEvent("tool_output_delta", text="one\ntw"))
    render.handle(AgentEvent("tool_output_delta", text="o\n"))
    render.handle(AgentEvent("tool_output_delta", text="three"))
    render.handle(AgentEvent("tool_end", tool_name="bash", metadata={"exit_code": 0}))
    assert "\x1b[2mone\x1b[0m" in err.getvalue()
    assert plain(err.getvalue()) == "● bash  npm test\n    one\n    two\n    three\n  ✓ exit 0\n"


def test_an_edit_ends_with_its_added_and_removed_line_counts() -> None:
    render, _, err = renderer(out_tty=False)
    render.handle(AgentEvent("tool_start", tool_name="edit", args={"path": "src/app.py", "old_string": "a"}))
    render.handle(AgentEvent("tool_end", tool_name="edit", metadata={"additions": 3, "deletions": 1}))
    assert err.getvalue() == "● edit  src/app.py\n  ✓ +3 -1\n"


def test_a_failed_tool_without_exit_code_shows_the_first_line_of_its_output() -> None:
    render, _, err = renderer(out_tty=False)
    render.handle(AgentEvent("tool_end", tool_name="edit", is_error=True, output="old_string not found\nhint"))
    assert err.getvalue() == "  ✗ old_string not found…\n"


def test_a_long_command_is_shortened_to_its_first_line() -> None:
    render, _, err = renderer(out_tty=False)
    render.handle(AgentEvent("tool_start", tool_name="bash", args={"command": "cat <<EOF\nsecret\nEOF"}))
    assert err.getvalue() == "● bash  cat <<EOF…\n"


def test_a_permission_denial_is_yellow_with_its_reason() -> None:
    render, _, err = renderer(out_tty=False, err_tty=True)
    args = {"command": "rm -rf /"}
    render.handle(AgentEvent("permission_denied", tool_name="bash", args=args, text="denied by rule bash(rm *)"))
    assert err.getvalue().startswith("\x1b[33m")
    assert plain(err.getvalue()) == "⊘ bash  rm -rf /  — denied by rule bash(rm *)\n"


def test_errors_are_red_and_retries_dim() -> None:
    render, out, err = renderer(out_tty=True, err_tty=True)
    render.handle(AgentEvent("retry", text="rate limited; retrying in 2.0 s (attempt 1)"))
    render.handle(AgentEvent("error", text="authentication failed", is_error=True))
    lines = err.getvalue().splitlines()
    assert lines[0] == "\x1b[2m↻ rate limited; retrying in 2.0 s (attempt 1)\x1b[0m"
    assert lines[1] == "\x1b[31m✗ error: authentication failed\x1b[0m"
    assert out.getvalue() == ""


def test_a_retry_forgets_markdown_that_was_not_printed_yet() -> None:
    render, out, _ = renderer(out_tty=True)
    stream(render, "Partial answ")
    render.handle(AgentEvent("retry", text="overloaded; retrying in 1.0 s (attempt 1)"))
    stream(render, "Full answer.")
    render.finish()
    assert "Partial" not in plain(out.getvalue())
    assert "Full answer." in plain(out.getvalue())


def test_reasoning_is_shown_dim_on_stderr_only_when_verbose() -> None:
    quiet, quiet_out, quiet_err = renderer(out_tty=False, err_tty=True)
    loud, loud_out, loud_err = renderer(out_tty=False, err_tty=True, verbose=True)
    for render in (quiet, loud):
        render.handle(AgentEvent("reasoning_delta", text="thinking"))
        render.handle(AgentEvent("text_delta", text="answer"))
        render.finish()
    assert quiet_err.getvalue() == "" and quiet_out.getvalue() == "answer\n"
    assert loud_err.getvalue() == "\x1b[2mthinking\x1b[0m\n"
    assert loud_out.getvalue() == "answer\n"


def test_verbose_mode_prints_token_usage_at_the_end() -> None:
    render, _, err = renderer(out_tty=False, verbose=True)
    render.handle(AgentEvent("end", usage={"input_tokens": 120, "output_tokens": 8, "cache_read_tokens": 100}))
    assert err.getvalue() == "tokens: 120 in, 8 out, 100 cached\n"


def test_pause_ends_the_half_written_lines_before_a_prompt() -> None:
    render, out, err = renderer(out_tty=False, err_tty=True)
    stream(render, "About to run")
    render.pause()
    assert out.getvalue() == "About to run\n"
    render.handle(AgentEvent("tool_output_delta", text="partial"))
    render.pause()
    assert err.getvalue().endswith("\n")


def test_the_tool_only_path_does_not_import_rich() -> None:
    code = (
        "import io, sys\n"
        "from a3s_cli.render import TerminalRenderer\n"
        "from a3s_core.events import AgentEvent\n"
        "r = TerminalRenderer(io.StringIO(), io.StringIO(), out_is_tty=True, err_is_tty=True)\n"
        "r.handle(AgentEvent('tool_start', tool_name='bash', args={'command': 'ls'}))\n"
        "r.handle(AgentEvent('tool_end', tool_name='bash', metadata={'exit_code': 0}))\n"
        "r.finish()\n"
        "print('rich' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True)
    assert result.stdout.strip() == "False"


def test_json_lines_prints_one_parseable_object_per_event() -> None:
    out = io.StringIO()
    render = JsonLinesRenderer(out)
    render.handle(AgentEvent("text_delta", text="hi", turn=1))
    render.handle(AgentEvent("tool_end", tool_name="bash", output="ok", metadata={"exit_code": 0}, turn=1))
    render.finish()
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == [
        {"type": "text_delta", "text": "hi", "turn": 1},
        {"type": "tool_end", "tool_name": "bash", "output": "ok", "turn": 1, "metadata": {"exit_code": 0}},
    ]


def test_blocks_end_at_blank_lines_outside_fences_only() -> None:
    blocks = MarkdownBlocks()
    assert blocks.feed("para\n\n~~~~\ncode\n\nmore\n~~~\n") == ["para"]
    assert blocks.feed("still code\n~~~~\n") == ["~~~~\ncode\n\nmore\n~~~\nstill code\n~~~~"]
    assert blocks.flush() == []


def test_a_blank_line_before_an_indented_continuation_does_not_end_the_block() -> None:
    blocks = MarkdownBlocks()
    assert blocks.feed("1. item\n\n ") == []
    assert blocks.feed("  more about it\n\nNext\n") == ["1. item\n\n   more about it"]
    assert blocks.flush() == ["Next"]


def test_a_block_ends_as_soon_as_the_next_unindented_line_begins() -> None:
    blocks = MarkdownBlocks()
    assert blocks.feed("First.\n\n") == []
    assert blocks.feed("S") == ["First."]
    assert blocks.flush() == ["S"]


def test_a_fence_line_with_a_backtick_in_its_info_does_not_open_a_fence() -> None:
    blocks = MarkdownBlocks()
    assert blocks.feed("```not`a fence\n\nafter\n\nx") == ["```not`a fence", "after"]


def test_on_one_terminal_a_blank_line_separates_tool_lines_from_the_answer() -> None:
    render, out, err = renderer(out_tty=True, err_tty=True)
    render.handle(AgentEvent("tool_start", tool_name="bash", args={"command": "ls"}))
    stream(render, "Done.")
    render.handle(AgentEvent("tool_start", tool_name="read", args={"path": "a.py"}))
    render.finish()
    assert plain(out.getvalue()).splitlines()[0] == ""
    assert plain(out.getvalue()).splitlines()[1].strip() == "Done."
    assert plain(err.getvalue()) == "● bash  ls\n\n● read  a.py\n"
