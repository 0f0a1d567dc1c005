"""Per-session settings: the seed's SessionOptions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from a3s_core.protocols import ConfirmationProvider, PermissionChecker, Tool


@dataclass
class SessionOptions:
    """Options for one session. Every field has a working default; set only what you need."""

    model: str | None = None
    """"provider/model" for this session; None uses the config's default_model."""
    role: str | None = None
    """Replaces the default identity line ("You are A3S Code...")."""
    guidelines: str | None = None
    """Appended to the system prompt as a ## Guidelines section."""
    response_style: str | None = None
    """Replaces the default ## Response Format section."""
    extra: str | None = None
    """Free-form instructions added at the end of the system prompt."""
    permissive: bool = False
    """Allow every tool call that no deny rule forbids (no confirmations)."""
    permissions: PermissionChecker | None = None
    """Replaces the default policy (read-only tools allowed, write/edit/bash ask)."""
    confirmation_provider: ConfirmationProvider | None = None
    """Who answers "ask" decisions; None means the session's event stream asks its consumer."""
    on_confirm: Callable[..., Any] | None = None
    """A plain callable (request) -> bool used by ``send()`` to answer "ask" decisions."""
    confirmation_timeout: float | None = None
    """Seconds to wait for an answer before ``confirmation_timeout_action`` applies."""
    confirmation_timeout_action: str = "deny"
    """"deny" or "allow" when a confirmation times out."""
    max_tool_rounds: int | None = None
    """LLM round trips per turn; None uses the config's max_tool_rounds (default 50)."""
    tool_timeout: float | None = None
    """Seconds any one tool call may run; None uses the config's tool_timeout (default 600)."""
    thinking_budget: int | None = None
    """Anthropic extended thinking budget in tokens; None uses the config's thinking_budget."""
    max_tokens: int | None = None
    """Output token limit per LLM call; None uses the model's configured limit or 8192."""
    temperature: float | None = None
    tools: list[Tool] = field(default_factory=list)
    """Extra tools for this session (anything with the Tool protocol's shape); a name that matches
    a built-in replaces it."""
    tool_index: Any = None
    """Per-turn tool filtering for large tool sets (a3s_core.mcp.ToolIndex); None uses the default
    (past 30 tools: built-ins plus the 12 most relevant to the latest message, and tool_search)."""
    include_workspace_instructions: bool = True
    """Add AGENTS.md / CLAUDE.md from the workspace to the system prompt."""
    session_id: str | None = None
    """Fixed id for this session (letters, digits, . _ -); None makes a new one."""
    session_store: Any = None
    """Where the session is saved (FileSessionStore, MemorySessionStore...); None with auto_save
    uses the config's storage (file in sessions_dir)."""
    auto_save: bool = False
    """Save after every step of a turn, so a crash loses at most the step in progress."""
    planning: bool = False
    """Reserved for the planning feature (not yet built): accepted so seed code runs unchanged."""
    builtin_skills: bool = False
    """Reserved for the skills feature (not yet built): accepted so seed code runs unchanged."""
    skills_dirs: list[str] = field(default_factory=list)
    """Reserved for the skills feature (not yet built)."""
    security_provider: Any = None
    """Reserved for the security feature (not yet built)."""
