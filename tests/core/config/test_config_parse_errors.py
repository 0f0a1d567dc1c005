"""A broken file gives a one-line ConfigError with the file, the line and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from a3s_core.config import ConfigError, load_config


def _error(tmp_path: Path, text: str) -> ConfigError:
    path = tmp_path / "agent.hcl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, env={}, home=tmp_path)
    assert caught.value.path == path
    return caught.value


@pytest.mark.parametrize(
    ("text", "line", "detail"),
    [
        ("max_tool_rounds = 5\nproviders\nname = 1\n", 2, "expected '=' or '{' after 'providers'"),
        ('providers {\n  name "x"\n}\n', 2, "expected '=' or '{' after 'name'"),
        ('providers {\n  name = "a"\n', 1, "this block is never closed: add '}'"),
        ("max_tool_rounds = 5\n}\n", 2, "unexpected '}': no block is open here"),
        ("x = 1\nmax_tool_rounds = @\n", 2, "expected a value after '=', found '@'"),
        ('default_model = "abc\n', 1, "this string is never closed: add '\"'"),
        ("skill_dirs = [\"a\" \"b\"]\n", 1, "expected ',' or ']' in the list, found '\"'"),
        ("a {\n  b = 1, c\n}\n", 2, "unexpected ',': put each attribute on its own line"),
    ],
)
def test_a_syntax_error_is_described_in_plain_words(
    tmp_path: Path, text: str, line: int, detail: str
) -> None:
    error = _error(tmp_path, text)

    assert (error.line, error.detail) == (line, detail)
    assert "Traceback" not in str(error) and "Token(" not in str(error)


def test_line_numbers_after_a_rewritten_one_line_block_stay_those_of_the_file(tmp_path: Path) -> None:
    text = "search {\n  engine {\n    google { enabled = true, weight = 1.5 }\n  }\n}\nmax_tool_rounds = \n"

    error = _error(tmp_path, text)

    assert error.line == 6


def test_a_file_that_is_not_utf8_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "agent.hcl"
    path.write_bytes(b'default_model = "\xff"\n')

    with pytest.raises(ConfigError, match="is not UTF-8"):
        load_config(path, env={}, home=tmp_path)
