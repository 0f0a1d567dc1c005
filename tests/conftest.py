"""Shared fixtures: a scripted LLM server, a workspace, and configs that point at the server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from a3s_core.testing import ScriptedLLMServer

PROVIDER_ENV_VARS = (
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_BASE_URL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "A3S_CONFIG",
    "A3S_MODEL",
)


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's keys or ~/.a3s: HOME is a fresh directory."""
    for name in PROVIDER_ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("A3S_TEST_KEY", "test-key")


@pytest.fixture
def llm() -> Iterator[ScriptedLLMServer]:
    with ScriptedLLMServer() as server:
        yield server


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    return root


@pytest.fixture(params=["anthropic", "openai"])
def protocol(request: pytest.FixtureRequest) -> str:
    return request.param


def write_config(path: Path, server: ScriptedLLMServer, protocol: str, extra: str = "") -> Path:
    """An agent.hcl whose only provider is the scripted server, spoken as ``protocol``."""
    base_url = server.anthropic_base_url if protocol == "anthropic" else server.openai_base_url
    model = "claude-test" if protocol == "anthropic" else "gpt-test"
    path.write_text(
        f'default_model = "{protocol}/{model}"\n\n'
        "providers {\n"
        f'  name     = "{protocol}"\n'
        '  api_key  = env("A3S_TEST_KEY")\n'
        f'  base_url = "{base_url}"\n'
        "}\n" + extra,
        encoding="utf-8",
    )
    return path


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PROVIDER_ENV_VARS}
    env.update(extra)
    return env
