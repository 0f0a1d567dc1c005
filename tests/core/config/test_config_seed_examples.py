"""Every HCL snippet of the seed README loads as written (copied here verbatim)."""

from __future__ import annotations

from pathlib import Path

from a3s_core.config import load_config
from tests.support.seed_config import FULL, MCP, MINIMAL

ALL_KEYS = {"ANTHROPIC_API_KEY": "sk-ant", "OPENAI_API_KEY": "sk-oai", "GITHUB_TOKEN": "ghp"}


def _load(tmp_path: Path, text: str, env: dict[str, str]):
    path = tmp_path / "agent.hcl"
    path.write_text(text, encoding="utf-8")
    return load_config(path, env=env, home=tmp_path)


def test_the_minimal_example_loads_and_resolves_its_default_model(tmp_path: Path) -> None:
    loaded = _load(tmp_path, MINIMAL, ALL_KEYS)

    provider, model_id, model = loaded.config.resolve_model()

    assert (provider.name, provider.api_key, model_id, model) == (
        "anthropic", "sk-ant", "claude-sonnet-4-20250514", None
    )
    assert loaded.warnings == []


def test_the_full_example_loads_every_section_without_warnings(tmp_path: Path) -> None:
    loaded = _load(tmp_path, FULL, ALL_KEYS)
    config = loaded.config

    assert [p.name for p in config.providers] == ["anthropic", "openai"]
    assert config.queue.execute_max_concurrency == 5
    assert config.queue.enable_dlq is True
    assert config.queue.retry_policy is not None and config.queue.retry_policy.initial_delay_ms == 100
    assert config.queue.rate_limit is not None and config.queue.rate_limit.max_operations == 100
    assert config.queue.priority_boost is not None and config.queue.priority_boost.deadline_ms == 300000
    assert config.queue.pressure_threshold == 50
    assert config.search.timeout == 30
    assert {k: (e.enabled, e.weight) for k, e in config.search.engine.items()} == {
        "google": (True, 1.5), "bing": (True, 1.0)
    }
    assert (config.storage_backend, config.sessions_dir) == ("file", "./sessions")
    assert (config.skill_dirs, config.agent_dirs) == (["./skills"], ["./agents"])
    assert (config.max_tool_rounds, config.thinking_budget) == (50, 10000)
    assert loaded.warnings == []


def test_the_full_example_loads_with_only_an_anthropic_key(tmp_path: Path) -> None:
    loaded = _load(tmp_path, FULL, {"ANTHROPIC_API_KEY": "sk-ant"})

    assert loaded.config.resolve_model().provider.api_key == "sk-ant"
    assert loaded.config.provider("openai") is not None


def test_the_mcp_example_loads_both_servers_with_the_token_from_the_environment(tmp_path: Path) -> None:
    servers = _load(tmp_path, MCP, ALL_KEYS).config.mcp_servers

    assert [(s.name, s.command) for s in servers] == [("filesystem", "npx"), ("github", "npx")]
    assert servers[0].args == ["-y", "@modelcontextprotocol/server-filesystem", "/workspace"]
    assert servers[1].env == {"GITHUB_TOKEN": "ghp"}
