"""Fixtures for provider tests (helpers live in provider_peer.py)."""

from __future__ import annotations

import pytest
from provider_peer import Peer, RecordingSleep

from a3s_core.providers.retry import RetryPolicy


@pytest.fixture
def peer() -> Peer:
    return Peer()


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
def retry(sleep: RecordingSleep) -> RetryPolicy:
    return RetryPolicy(max_retries=2, initial_delay=1.0, max_delay=30.0, jitter=False, sleep=sleep)
