"""Finding the config file, the environment-only fallback and model resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from a3s_core.config import (
    Config,
    ConfigError,
    ProviderConfig,
    config_from_env,
    discover_config_path,
    load_config,
)


def _dirs(tmp_path: Path) -> tuple[Path, Path]:
    home, cwd = tmp_path / "home", tmp_path / "work"
    (home / ".a3s").mkdir(parents=True)
    cwd.mkdir()
    return home, cwd


def test_discovery_order_is_flag_then_a3s_config_then_home_then_agent_hcl(tmp_path: Path) -> None:
    home, cwd = _dirs(tmp_path)
    (cwd / "agent.hcl").write_text("", encoding="utf-8")
    assert discover_config_path(None, {}, cwd, home) == cwd / "agent.hcl"

    (home / ".a3s" / "config.hcl").write_text("", encoding="utf-8")
    assert discover_config_path(None, {}, cwd, home) == home / ".a3s" / "config.hcl"

    env = {"A3S_CONFIG": str(tmp_path / "env.hcl")}
    assert discover_config_path(None, env, cwd, home) == tmp_path / "env.hcl"
    assert discover_config_path(tmp_path / "flag.hcl", env, cwd, home) == tmp_path / "flag.hcl"


def test_no_file_anywhere_gives_none(tmp_path: Path) -> None:
    home, cwd = _dirs(tmp_path)

    assert discover_config_path(None, {}, cwd, home) is None


def test_with_no_file_an_anthropic_key_is_enough(tmp_path: Path) -> None:
    home, cwd = _dirs(tmp_path)
    env = {"ANTHROPIC_API_KEY": "sk-ant", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9"}

    loaded = load_config(env=env, cwd=cwd, home=home)

    provider, model_id, _ = loaded.config.resolve_model()
    assert loaded.path is None
    assert (provider.name, provider.api_key, provider.base_url) == ("anthropic", "sk-ant", "http://127.0.0.1:9")
    assert model_id == "claude-sonnet-4-20250514"


def test_with_only_an_openai_key_the_default_model_is_gpt_4o() -> None:
    config = config_from_env({"OPENAI_API_KEY": "sk-oai", "OPENAI_BASE_URL": "http://127.0.0.1:8/v1"})

    assert config.default_model == "openai/gpt-4o"
    assert config.providers[0].base_url == "http://127.0.0.1:8/v1"


def test_a3s_model_overrides_the_default_model_from_env_and_from_a_file(tmp_path: Path) -> None:
    env = {"OPENAI_API_KEY": "k", "A3S_MODEL": "openai/gpt-4.1"}
    assert config_from_env(env).default_model == "openai/gpt-4.1"

    path = tmp_path / "agent.hcl"
    path.write_text('default_model = "openai/gpt-4o"\n', encoding="utf-8")
    assert load_config(path, env=env, home=tmp_path).config.default_model == "openai/gpt-4.1"


def test_a_file_without_providers_takes_them_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "agent.hcl"
    path.write_text("max_tool_rounds = 9\n", encoding="utf-8")

    config = load_config(path, env={"ANTHROPIC_API_KEY": "sk"}, home=tmp_path).config

    assert config.max_tool_rounds == 9
    assert config.resolve_model().provider.api_key == "sk"


def test_an_unknown_provider_lists_the_configured_ones() -> None:
    config = Config(providers=[ProviderConfig(name="anthropic"), ProviderConfig(name="openai")])

    expected = "unknown provider 'gemini'; configured providers: anthropic, openai"
    with pytest.raises(ConfigError, match=expected):
        config.resolve_model("gemini/pro")


def test_a_model_without_a_provider_prefix_is_refused() -> None:
    with pytest.raises(ConfigError, match="must be written provider/model"):
        Config(providers=[ProviderConfig(name="openai")]).resolve_model("gpt-4o")


def test_no_model_and_no_default_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="no model chosen"):
        Config().resolve_model()


def test_model_ids_may_contain_slashes() -> None:
    config = Config(providers=[ProviderConfig(name="openrouter")])

    assert config.resolve_model("openrouter/anthropic/claude-x").model_id == "anthropic/claude-x"
