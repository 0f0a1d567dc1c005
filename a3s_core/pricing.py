"""Built-in prices and context windows for well-known models; config ``models {}`` overrides them.

Prices are US dollars per million tokens: (input, output, cache read, cache write). Matching is by
the longest known prefix of the model id, so dated ids (claude-sonnet-4-20250514) find their family.
"""

from __future__ import annotations

from dataclasses import dataclass

from a3s_core.messages import Usage


@dataclass(frozen=True)
class ModelFacts:
    input: float | None = None
    output: float | None = None
    cache_read: float | None = None
    cache_write: float | None = None
    context_window: int | None = None


_TABLE: dict[str, ModelFacts] = {
    "claude-opus-4": ModelFacts(15.0, 75.0, 1.5, 18.75, 200_000),
    "claude-sonnet-4": ModelFacts(3.0, 15.0, 0.3, 3.75, 200_000),
    "claude-3-7-sonnet": ModelFacts(3.0, 15.0, 0.3, 3.75, 200_000),
    "claude-3-5-sonnet": ModelFacts(3.0, 15.0, 0.3, 3.75, 200_000),
    "claude-3-5-haiku": ModelFacts(0.8, 4.0, 0.08, 1.0, 200_000),
    "claude-haiku-4": ModelFacts(1.0, 5.0, 0.1, 1.25, 200_000),
    "gpt-4o-mini": ModelFacts(0.15, 0.6, 0.075, None, 128_000),
    "gpt-4o": ModelFacts(2.5, 10.0, 1.25, None, 128_000),
    "gpt-4.1-mini": ModelFacts(0.4, 1.6, 0.1, None, 1_047_576),
    "gpt-4.1": ModelFacts(2.0, 8.0, 0.5, None, 1_047_576),
    "o3": ModelFacts(2.0, 8.0, 0.5, None, 200_000),
    "o4-mini": ModelFacts(1.1, 4.4, 0.275, None, 200_000),
    "deepseek-chat": ModelFacts(0.27, 1.1, 0.07, None, 64_000),
}


def builtin_facts(model_id: str) -> ModelFacts:
    """What the built-in table knows about ``model_id`` (empty facts when nothing matches)."""
    bare = model_id.rsplit("/", 1)[-1].lower()  # openrouter/anthropic/claude-... -> claude-...
    matches = [prefix for prefix in _TABLE if bare.startswith(prefix)]
    return _TABLE[max(matches, key=len)] if matches else ModelFacts()


def cost_of(usage: Usage, facts: ModelFacts) -> float | None:
    """Dollars for ``usage`` at ``facts``' prices; None when the input or output price is unknown."""
    if facts.input is None or facts.output is None:
        return None
    cache_read = facts.cache_read if facts.cache_read is not None else facts.input
    cache_write = facts.cache_write if facts.cache_write is not None else facts.input
    total = (
        usage.input_tokens * facts.input
        + usage.output_tokens * facts.output
        + usage.cache_read_tokens * cache_read
        + usage.cache_write_tokens * cache_write
    )
    return total / 1_000_000
