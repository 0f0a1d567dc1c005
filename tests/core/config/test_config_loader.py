"""Loading a config file: values, env(), deferred secrets, type errors and warnings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from a3s_core.config import ConfigError, LoadedConfig, load_config

REPO = Path(__file__).resolve().parents[3]


def _load(tmp_path: Path, text: str, env: dict[str, str] | None = None) -> LoadedConfig:
    path = tmp_path / "agent.hcl"
    path.write_text(text, encoding="utf-8")
    return load_config(path, env=env or {}, home=tmp_path)


def test_env_works_in_interpolations_lists_and_maps(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        'sessions_dir = "${env("HOME")}/sessions"\n'
        'skill_dirs = [env("HOME"), "literal $${HOME}"]\n'
        'mcp_servers {\n  name = "x"\n  env = { A = env("HOME"), PORT = 8080 }\n}\n',
        {"HOME": "/home/me"},
    ).config

    assert config.sessions_dir == "/home/me/sessions"
    assert config.skill_dirs == ["/home/me", "literal ${HOME}"]
    assert config.mcp_servers[0].env == {"A": "/home/me", "PORT": "8080"}


def test_an_unset_variable_is_an_error_naming_it_the_file_and_the_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, 'max_tool_rounds = 5\nsessions_dir = env("NO_SUCH_VAR")\n')

    assert caught.value.line == 2
    assert str(caught.value).startswith(f"{tmp_path / 'agent.hcl'}:2: ")
    assert "NO_SUCH_VAR" in str(caught.value)


def test_an_unset_api_key_fails_only_when_that_provider_is_resolved(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        'providers {\n  name = "anthropic"\n  api_key = "sk"\n}\n'
        'providers {\n  name = "openai"\n  api_key = env("OPENAI_API_KEY")\n}\n',
    ).config

    assert config.resolve_model("anthropic/claude-x").provider.api_key == "sk"
    with pytest.raises(ConfigError, match="provider 'openai': environment variable OPENAI_API_KEY") as caught:
        config.resolve_model("openai/gpt-4o")
    assert caught.value.line == 7


def test_an_unset_variable_in_an_mcp_servers_env_fails_only_when_checked(tmp_path: Path) -> None:
    server = _load(
        tmp_path, 'mcp_servers {\n  name = "gh"\n  env = { GITHUB_TOKEN = env("GITHUB_TOKEN") }\n}\n'
    ).config.mcp_servers[0]

    assert server.env == {}
    with pytest.raises(ConfigError, match="MCP server 'gh': environment variable GITHUB_TOKEN") as caught:
        server.check_env()
    assert caught.value.line == 3


def test_a_wrong_type_names_the_key_the_value_and_the_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, 'default_model = "a/b"\n\nmax_tool_rounds = "many"\n')

    assert caught.value.detail == 'max_tool_rounds must be a whole number, got "many"'
    assert caught.value.line == 3


def test_a_wrong_type_in_a_nested_block_names_the_dotted_key(tmp_path: Path) -> None:
    text = "queue {\n  retry_policy {\n    strategy = \"fixed\"\n    max_retries = true\n  }\n}\n"
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text)

    assert caught.value.detail == "queue.retry_policy.max_retries must be a whole number, got true"
    assert caught.value.line == 4


def test_a_wrong_type_in_the_second_provider_points_at_its_line(tmp_path: Path) -> None:
    text = 'providers {\n  name = "a"\n  timeout = 5\n}\nproviders {\n  name = "b"\n  timeout = "soon"\n}\n'
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text)

    assert caught.value.line == 7
    assert "providers.timeout must be a number" in caught.value.detail


def test_a_value_outside_its_choices_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match='storage_backend must be one of "file", "memory", got "s3"'):
        _load(tmp_path, 'storage_backend = "s3"\n')


def test_a_provider_without_a_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="providers block needs name") as caught:
        _load(tmp_path, '\nproviders {\n  api_key = "x"\n}\n')
    assert caught.value.line == 2


def test_an_expression_other_than_env_is_refused_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r'only env\("NAME"\) is evaluated'):
        _load(tmp_path, "max_tool_rounds = 10 * 5\n")
    with pytest.raises(ConfigError, match=r'quote it: "anthropic\.claude"'):
        _load(tmp_path, "default_model = anthropic.claude\n")


def test_an_unknown_key_is_a_warning_with_its_line_and_the_closest_known_key(tmp_path: Path) -> None:
    loaded = _load(tmp_path, 'max_tool_rounds = 3\nqueue {\n  query_max_concurency = 4\n}\n')

    assert loaded.config.queue.query_max_concurrency == 10
    assert loaded.warnings == [
        f"{tmp_path / 'agent.hcl'}:3: unknown key 'query_max_concurency' in queue "
        "(did you mean 'query_max_concurrency'?); it is ignored"
    ]


def test_a_single_block_given_twice_keeps_the_last_one_and_warns(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "queue {\n  enable_dlq = false\n}\nqueue {\n  enable_dlq = true\n}\n")

    assert loaded.config.queue.enable_dlq is True
    assert loaded.warnings == [f"{tmp_path / 'agent.hcl'}:4: queue is given 2 times; the last one is used"]


def test_models_accept_id_and_max_output_tokens_spellings_and_a_cost_block(tmp_path: Path) -> None:
    text = (
        'providers {\n  name = "openrouter"\n  models {\n    id = "anthropic/claude-x"\n'
        "    context_window = 200000\n    max_output_tokens = 8192\n"
        "    cost {\n      input = 3\n      output = 15.0\n    }\n  }\n}\n"
    )
    config = _load(tmp_path, text).config

    provider, model_id, model = config.resolve_model("openrouter/anthropic/claude-x")
    assert (provider.name, model_id, provider.wire_protocol) == ("openrouter", "anthropic/claude-x", "openai")
    assert model is not None and (model.context_window, model.max_tokens) == (200000, 8192)
    assert model.cost is not None and (model.cost.input, model.cost.output) == (3.0, 15.0)


def test_numbers_and_booleans_from_env_strings_are_converted(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        'max_tool_rounds = env("ROUNDS")\nqueue {\n  enable_metrics = env("METRICS")\n}\n',
        {"ROUNDS": "7", "METRICS": "true"},
    ).config

    assert (config.max_tool_rounds, config.queue.enable_metrics) == (7, True)


def test_permissions_and_tool_timeout_load(tmp_path: Path) -> None:
    config = _load(
        tmp_path, 'tool_timeout = 90\npermissions {\n  allow = ["bash(cargo *)"]\n  deny = ["write"]\n}\n'
    ).config

    assert config.tool_timeout == 90.0
    assert (config.permissions.allow, config.permissions.deny, config.permissions.ask) == (
        ["bash(cargo *)"], ["write"], []
    )


def test_the_example_config_at_the_repo_root_loads_cleanly(tmp_path: Path) -> None:
    loaded = load_config(REPO / "config.example.hcl", env={}, home=tmp_path)

    assert loaded.warnings == []
    assert [p.name for p in loaded.config.providers] == ["anthropic", "openai", "ollama"]
    assert loaded.config.search.engine["google"].weight == 1.5
    assert loaded.config.providers[0].models[0].cost is not None


def test_a_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.hcl", env={}, home=tmp_path)


def test_importing_the_config_package_does_not_import_hcl2() -> None:
    code = "import sys, a3s_core.config; print('hcl2' in sys.modules, 'lark' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)

    assert out.stdout.split() == ["False", "False"]


def test_a_labelled_block_is_refused_with_what_to_write_instead(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, 'max_tool_rounds = 3\nproviders "anthropic" {\n  api_key = "x"\n}\n')

    assert caught.value.line == 2
    assert 'write name = "anthropic" inside it' in caught.value.detail
