"""parse_interval and format_interval: the forms people type and the messages for bad ones."""

from __future__ import annotations

import pytest

from a3s_core.cron import format_interval, parse_interval


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30.0),
        ("5m", 300.0),
        ("2h", 7200.0),
        ("1d", 86400.0),
        ("1h30m", 5400.0),
        ("1.5h", 5400.0),
        (" 5 Minutes ", 300.0),
        ("2 hours 5 min", 7500.0),
        ("10sec", 10.0),
        ("1M", 60.0),
    ],
)
def test_parse_interval_reads_units_and_compound_forms(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


def test_a_bare_number_is_read_as_seconds() -> None:
    assert parse_interval("90") == 90.0


@pytest.mark.parametrize("text", ["abc", "5x", "", "m5", "5m3", "5m x", "1e3"])
def test_a_bad_interval_is_refused_naming_the_text_and_the_accepted_forms(text: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_interval(text)
    message = str(raised.value)
    assert repr(text) in message
    assert "30s, 5m, 2h, 1d" in message


@pytest.mark.parametrize("text", ["0", "0s", "0m", "-5m", "-3"])
def test_zero_and_negative_intervals_are_refused_as_not_positive(text: str) -> None:
    with pytest.raises(ValueError, match="must be positive"):
        parse_interval(text)


def test_an_interval_under_one_second_is_refused_with_the_minimum() -> None:
    with pytest.raises(ValueError, match=r"'0.5s' is too short: the minimum is 1s"):
        parse_interval("0.5s")


def test_a_huge_interval_is_refused_instead_of_becoming_infinity() -> None:
    with pytest.raises(ValueError, match="too large"):
        parse_interval("9" * 400 + "d")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(30, "30s"), (300, "5m"), (7200, "2h"), (86400, "1d"), (90, "1m30s"), (90061, "1d1h1m1s"),
     (1.5, "1.5s"), (61.5, "1m1.5s"), (0, "0s"), (600.0, "10m")],
)
def test_format_interval_writes_the_shortest_unit_form(seconds: float, text: str) -> None:
    assert format_interval(seconds) == text


@pytest.mark.parametrize("seconds", [1, 59, 61, 3599, 3661, 86399, 93784, 1.5])
def test_a_formatted_interval_parses_back_to_the_same_seconds(seconds: float) -> None:
    assert parse_interval(format_interval(seconds)) == seconds
