"""The seams: every replaceable part of a3s_core is a Protocol here, with a working default.

Implementations do not inherit from these; any object with the right shape works.

| seam                 | default                                             |
|----------------------|-----------------------------------------------------|
| Provider             | providers.AnthropicProvider / providers.OpenAIProvider |
| Tool                 | tools.builtin_tools()                               |
| PermissionChecker    | permissions.PermissionPolicy                        |
| ConfirmationProvider | permissions.EventConfirmationProvider               |
| Clock                | agent.clock.SystemClock                             |
| SessionStore         | sessions.FileSessionStore / sessions.MemorySessionStore |
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

if TYPE_CHECKING:
    from a3s_core.events import ConfirmationDecision
    from a3s_core.permissions.types import ConfirmationRequest, PermissionDecision
    from a3s_core.providers.events import StreamEvent
    from a3s_core.providers.request import ModelRequest
    from a3s_core.sessions.record import SessionRecord, SessionSummary
    from a3s_core.tools.base import ToolContext, ToolResult

Lane = Literal["control", "query", "execute", "generate"]


@runtime_checkable
class Provider(Protocol):
    """An LLM service spoken over its wire protocol."""

    name: str

    def stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        """Stream one response: deltas, maybe StreamRetry, and finally exactly one ResponseComplete.

        Raises:
            ProviderError: a subclass saying what failed, after retries are exhausted.
        """
        ...

    async def aclose(self) -> None: ...


@runtime_checkable
class Tool(Protocol):
    """Something the model can call."""

    name: str
    description: str
    input_schema: dict[str, Any]
    lane: Lane
    """query tools are read-only and may run in parallel; execute tools change things."""

    def permission_subject(self, args: dict[str, Any]) -> str:
        """The argument that permission patterns match: `bash(cargo *)` matches the command."""
        ...

    async def run(self, args: dict[str, Any], ctx: ToolContext) -> ToolResult:
        """Do the work. Raises ToolError (or returns is_error=True) when it cannot."""
        ...


@runtime_checkable
class PermissionChecker(Protocol):
    def check(self, tool_name: str, subject: str) -> PermissionDecision:
        """Decide allow / deny / ask for a tool call whose permission subject is ``subject``."""
        ...


@runtime_checkable
class ConfirmationProvider(Protocol):
    async def confirm(self, request: ConfirmationRequest) -> ConfirmationDecision:
        """Ask a person whether a tool call may run."""
        ...


@runtime_checkable
class Clock(Protocol):
    def now(self) -> float:
        """Monotonic seconds."""
        ...

    async def sleep(self, seconds: float) -> None: ...


@runtime_checkable
class SessionStore(Protocol):
    """Where sessions are saved so ``--continue`` / ``--resume ID`` can bring them back."""

    def save(self, record: SessionRecord) -> None:
        """Store ``record`` under its id, replacing any earlier version. ValueError for a bad id."""
        ...

    def load(self, session_id: str) -> SessionRecord:
        """Return a saved session.

        Raises:
            SessionNotFound: no session has this id; the message says how to see the ids.
        """
        ...

    def list(self, workspace: str | None = None) -> list[SessionSummary]:
        """Summaries newest first, only ``workspace``'s when given."""
        ...

    def latest(self, workspace: str) -> SessionSummary | None:
        """The most recently updated session of ``workspace``, or None."""
        ...

    def delete(self, session_id: str) -> bool:
        """Remove a session; False when there was none."""
        ...
