"""SchedulerConfig from the HCL queue {} block, and its own checks."""

from __future__ import annotations

import pytest

from a3s_core.config import (
    ConfigError,
    PriorityBoostConfig,
    QueueConfig,
    RateLimitConfig,
    RetryPolicyConfig,
    load_config,
)
from a3s_core.lanes import LaneSettings, RetrySettings, SchedulerConfig
from tests.support.seed_config import FULL


def test_the_seeds_full_queue_block_becomes_scheduler_settings(tmp_path):
    path = tmp_path / "agent.hcl"
    path.write_text(FULL, encoding="utf-8")

    config = SchedulerConfig.from_queue_config(load_config(path).config.queue)

    assert config.lanes == {
        "control": LaneSettings(1),
        "query": LaneSettings(10),
        "execute": LaneSettings(5),
        "generate": LaneSettings(1),
    }
    assert config.retry == RetrySettings("exponential", 3, 0.1, 30.0)
    assert config.rate_limit == (100, 1.0)
    assert config.boost_deadline == 300.0 and config.pressure_threshold == 50
    assert config.default_timeout is None and config.enable_metrics and config.enable_dlq


def test_an_empty_queue_block_means_no_retry_limit_boost_or_timeout():
    config = SchedulerConfig.from_queue_config(QueueConfig(default_timeout_ms=600_000))

    assert config.retry.strategy == "none" and config.rate_limit is None and config.boost_deadline is None
    assert config.default_timeout == 600.0
    assert (config.enable_metrics, config.enable_dlq) == (True, True)  # on unless the block turns them off


def test_per_lane_timeouts_and_generate_concurrency_come_from_the_queue_block(tmp_path):
    path = tmp_path / "agent.hcl"
    path.write_text(
        "queue {\n  generate_max_concurrency = 2\n  query_timeout_ms = 1500\n"
        "  execute_timeout_ms = 30000\n  generate_timeout_ms = 90000\n  enable_metrics = false\n}\n",
        encoding="utf-8",
    )

    loaded = load_config(path)
    config = SchedulerConfig.from_queue_config(loaded.config.queue)

    assert loaded.warnings == []
    assert config.lanes["query"] == LaneSettings(10, 1.5)
    assert config.lanes["execute"] == LaneSettings(1, 30.0)
    assert config.lanes["generate"] == LaneSettings(2, 90.0)
    assert config.enable_metrics is False


def test_rate_units_and_a_none_boost_strategy_translate():
    def convert(limit_type: str) -> SchedulerConfig:
        return SchedulerConfig.from_queue_config(QueueConfig(
            rate_limit=RateLimitConfig(limit_type, 30),
            priority_boost=PriorityBoostConfig("none", 1000),
            retry_policy=RetryPolicyConfig("fixed", 2, 250, 1000),
        ))

    assert convert("per_minute").rate_limit == (30, 60.0) and convert("per_hour").rate_limit == (30, 3600.0)
    assert convert("per_second").boost_deadline is None
    assert convert("per_second").retry == RetrySettings("fixed", 2, 0.25, 1.0)


def test_an_unknown_rate_unit_or_retry_strategy_is_a_config_error():
    with pytest.raises(ConfigError, match="per_fortnight"):
        SchedulerConfig.from_queue_config(QueueConfig(rate_limit=RateLimitConfig("per_fortnight", 1)))
    with pytest.raises(ConfigError, match="linear"):
        SchedulerConfig.from_queue_config(QueueConfig(retry_policy=RetryPolicyConfig("linear")))


def test_lanes_left_out_keep_their_defaults_and_unknown_lanes_are_refused():
    config = SchedulerConfig(lanes={"query": LaneSettings(4, timeout=5.0)})

    assert config.lanes["query"] == LaneSettings(4, 5.0) and config.lanes["execute"] == LaneSettings(1)
    with pytest.raises(ValueError, match="turbo"):
        SchedulerConfig(lanes={"turbo": LaneSettings(1)})
    with pytest.raises(ValueError, match="at least 1"):
        SchedulerConfig(lanes={"query": LaneSettings(0)})
