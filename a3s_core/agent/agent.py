"""Agent: a loaded config, its providers and one HTTP client; makes sessions."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from a3s_core.agent.breaker import CircuitBreaker
from a3s_core.agent.clock import SystemClock
from a3s_core.agent.loop import LoopSettings
from a3s_core.agent.options import SessionOptions
from a3s_core.agent.prompt import build_system_prompt
from a3s_core.agent.session import AgentSession, ModelChoice, SessionParts
from a3s_core.config.models import ModelConfig, ProviderConfig
from a3s_core.config.root import Config
from a3s_core.errors import ConfigError
from a3s_core.lanes import SchedulerConfig
from a3s_core.pricing import ModelFacts, builtin_facts
from a3s_core.protocols import Clock, PermissionChecker, Provider, SessionStore, Tool

DEFAULT_MAX_TOKENS = 8192
DEFAULT_TOOL_TIMEOUT = 600.0


class Agent:
    """The async engine's entry point. Create with a Config (see ``a3s_core.config.load_config``)."""

    def __init__(self, config: Config, *, clock: Clock | None = None, http_client: Any = None) -> None:
        self.config = config
        self.clock = clock or SystemClock()
        self._http_clients: dict[str, Any] = {"http": http_client, "https": http_client} if http_client else {}
        """One pooled client per URL scheme, made on first use (see ``_client_for``)."""
        self._providers: dict[str, Provider] = {}
        self._default_store: SessionStore | None = None
        self._mcp: Any = None
        self._mcp_started = False

    @classmethod
    def from_file(cls, path: str | Path | None = None) -> Agent:
        """Load ``path`` (or discover the config as the CLI does) and build an Agent.

        Raises:
            ConfigError: the file is missing, broken or names no usable provider.
        """
        from a3s_core.config import load_config

        if path is not None and not Path(path).expanduser().is_file():
            raise ConfigError("config file not found", path=Path(path))
        return cls(load_config(Path(path) if path is not None else None).config)

    def session(self, workspace: str | Path = ".", options: SessionOptions | None = None, **overrides: Any) -> AgentSession:
        """Open a session on ``workspace``; keyword overrides set SessionOptions fields.

        Raises:
            ConfigError: the model cannot be resolved or the workspace does not exist.
        """
        options = _with_overrides(options or SessionOptions(), overrides)
        root = Path(workspace).expanduser().resolve()
        if not root.is_dir():
            raise ConfigError(f"workspace {root} is not a directory")
        model_ref = options.model or self.config.default_model or ""
        choice = self._model(model_ref, options)
        builtins = self._tools()
        tools = builtins | {tool.name: tool for tool in options.tools}
        parts = SessionParts(
            provider=choice.provider,
            model_ref=model_ref,
            settings=choice.settings,
            facts=choice.facts,
            system_prompt=build_system_prompt(
                root,
                role=options.role,
                guidelines=options.guidelines,
                response_style=options.response_style,
                extra=options.extra,
                include_workspace_instructions=options.include_workspace_instructions,
            ),
            tools=tools,
            permissions=self._permissions(options, tools),
            tool_timeout=options.tool_timeout or self.config.tool_timeout or DEFAULT_TOOL_TIMEOUT,
            breaker=CircuitBreaker(self.clock),
            switch_model=lambda ref: self._model(ref, options),
            clock=self.clock,
            scheduler_config=SchedulerConfig.from_queue_config(self.config.queue),
            store=self._store(options),
            builtin_names=frozenset(builtins),
            global_mcp=(lambda: self._mcp) if self.config.mcp_servers else None,
            make_mcp_manager=self._new_mcp_manager,
            ensure_mcp_started=self.start_mcp if self.config.mcp_servers else None,
        )
        return AgentSession(root, options, parts)

    # -- MCP ---------------------------------------------------------------------------------

    async def start_mcp(self, wait: float | None = None) -> None:
        """Connect the config's MCP servers (once, in the background) and wait for them, bounded.

        A turn calls this before its first LLM call so the tools are there; the app calls it at
        start-up with ``wait=0`` so the prompt is usable while servers connect.
        """
        if not self.config.mcp_servers:
            return
        if not self._mcp_started:
            self._mcp_started = True
            self._mcp = self._new_mcp_manager()
            self._mcp.start_background(self.config.mcp_servers)  # an unset env() fails that server only
        timeout = wait if wait is not None else max((s.timeout or 60.0) for s in self.config.mcp_servers)
        if timeout > 0:
            await self._mcp.wait_ready(timeout)

    async def refresh_mcp_tools(self) -> None:
        """Ask every connected config server for its tools again."""
        if self._mcp is not None:
            await self._mcp.refresh()

    def _new_mcp_manager(self) -> Any:
        from platformdirs import user_log_dir

        from a3s_core.mcp import McpManager

        return McpManager(log_dir=Path(user_log_dir("a3s-code")) / "mcp")

    def resume_session(self, session_id: str, options: SessionOptions | None = None, **overrides: Any) -> AgentSession:
        """Bring back a saved session: its workspace, model (unless options set one) and history.

        Raises:
            SessionNotFound: the store has no such session.
        """
        from a3s_core.agent.persistence import restore

        options = _with_overrides(options or SessionOptions(), overrides)
        record = self._store(options, required=True).load(session_id)  # type: ignore[union-attr]
        options = replace(options, session_id=record.session_id, model=options.model or record.model)
        session = self.session(record.workspace, options)
        restore(session, record)
        return session

    def latest_session_id(self, workspace: str | Path, options: SessionOptions | None = None) -> str | None:
        """The id of ``workspace``'s most recently saved session, if any."""
        store = self._store(options or SessionOptions(), required=True)
        latest = store.latest(str(Path(workspace).expanduser().resolve()))  # type: ignore[union-attr]
        return latest.session_id if latest else None

    def _store(self, options: SessionOptions, required: bool = False) -> SessionStore | None:
        if options.session_store is not None:
            return options.session_store
        if not (options.auto_save or required):
            return None
        from a3s_core.sessions import FileSessionStore, MemorySessionStore

        if self._default_store is None:
            if self.config.storage_backend == "memory":
                self._default_store = MemorySessionStore()
            else:
                self._default_store = FileSessionStore(self.config.sessions_dir)
        return self._default_store

    async def aclose(self) -> None:
        if self._mcp is not None:
            await self._mcp.aclose()
            self._mcp, self._mcp_started = None, False
        for provider in self._providers.values():
            await provider.aclose()
        self._providers.clear()
        for client in {id(c): c for c in self._http_clients.values()}.values():
            await client.aclose()
        self._http_clients.clear()

    def _model(self, model_ref: str, options: SessionOptions) -> ModelChoice:
        resolved = self.config.resolve_model(model_ref or None)
        facts = _facts(resolved.model_id, resolved.model)
        limits = resolved.model
        settings = LoopSettings(
            model=resolved.model_id,
            max_tool_rounds=options.max_tool_rounds or self.config.max_tool_rounds,
            max_tokens=options.max_tokens or (limits.max_tokens if limits and limits.max_tokens else DEFAULT_MAX_TOKENS),
            thinking_budget=options.thinking_budget if options.thinking_budget is not None else self.config.thinking_budget,
            temperature=options.temperature,
        )
        return ModelChoice(self._provider(resolved.provider), settings, facts)

    def _provider(self, provider_config: ProviderConfig) -> Provider:
        cached = self._providers.get(provider_config.name)
        if cached is not None:
            return cached
        from a3s_core.providers import RetryPolicy, create_provider

        retry = RetryPolicy(sleep=self.clock.sleep)
        if provider_config.max_retries is not None:
            retry.max_retries = provider_config.max_retries
        provider = create_provider(
            provider_config.name,
            provider_config.api_key,
            provider_config.base_url,
            kind=provider_config.wire_protocol,
            client=self._client_for(provider_config.base_url),
            retry=retry,
            headers=provider_config.headers,
            timeout=provider_config.timeout,
        )
        self._providers[provider_config.name] = provider
        return provider

    def _client_for(self, base_url: str | None) -> Any:
        """The shared client for ``base_url``'s scheme. Plain-http endpoints (Ollama, vLLM, a test
        server) never do TLS, so their client skips loading the CA bundle: ~50 ms of every run."""
        from a3s_core.providers import make_client

        scheme = "http" if (base_url or "").startswith("http://") else "https"
        if scheme not in self._http_clients:
            self._http_clients[scheme] = make_client(verify=scheme == "https")
        return self._http_clients[scheme]

    def _tools(self) -> dict[str, Tool]:
        from a3s_core.tools import builtin_tools

        return {tool.name: tool for tool in builtin_tools(search=self.config.search)}

    def _permissions(self, options: SessionOptions, tools: dict[str, Tool]) -> PermissionChecker:
        if options.permissions is not None:
            return options.permissions
        from a3s_core.permissions import PermissionPolicy

        rules = self.config.permissions
        if options.permissive:
            return PermissionPolicy.permissive(deny=rules.deny)
        read_only = frozenset(name for name, tool in tools.items() if tool.lane == "query")
        return PermissionPolicy(allow=rules.allow, deny=rules.deny, ask=rules.ask, read_only_tools=read_only)


def _facts(model_id: str, configured: ModelConfig | None) -> ModelFacts:
    """The built-in facts for ``model_id``, overridden by its config ``models {}`` entry."""
    facts = builtin_facts(model_id)
    if configured is None:
        return facts
    cost = configured.cost
    return ModelFacts(
        input=cost.input if cost else facts.input,
        output=cost.output if cost else facts.output,
        cache_read=cost.cache_read if cost else facts.cache_read,
        cache_write=cost.cache_write if cost else facts.cache_write,
        context_window=configured.context_window or facts.context_window,
    )


def _with_overrides(options: SessionOptions, overrides: dict[str, Any]) -> SessionOptions:

    known = {f.name for f in fields(SessionOptions)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise TypeError(f"unknown session option(s): {', '.join(unknown)}")
    return replace(options, **overrides)
