"""One LLM call: stream the provider's response onto the event stream and return the message."""

from __future__ import annotations

from collections.abc import Callable

from a3s_core.events import AgentEvent
from a3s_core.messages import TextBlock
from a3s_core.protocols import Provider
from a3s_core.providers.events import (
    ReasoningDelta,
    ResponseComplete,
    StreamRetry,
    TextDelta,
    ToolCallStarted,
)
from a3s_core.providers.request import ModelRequest

Emit = Callable[[AgentEvent], None]


class PartialResponse:
    """What has streamed so far, kept so an interrupted response can still enter the history."""

    def __init__(self) -> None:
        self.text = ""

    def reset(self) -> None:
        self.text = ""


async def stream_response(
    provider: Provider, request: ModelRequest, emit: Emit, turn: int, partial: PartialResponse
) -> ResponseComplete:
    """Forward deltas as events; return the provider's ResponseComplete.

    Raises:
        ProviderError: when the provider gives up; ProviderConnectionError if it ends without a result.
    """
    async for event in provider.stream(request):
        if isinstance(event, TextDelta):
            partial.text += event.text
            emit(AgentEvent("text_delta", text=event.text, turn=turn))
        elif isinstance(event, ReasoningDelta):
            emit(AgentEvent("reasoning_delta", text=event.text, turn=turn))
        elif isinstance(event, ToolCallStarted):
            # The call is announced at tool_start once its arguments are complete.
            continue
        elif isinstance(event, StreamRetry):
            partial.reset()
            emit(
                AgentEvent(
                    "retry",
                    text=f"{event.reason}; retrying in {event.delay:.1f} s (attempt {event.attempt})",
                    turn=turn,
                    metadata={"attempt": event.attempt, "delay": event.delay, "reason": event.reason},
                )
            )
        elif isinstance(event, ResponseComplete):
            _drop_empty_text(event)
            return event
    from a3s_core.errors import ProviderConnectionError

    raise ProviderConnectionError(f"{provider.name}: the response ended without a result")


def _drop_empty_text(done: ResponseComplete) -> None:
    """Empty text blocks are rejected by Anthropic when sent back; never keep them."""
    done.message.content = [
        b for b in done.message.content if not (isinstance(b, TextBlock) and not b.text)
    ]
