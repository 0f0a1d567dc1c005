from __future__ import annotations

import pytest

from a3s_core.permissions.rules import exact_rule, parse_rule
from a3s_core.permissions.shell import split_command


def test_a_rule_with_a_pattern_is_split_into_tool_and_pattern() -> None:
    rule = parse_rule("bash(cargo *)")
    assert (rule.tool, rule.pattern, rule.text) == ("bash", "cargo *", "bash(cargo *)")


def test_a_bare_tool_name_has_no_pattern_and_matches_every_call() -> None:
    rule = parse_rule("bash")
    assert rule.pattern is None
    assert rule.matches("bash", "anything at all; rm -rf /", path_style=False)
    assert not rule.matches("read", "x", path_style=True)


@pytest.mark.parametrize("text", ["bash(cargo *", "bash)", "bash()", "(cargo *)", "ba sh(x)", "bash(x\\)", ""])
def test_a_malformed_rule_raises_value_error_naming_it(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_rule(text)
    assert repr(text) in str(caught.value)


def test_tool_names_match_case_insensitively_as_claude_code_writes_them() -> None:
    assert parse_rule("Bash(npm test)").matches("bash", "npm test", path_style=False)


def test_a_star_in_a_command_pattern_crosses_spaces_and_slashes() -> None:
    rule = parse_rule("bash(cargo *)")
    assert rule.matches("bash", "cargo test --all ./crates/x", path_style=False)
    assert not rule.matches("bash", "npm test", path_style=False)
    assert not rule.matches("bash", "cargo", path_style=False)


def test_a_question_mark_in_a_command_pattern_is_literal() -> None:
    rule = parse_rule("web_fetch(https://x.dev/a?b=*)")
    assert rule.matches("web_fetch", "https://x.dev/a?b=1", path_style=False)
    assert not rule.matches("web_fetch", "https://x.dev/aXb=1", path_style=False)


def test_the_prefix_form_matches_the_command_alone_or_followed_by_arguments() -> None:
    rule = parse_rule("bash(git:*)")
    assert rule.matches("bash", "git", path_style=False)
    assert rule.matches("bash", "git log --oneline", path_style=False)
    assert not rule.matches("bash", "gitk --all", path_style=False)


def test_a_single_star_in_a_path_pattern_stays_in_one_directory() -> None:
    rule = parse_rule("write(src/*.py)")
    assert rule.matches("write", "src/app.py", path_style=True)
    assert not rule.matches("write", "src/pkg/app.py", path_style=True)


def test_a_double_star_in_a_path_pattern_crosses_directories() -> None:
    rule = parse_rule("write(src/**)")
    assert rule.matches("write", "src/a/b/c.py", path_style=True)
    assert rule.matches("write", "./src/a.py", path_style=True)
    assert not rule.matches("write", "tests/a.py", path_style=True)


def test_a_double_star_slash_also_matches_files_at_the_top() -> None:
    rule = parse_rule("edit(**/*.md)")
    assert rule.matches("edit", "README.md", path_style=True)
    assert rule.matches("edit", "docs/guide/intro.md", path_style=True)
    assert not rule.matches("edit", "docs/intro.txt", path_style=True)


def test_a_path_that_climbs_out_with_dot_dot_is_not_inside_the_pattern() -> None:
    assert not parse_rule("write(src/**)").matches("write", "src/../../etc/passwd", path_style=True)


def test_star_alone_matches_every_path_including_nested_ones() -> None:
    assert parse_rule("read(*)").matches("read", "a/b/c.txt", path_style=True)


def test_a_star_tool_matches_every_tool() -> None:
    rule = parse_rule("*")
    assert rule.matches_tool("bash") and rule.matches_tool("mcp__github__create_issue")


def test_an_mcp_server_rule_matches_every_tool_of_that_server_only() -> None:
    rule = parse_rule("mcp__github")
    assert rule.matches_tool("mcp__github__create_issue")
    assert rule.matches_tool("mcp__github")
    assert not rule.matches_tool("mcp__githubx__create_issue")
    assert not rule.matches_tool("mcp__gitlab__create_issue")


def test_a_tool_name_glob_matches_by_prefix() -> None:
    rule = parse_rule("mcp__github__list_*")
    assert rule.matches_tool("mcp__github__list_issues")
    assert not rule.matches_tool("mcp__github__create_issue")


def test_an_exact_rule_escapes_stars_so_it_matches_only_that_command() -> None:
    text = exact_rule("bash", "rm -rf *.tmp")
    assert text == "bash(rm -rf \\*.tmp)"
    rule = parse_rule(text)
    assert rule.matches("bash", "rm -rf *.tmp", path_style=False)
    assert not rule.matches("bash", "rm -rf / .tmp", path_style=False)


def test_an_exact_rule_for_a_call_without_subject_is_the_bare_tool() -> None:
    assert exact_rule("todo_write", "") == "todo_write"


def test_a_compound_command_is_split_on_unquoted_operators() -> None:
    parts = split_command("cargo test && echo 'a && b' | grep x; ls 2>&1 &")
    assert [part.text for part in parts] == ["cargo test", "echo 'a && b'", "grep x", "ls 2>&1"]


def test_command_substitution_makes_a_part_opaque_unless_single_quoted() -> None:
    opaque, quoted, backtick = (split_command(c)[0] for c in ["echo $(id)", "echo '$(id)'", "echo `id`"])
    assert opaque.opaque and backtick.opaque
    assert not quoted.opaque
