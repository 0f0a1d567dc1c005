"""What the agent loop asks a Provider for."""

from __future__ import annotations

from dataclasses import dataclass, field

from a3s_core.messages import Message, ToolSpec


@dataclass
class ModelRequest:
    """One LLM call: the model id (without the provider prefix), prompt, history and tools."""

    model: str
    system: str
    messages: list[Message]
    tools: list[ToolSpec] = field(default_factory=list)
    max_tokens: int = 8192
    temperature: float | None = None
    thinking_budget: int | None = None
    """Anthropic extended thinking budget in tokens; None or 0 disables thinking."""
