"""The typed shape of a3s-code's configuration: one dataclass per component.

Field names are the HCL keys. Field metadata the loader reads: ``aliases`` (other spellings of
the key: the seed uses both ``name`` and ``id`` for a model), ``deferred`` (an unset ``env()`` in
this field is stored in the named ``*_error`` field instead of failing the load), ``internal``
(not a key), ``required`` (the block must set it) and ``choices`` (the allowed values).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from a3s_core.errors import ConfigError


@dataclass
class ModelCost:
    """Prices in US dollars per million tokens."""

    input: float = 0.0
    """Price of a million prompt tokens."""
    output: float = 0.0
    """Price of a million generated tokens."""
    cache_read: float = 0.0
    """Price of a million prompt tokens read from the provider's prompt cache."""
    cache_write: float = 0.0
    """Price of a million prompt tokens written to the provider's prompt cache."""


@dataclass
class ModelConfig:
    """What a3s-code knows about one model of a provider."""

    name: str = field(default="", metadata={"aliases": ("id",), "required": True})
    """The model id as the provider spells it (``id`` is accepted too); may contain slashes."""
    context_window: int | None = None
    """Tokens the model can read at once; None means unknown."""
    max_tokens: int | None = field(default=None, metadata={"aliases": ("max_output_tokens",)})
    """Most tokens the model may write in one response (``max_output_tokens`` is accepted too)."""
    cost: ModelCost | None = None
    """Prices, for the cost shown in the status line; None means unknown."""


@dataclass
class ProviderConfig:
    """One LLM provider: where it is, the key to use, and optionally its models."""

    name: str = field(default="", metadata={"required": True})
    """The provider's name, the part before the first slash of ``provider/model``."""
    api_key: str | None = field(default=None, metadata={"deferred": "api_key_error"})
    """The API key; None when unset (a local server) or when its ``env()`` variable is unset."""
    base_url: str | None = None
    """Base URL of the API; None uses the provider's public endpoint."""
    protocol: str | None = field(default=None, metadata={"choices": ("anthropic", "openai")})
    """Wire protocol, ``"anthropic"`` or ``"openai"``; None picks by name (see ``wire_protocol``)."""
    headers: dict[str, str] = field(default_factory=dict)
    """Extra HTTP headers sent with every request (OpenRouter's ``HTTP-Referer``, for example)."""
    max_retries: int | None = None
    """Retries on 429/5xx/connection errors; None uses the provider's default."""
    timeout: float | None = None
    """Seconds to wait for the first byte of a response; None uses the provider's default."""
    models: list[ModelConfig] = field(default_factory=list)
    """Known models with their limits and prices; a model not listed here can still be used."""
    api_key_error: ConfigError | None = field(
        default=None, repr=False, compare=False, metadata={"internal": True}
    )
    """Set when ``api_key`` names an unset environment variable; raised when the provider is used."""

    @property
    def wire_protocol(self) -> str:
        """``"anthropic"`` for the Anthropic Messages API, otherwise ``"openai"`` (Chat Completions)."""
        if self.protocol:
            return self.protocol
        return "anthropic" if self.name == "anthropic" else "openai"

    def find_model(self, model_id: str) -> ModelConfig | None:
        """Return the ``models {}`` entry named ``model_id``, or None."""
        return next((m for m in self.models if m.name == model_id), None)

    def check_api_key(self) -> None:
        """Raise the deferred error for an ``api_key = env("VAR")`` whose variable is unset.

        Raises:
            ConfigError: naming the variable, the file and the line.
        """
        error = self.api_key_error
        if error is not None:
            raise ConfigError(f"provider {self.name!r}: {error.detail}", error.path, error.line)


@dataclass
class RetryPolicyConfig:
    """How the lane queue retries a failed task."""

    strategy: str = "exponential"
    """``"exponential"``, ``"fixed"`` or ``"none"``."""
    max_retries: int = 3
    """Retries after the first failure."""
    initial_delay_ms: int = 100
    """Delay before the first retry, in milliseconds."""
    max_delay_ms: int = 30_000
    """Upper bound of any retry delay, in milliseconds."""


@dataclass
class RateLimitConfig:
    """A cap on how many tasks the queue starts per time unit."""

    limit_type: str = "per_second"
    """``"per_second"`` or ``"per_minute"``."""
    max_operations: int = 100
    """Tasks allowed per unit of ``limit_type``."""


@dataclass
class PriorityBoostConfig:
    """How the queue raises the priority of tasks that wait too long."""

    strategy: str = "standard"
    """``"standard"`` or ``"none"``."""
    deadline_ms: int = 300_000
    """A task waiting longer than this many milliseconds is boosted."""


@dataclass
class QueueConfig:
    """The lane scheduler (control > query > execute > generate)."""

    query_max_concurrency: int = 10
    """Read-only tool calls (read, grep, glob, ls, web_*) run in parallel up to this many."""
    execute_max_concurrency: int = 1
    """Tool calls that change things (bash, write, edit, patch) run up to this many at once."""
    generate_max_concurrency: int = 1
    """LLM calls of one session that may run at once."""
    enable_metrics: bool = True
    """Collect per-lane latencies and throughput for the dashboard and ``/queue`` (counts are always kept)."""
    enable_dlq: bool = True
    """Keep tasks that failed after their last retry in a dead-letter queue."""
    retry_policy: RetryPolicyConfig | None = None
    """Retries of failed tasks; None disables retrying."""
    rate_limit: RateLimitConfig | None = None
    """Start-rate cap; None means unlimited."""
    priority_boost: PriorityBoostConfig | None = None
    """Boosting of long-waiting tasks; None disables it."""
    pressure_threshold: int | None = None
    """Pending tasks above which the queue reports pressure; None disables the signal."""
    default_timeout_ms: int | None = None
    """Timeout of a task that sets none, in milliseconds; None means no timeout."""
    query_timeout_ms: int | None = None
    """Timeout of every query-lane task, in milliseconds; None falls back to default_timeout_ms."""
    execute_timeout_ms: int | None = None
    """Timeout of every execute-lane task, in milliseconds; None falls back to default_timeout_ms."""
    generate_timeout_ms: int | None = None
    """Timeout of every LLM call, in milliseconds; None falls back to default_timeout_ms."""


@dataclass
class SearchEngineConfig:
    """One engine of the web_search tool."""

    enabled: bool = True
    """Whether web_search queries this engine."""
    weight: float = 1.0
    """How much this engine's ranking counts when results are merged."""


@dataclass
class SearchConfig:
    """The web_search tool."""

    timeout: float = 30.0
    """Seconds allowed for one search."""
    engine: dict[str, SearchEngineConfig] = field(default_factory=dict)
    """Engines by name (``google``, ``bing``, ``duckduckgo``...)."""


@dataclass
class McpServerConfig:
    """One MCP server connected at startup; its tools appear as ``mcp__{name}__{tool}``."""

    name: str = field(default="", metadata={"required": True})
    """The server's name, used in its tools' names."""
    command: str | None = None
    """Program to start for a stdio server."""
    args: list[str] = field(default_factory=list)
    """Arguments of ``command``."""
    env: dict[str, str] = field(default_factory=dict, metadata={"deferred": "env_error"})
    """Extra environment variables for ``command``."""
    url: str | None = None
    """URL of a remote (streamable HTTP) server, instead of ``command``."""
    timeout: float | None = None
    """Seconds allowed for the connection and each call; None uses the client's default."""
    env_error: ConfigError | None = field(
        default=None, repr=False, compare=False, metadata={"internal": True}
    )
    """Set when an ``env`` value names an unset environment variable; raised when started."""

    def check_env(self) -> None:
        """Raise the deferred error for an ``env("VAR")`` in ``env`` whose variable is unset.

        Raises:
            ConfigError: naming the variable, the file and the line.
        """
        error = self.env_error
        if error is not None:
            raise ConfigError(f"MCP server {self.name!r}: {error.detail}", error.path, error.line)


@dataclass
class PermissionsConfig:
    """Rules like ``"bash(cargo *)"`` or ``"write"``; deny beats ask beats allow."""

    allow: list[str] = field(default_factory=list)
    """Tool calls that run without asking."""
    deny: list[str] = field(default_factory=list)
    """Tool calls that are refused."""
    ask: list[str] = field(default_factory=list)
    """Tool calls that need a person's yes."""
