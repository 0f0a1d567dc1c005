"""a3s_code: the public Python SDK (the seed's import name), re-exporting the a3s_core engine.

    from a3s_code import Agent, SessionOptions
    agent = Agent("agent.hcl")
    session = agent.session(".", SessionOptions())
    print(session.send("Explain this repo").text)
"""

from a3s_code._sdk import Agent, Session
from a3s_core import (
    A3SError,
    AgentEvent,
    AuthenticationError,
    Cancelled,
    CircuitOpenError,
    ConfigError,
    ConfirmationDecision,
    ConfirmationPolicy,
    ExternalTask,
    FileSessionStore,
    ImageBlock,
    LaneHandlerConfig,
    LimitsExceeded,
    MemorySessionStore,
    Message,
    ModelNotFoundError,
    PermissionPolicy,
    ProviderError,
    SessionNotFound,
    SessionOptions,
    ToolDenied,
    ToolError,
    ToolResult,
    TurnResult,
    Usage,
)

__all__ = [
    "A3SError",
    "Agent",
    "AgentEvent",
    "AuthenticationError",
    "Cancelled",
    "CircuitOpenError",
    "ConfigError",
    "ConfirmationDecision",
    "ConfirmationPolicy",
    "ExternalTask",
    "FileSessionStore",
    "ImageBlock",
    "LaneHandlerConfig",
    "LimitsExceeded",
    "MemorySessionStore",
    "Message",
    "ModelNotFoundError",
    "PermissionPolicy",
    "ProviderError",
    "Session",
    "SessionNotFound",
    "SessionOptions",
    "ToolDenied",
    "ToolError",
    "ToolResult",
    "TurnResult",
    "Usage",
]
