"""Context compaction of a session: /compact, and automatically near the context limit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from a3s_core.events import AgentEvent
from a3s_core.messages import Message

if TYPE_CHECKING:
    from a3s_core.agent.session import AgentSession
    from a3s_core.compaction import CompactionResult

SUMMARIZER_SYSTEM = (
    "You summarise a coding agent's conversation so it can continue with less context. "
    "Be concise and concrete: keep decisions, facts learned, file paths, commands, errors and their "
    "fixes, and what remains to be done. Do not invent anything."
)


class CompactionControls:
    compaction_threshold: float = 0.8
    """Fraction of the context window at which a turn compacts before its next LLM call."""

    async def compact(self: AgentSession, reason: str = "manual") -> CompactionResult | None:
        """Summarise the middle of the history (first message and recent turns stay verbatim).

        Returns None when there is nothing worth compacting yet.
        """
        from a3s_core.compaction import compact

        result = await compact(self.history, self._summarize)
        if result is None:
            return None
        self.history[:] = result.history
        self._publish(AgentEvent("compacted", text=f"compacted {result.removed} messages ({reason})",
                                 metadata={"removed": result.removed, "reason": reason,
                                           "pinned": _pinned_dict(result.pinned)}))
        self._autosave()
        return result

    async def _maybe_compact(self: AgentSession) -> None:
        """Before an LLM call: compact when the previous call filled the window past the threshold."""
        from a3s_core.compaction import should_compact

        used = self.last_call_usage
        tokens = used.input_tokens + used.cache_read_tokens + used.cache_write_tokens
        if should_compact(tokens, self.parts.facts.context_window, self.compaction_threshold):
            if await self.compact("automatic") is not None:
                self.last_call_usage = type(used)()

    async def _summarize(self: AgentSession, request_text: str) -> str:
        from a3s_core.agent.llm_call import PartialResponse, stream_response
        from a3s_core.providers.request import ModelRequest

        request = ModelRequest(
            model=self.parts.settings.model,
            system=SUMMARIZER_SYSTEM,
            messages=[Message.user(request_text)],
            max_tokens=4096,
        )
        done = await self.scheduler.run(
            "generate",
            lambda: stream_response(self.parts.provider, request, lambda event: None, self.turns, PartialResponse()),
            name="compact",
            retryable=False,
        )
        self.usage = self.usage + done.usage
        return done.message.text


def _pinned_dict(pinned: Any) -> dict[str, list[str]]:
    return {
        "files_touched": list(pinned.files_touched),
        "plan_items": list(pinned.plan_items),
        "instructions": list(pinned.instructions),
    }
