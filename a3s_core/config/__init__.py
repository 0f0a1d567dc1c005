"""HCL configuration: find ``agent.hcl`` / ``~/.a3s/config.hcl``, parse, validate, resolve models.

    loaded = load_config()                      # or load_config(Path("agent.hcl"))
    provider, model_id, model = loaded.config.resolve_model("anthropic/claude-sonnet-4-20250514")

python-hcl2 is imported only when a file is actually parsed.
"""

from a3s_core.config.loader import DEFAULT_MODELS, config_from_env, discover_config_path, load_config
from a3s_core.config.models import (
    McpServerConfig,
    ModelConfig,
    ModelCost,
    PermissionsConfig,
    PriorityBoostConfig,
    ProviderConfig,
    QueueConfig,
    RateLimitConfig,
    RetryPolicyConfig,
    SearchConfig,
    SearchEngineConfig,
)
from a3s_core.config.root import Config, LoadedConfig, ResolvedModel
from a3s_core.errors import ConfigError

__all__ = [
    "DEFAULT_MODELS",
    "Config",
    "ConfigError",
    "LoadedConfig",
    "McpServerConfig",
    "ModelConfig",
    "ModelCost",
    "PermissionsConfig",
    "PriorityBoostConfig",
    "ProviderConfig",
    "QueueConfig",
    "RateLimitConfig",
    "ResolvedModel",
    "RetryPolicyConfig",
    "SearchConfig",
    "SearchEngineConfig",
    "config_from_env",
    "discover_config_path",
    "load_config",
]
