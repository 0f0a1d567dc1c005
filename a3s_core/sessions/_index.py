"""The listing cache of FileSessionStore: ``sessions.index.json`` maps id -> summary.

Each entry remembers the (inode, mtime_ns, size) of the file it was read from. A listing trusts
an entry only while the file still matches, so a missing, corrupt or stale index (another process
saved meanwhile) heals itself: only changed files are read again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from a3s_core.sessions.record import SessionSummary

INDEX_NAME = "sessions.index.json"
INDEX_VERSION = 1


@dataclass
class IndexEntry:
    """A file's identity when it was read, and its summary (None when the file was unreadable)."""

    stamp: tuple[int, int, int]
    summary: SessionSummary | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "stamp": list(self.stamp),
            "summary": self.summary.to_dict() if self.summary else None,
        }


def file_stamp(stat: os.stat_result) -> tuple[int, int, int]:
    """What changes whenever a session file is replaced: os.replace gives it a new inode."""
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def read_index(path: Path) -> dict[str, IndexEntry]:
    """The index at ``path``; empty when it is missing or unreadable (it is then rebuilt)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != INDEX_VERSION:
            return {}
        entries: dict[str, IndexEntry] = {}
        for session_id, raw in data["sessions"].items():
            summary = SessionSummary.from_dict(raw["summary"]) if raw["summary"] else None
            ino, mtime_ns, size = (int(n) for n in raw["stamp"])
            entries[session_id] = IndexEntry((ino, mtime_ns, size), summary)
        return entries
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def encode_index(entries: dict[str, IndexEntry]) -> str:
    sessions = {sid: entry.to_dict() for sid, entry in sorted(entries.items())}
    return json.dumps({"version": INDEX_VERSION, "sessions": sessions}, separators=(",", ":"))
