"""a3s_core: the async engine of a3s-code. No UI imports, nothing heavy at import time.

Public names load on first use (PEP 562), so ``import a3s_core`` stays cheap.
"""

from __future__ import annotations

from a3s_core._lazy import lazy_exports
from a3s_core.version import VERSION as __version__

_EXPORTS = {
    "A3SError": "a3s_core.errors",
    "Agent": "a3s_core.agent.agent",
    "AgentEvent": "a3s_core.events",
    "AgentSession": "a3s_core.agent.session",
    "AuthenticationError": "a3s_core.errors",
    "Cancelled": "a3s_core.errors",
    "CircuitOpenError": "a3s_core.errors",
    "ConfigError": "a3s_core.errors",
    "ConfirmationDecision": "a3s_core.events",
    "ConfirmationPolicy": "a3s_core.permissions.confirmation",
    "ExternalTask": "a3s_core.agent.external",
    "FileSessionStore": "a3s_core.sessions",
    "LaneHandlerConfig": "a3s_core.agent.external",
    "LaneScheduler": "a3s_core.lanes",
    "SchedulerConfig": "a3s_core.lanes",
    "ImageBlock": "a3s_core.messages",
    "LimitsExceeded": "a3s_core.errors",
    "MemorySessionStore": "a3s_core.sessions",
    "Message": "a3s_core.messages",
    "ModelNotFoundError": "a3s_core.errors",
    "PermissionPolicy": "a3s_core.permissions.policy",
    "ProviderError": "a3s_core.errors",
    "SessionNotFound": "a3s_core.sessions",
    "SessionOptions": "a3s_core.agent.options",
    "ToolDenied": "a3s_core.errors",
    "ToolError": "a3s_core.errors",
    "ToolResult": "a3s_core.tools.base",
    "TurnResult": "a3s_core.agent.session",
    "Usage": "a3s_core.messages",
    "load_config": "a3s_core.config",
}

__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports("a3s_core", globals(), _EXPORTS)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
