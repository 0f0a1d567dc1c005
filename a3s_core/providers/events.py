"""What a Provider yields while it streams one response."""

from __future__ import annotations

from dataclasses import dataclass, field

from a3s_core.messages import Message, Usage


@dataclass
class TextDelta:
    text: str


@dataclass
class ReasoningDelta:
    text: str


@dataclass
class ToolCallStarted:
    """The model began a tool call; its arguments follow as ToolCallDelta pieces."""

    id: str
    name: str


@dataclass
class ToolCallDelta:
    id: str
    partial_json: str


@dataclass
class StreamRetry:
    """The request failed in a retryable way and will be sent again after ``delay`` seconds.

    Anything streamed so far for this response is void: consumers discard partial output.
    """

    attempt: int
    delay: float
    reason: str


@dataclass
class ResponseComplete:
    """The final event: the whole assistant message, why it stopped, and token usage."""

    message: Message
    stop_reason: str
    usage: Usage = field(default_factory=Usage)


StreamEvent = TextDelta | ReasoningDelta | ToolCallStarted | ToolCallDelta | StreamRetry | ResponseComplete
