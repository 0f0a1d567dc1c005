"""Tool names the model sees for MCP tools: ``mcp__{server}__{tool}``, safe and at most 64 chars."""

from __future__ import annotations

import hashlib
import re

MAX_NAME_LENGTH = 64
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def sanitize(part: str) -> str:
    """Replace every character outside ``[A-Za-z0-9_-]`` with ``_``."""
    return _UNSAFE.sub("_", part)


def qualified_name(server: str, tool: str) -> str:
    """``mcp__{server}__{tool}``, sanitised; names over 64 chars are cut and given a hash suffix."""
    name = f"mcp__{sanitize(server)}__{sanitize(tool)}"
    if len(name) <= MAX_NAME_LENGTH:
        return name
    # A hash of the full name keeps two long names that share a prefix distinct.
    digest = hashlib.sha1(f"{server}\0{tool}".encode()).hexdigest()[:8]
    return f"{name[: MAX_NAME_LENGTH - 9]}_{digest}"
