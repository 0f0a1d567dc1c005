"""The whole configuration (``Config``), the loader's result, and model resolution."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from a3s_core.config.models import (
    McpServerConfig,
    ModelConfig,
    PermissionsConfig,
    ProviderConfig,
    QueueConfig,
    SearchConfig,
)
from a3s_core.errors import ConfigError


class ResolvedModel(NamedTuple):
    """A ``provider/model`` string resolved against the configured providers."""

    provider: ProviderConfig
    """The provider named before the first slash."""
    model_id: str
    """Everything after the first slash, as the provider spells it."""
    model: ModelConfig | None
    """The provider's ``models {}`` entry for ``model_id``, if it has one."""


@dataclass
class Config:
    """Everything an agent reads from ``agent.hcl`` / ``~/.a3s/config.hcl``."""

    default_model: str | None = None
    """``provider/model`` used when no ``-m/--model`` is given."""
    providers: list[ProviderConfig] = field(default_factory=list)
    """LLM providers, one ``providers {}`` block each."""
    queue: QueueConfig = field(default_factory=QueueConfig)
    """The lane scheduler's limits and policies."""
    search: SearchConfig = field(default_factory=SearchConfig)
    """The web_search tool's engines and timeout."""
    mcp_servers: list[McpServerConfig] = field(default_factory=list)
    """MCP servers connected at startup, one ``mcp_servers {}`` block each."""
    permissions: PermissionsConfig = field(default_factory=PermissionsConfig)
    """Allow/deny/ask rules for tool calls."""
    storage_backend: str = field(default="file", metadata={"choices": ("file", "memory")})
    """Where sessions are saved: ``"file"`` (in ``sessions_dir``) or ``"memory"`` (not saved)."""
    sessions_dir: str | None = None
    """Directory of saved sessions, relative to the working directory; None uses the default."""
    skill_dirs: list[str] = field(default_factory=list)
    """Extra directories searched for skills (``SKILL.md`` files)."""
    agent_dirs: list[str] = field(default_factory=list)
    """Extra directories searched for agent definitions."""
    max_tool_rounds: int = 50
    """Most LLM-call/tool-call rounds in one turn before the turn stops."""
    thinking_budget: int | None = None
    """Extended-thinking token budget for models that support it; None or 0 disables thinking."""
    tool_timeout: float | None = None
    """Seconds a tool call may run before it is stopped; None uses each tool's own default."""

    def provider(self, name: str) -> ProviderConfig | None:
        """Return the provider called ``name``, or None."""
        return next((p for p in self.providers if p.name == name), None)

    def resolve_model(self, spec: str | None = None) -> ResolvedModel:
        """Resolve ``"provider/model"`` (default: ``default_model``) to its provider and model.

        The string is split on its first slash, so ``openrouter/anthropic/claude-x`` is model
        ``anthropic/claude-x`` of provider ``openrouter``.

        Raises:
            ConfigError: no model is chosen, the string has no slash, the provider is not
                configured, or the provider's ``api_key = env("VAR")`` names an unset variable.
        """
        spec = spec if spec is not None else self.default_model
        if not spec:
            raise ConfigError(
                'no model chosen: set default_model = "provider/model" in the config or pass --model'
            )
        provider_name, slash, model_id = spec.partition("/")
        if not slash or not provider_name or not model_id:
            raise ConfigError(
                f"model {spec!r} must be written provider/model, "
                "for example anthropic/claude-sonnet-4-20250514"
            )
        provider = self.provider(provider_name)
        if provider is None:
            raise ConfigError(_unknown_provider_message(provider_name, self.providers))
        provider.check_api_key()
        return ResolvedModel(provider, model_id, provider.find_model(model_id))


def _unknown_provider_message(name: str, providers: list[ProviderConfig]) -> str:
    if not providers:
        return (
            f"unknown provider {name!r}: no providers are configured; add a providers {{}} block "
            "or set ANTHROPIC_API_KEY or OPENAI_API_KEY"
        )
    names = ", ".join(p.name for p in providers)
    return f"unknown provider {name!r}; configured providers: {names}"


@dataclass
class LoadedConfig:
    """The result of ``load_config``: the config, where it came from, and what looked wrong."""

    config: Config
    """The validated configuration."""
    path: Path | None
    """The file it was read from; None when it was built from environment variables alone."""
    warnings: list[str] = field(default_factory=list)
    """``file:line: message`` notes about unknown or repeated keys; loading went on."""
