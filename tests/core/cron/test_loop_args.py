"""parse_loop_args: the text after /loop, with the interval first, last, or absent."""

from __future__ import annotations

import pytest

from a3s_core.cron import DEFAULT_INTERVAL, parse_loop_args

USAGE = "usage: /loop [interval] <prompt>  (e.g. /loop 5m check the build)"


def test_a_leading_interval_is_split_from_the_prompt() -> None:
    assert parse_loop_args("5m check build") == (300.0, "check build")


def test_a_leading_every_interval_is_split_from_the_prompt() -> None:
    assert parse_loop_args("every 2h deploy the docs") == (7200.0, "deploy the docs")


def test_a_trailing_every_interval_is_split_from_the_prompt() -> None:
    assert parse_loop_args("check build every 5m") == (300.0, "check build")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("check build every 2 hours", (7200.0, "check build")),
        ("summarize the news every hour", (3600.0, "summarize the news")),
        ("back up the notes every day.", (86400.0, "back up the notes")),
        ("ping every 1h30m", (5400.0, "ping")),
    ],
)
def test_a_trailing_interval_may_be_spoken(args: str, expected: tuple[float, str]) -> None:
    assert parse_loop_args(args) == expected


def test_without_an_interval_the_whole_text_runs_every_ten_minutes() -> None:
    assert DEFAULT_INTERVAL == 600.0
    assert parse_loop_args("  check the build  ") == (600.0, "check the build")


def test_every_not_followed_by_an_interval_stays_in_the_prompt() -> None:
    assert parse_loop_args("tell me every file") == (600.0, "tell me every file")


def test_only_the_last_every_is_read_as_the_interval() -> None:
    assert parse_loop_args("look at every file every 2h") == (7200.0, "look at every file")


def test_a_leading_bare_number_stays_in_the_prompt() -> None:
    assert parse_loop_args("10 files to check") == (600.0, "10 files to check")


@pytest.mark.parametrize("args", ["", "   ", "5m", "every 5m", "every 10m "])
def test_an_empty_prompt_is_refused_with_the_usage_line(args: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_loop_args(args)
    assert str(raised.value) == USAGE


@pytest.mark.parametrize("args", ["0m check build", "check build every 0s", "0.5s ping"])
def test_an_interval_shaped_but_too_short_value_is_refused_not_read_as_prompt(args: str) -> None:
    with pytest.raises(ValueError, match="must be positive|too short"):
        parse_loop_args(args)
