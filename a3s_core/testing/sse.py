"""A small SSE reader for tests that look at the raw bytes the scripted server sends."""

from __future__ import annotations

import json
from typing import Any


def parse_sse(raw: bytes) -> list[tuple[str | None, Any]]:
    """SSE bytes -> ``[(event name or None, parsed JSON data)]``; a ``[DONE]`` data line stays a string."""
    events: list[tuple[str | None, Any]] = []
    for frame in raw.decode("utf-8").split("\n\n"):
        if not frame.strip():
            continue
        name: str | None = None
        data: Any = None
        for line in frame.split("\n"):
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                payload = line.removeprefix("data: ")
                data = payload if payload == "[DONE]" else json.loads(payload)
        events.append((name, data))
    return events
