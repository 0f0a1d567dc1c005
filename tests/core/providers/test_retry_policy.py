from __future__ import annotations

from a3s_core.providers.failures import parse_retry_after
from a3s_core.providers.retry import RetryPolicy


def test_backoff_doubles_from_the_initial_delay_up_to_the_maximum() -> None:
    policy = RetryPolicy(initial_delay=1.0, max_delay=5.0, jitter=False)
    assert [policy.delay(n) for n in (1, 2, 3, 4, 5)] == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_jitter_shortens_the_backoff_by_at_most_a_quarter() -> None:
    policy = RetryPolicy(initial_delay=2.0, jitter=True)
    delays = {policy.delay(1) for _ in range(200)}
    assert all(1.5 <= d <= 2.0 for d in delays)
    assert len(delays) > 1


def test_a_servers_retry_after_wins_over_backoff_but_is_capped() -> None:
    policy = RetryPolicy(initial_delay=1.0, max_retry_after=60.0)
    assert policy.delay(3, retry_after=7.0) == 7.0
    assert policy.delay(1, retry_after=3600.0) == 60.0


def test_retry_after_is_read_in_seconds_or_milliseconds() -> None:
    assert parse_retry_after({"retry-after": "12"}) == 12.0
    assert parse_retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    assert parse_retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) is None
    assert parse_retry_after({}) is None
