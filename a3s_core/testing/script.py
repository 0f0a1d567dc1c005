"""What the scripted LLM server answers: replies, faults, and the thread-safe script queue."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

DEFAULT_SIGNATURE = "sig-scripted-llm-server-fake-thinking-signature"


@dataclass
class ToolCall:
    """One tool call the scripted model makes.

    ``raw_arguments``, when set, is sent verbatim instead of ``json.dumps(input)``, so a test can
    send malformed JSON arguments.
    """

    name: str
    input: dict[str, Any] = field(default_factory=dict)
    id: str | None = None
    raw_arguments: str | None = None

    def arguments(self) -> str:
        """The arguments exactly as they go on the wire."""
        if self.raw_arguments is not None:
            return self.raw_arguments
        return json.dumps(self.input, ensure_ascii=False)


@dataclass
class Reply:
    """One assistant turn, streamed in the protocol of the request that consumes it."""

    text: str = ""
    """Empty text sends no text block (Anthropic) / no content deltas (OpenAI)."""
    tool_calls: list[ToolCall] = field(default_factory=list)
    thinking: str | None = None
    """Anthropic: a thinking block (with signature) before the text; OpenAI: delta.reasoning_content."""
    thinking_signature: str = DEFAULT_SIGNATURE
    input_tokens: int = 10
    output_tokens: int = 5
    chunk_size: int = 4
    """Text, thinking and tool arguments are streamed in pieces of this many characters."""
    chunk_delay: float = 0.0
    """Seconds between SSE events (benchmarks only; tests keep 0)."""
    cut_after: int | None = None
    """Close the connection abruptly after this many SSE events (pings included)."""
    stop_reason: str | None = None
    """Override; either protocol's vocabulary is accepted and translated (max_tokens <-> length)."""
    stream_error_after: int | None = None
    """Send an in-stream overloaded error after this many SSE events, then end the stream."""


@dataclass
class Fault:
    """An HTTP error answer, in the error body shape of the request's protocol."""

    status: int
    retry_after: float | None = None
    """Sets the retry-after header (seconds)."""
    message: str = ""


ScriptItem = Reply | Fault


class Script:
    """A thread-safe queue of script items; with ``repeat`` it cycles forever."""

    def __init__(self, items: list[ScriptItem] | tuple[ScriptItem, ...] = (), *, repeat: bool = False) -> None:
        self._items: list[ScriptItem] = list(items)
        self._next = 0
        self._repeat = repeat
        self._lock = threading.Lock()

    def add(self, *items: ScriptItem) -> None:
        """Append items to the end of the script."""
        with self._lock:
            self._items.extend(items)

    def take(self) -> ScriptItem | None:
        """The next item, or None when the script is exhausted."""
        with self._lock:
            if self._next >= len(self._items):
                if not (self._repeat and self._items):
                    return None
                self._next = 0
            item = self._items[self._next]
            self._next += 1
            return item

    @property
    def consumed(self) -> int:
        """How many items were taken so far (a repeating script counts from its last cycle)."""
        with self._lock:
            return self._next

    @property
    def remaining(self) -> int:
        """Items not yet taken (a repeating script always reports its full length)."""
        with self._lock:
            if self._repeat:
                return len(self._items)
            return len(self._items) - self._next


def item_from_json(data: dict[str, Any]) -> ScriptItem:
    """Build a Reply or Fault from its JSON form; unknown keys are an error, to catch typos.

    Raises:
        ValueError: an unknown key or a malformed item.
    """
    if not isinstance(data, dict):
        raise ValueError(f"script item must be an object, got {data!r}")
    data = dict(data)
    if "fault" in data:
        data["status"] = data.pop("fault")
        return Fault(**_known(Fault, data))
    calls = [ToolCall(**_known(ToolCall, c)) for c in data.pop("tool_calls", [])]
    return Reply(tool_calls=calls, **_known(Reply, data))


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"unknown {cls.__name__} keys in script: {sorted(unknown)}")
    return data


def load_script(path: Path) -> Script:
    """Read a JSON script: a list of items, or ``{"script": [...], "repeat": true}``.

    Raises:
        ValueError: the file is not a valid script.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    repeat = False
    if isinstance(data, dict):
        repeat = bool(data.get("repeat", False))
        data = data.get("script")
    if not isinstance(data, list):
        raise ValueError("a script is a JSON list, or an object with a 'script' list")
    return Script([item_from_json(item) for item in data], repeat=repeat)
