"""Session persistence: save a conversation as it goes, bring it back with --continue / --resume.

    store = FileSessionStore("./sessions")          # or MemorySessionStore(); default dir: default_sessions_dir()
    store.save(SessionRecord(session_id, workspace, "anthropic/claude-...", history, usage, t0, t1))
    store.load(session_id)                          # SessionNotFound / SessionFileError
    store.latest(workspace)                         # what --continue resumes

Errors (both A3SError): SessionNotFound (also a KeyError) when no session has the id;
SessionFileError (also a ValueError) when a saved file is corrupt or from a newer a3s-code.
"""

from __future__ import annotations

from a3s_core.sessions.file_store import FileSessionStore, default_sessions_dir
from a3s_core.sessions.memory_store import MemorySessionStore
from a3s_core.sessions.record import (
    FORMAT_VERSION,
    SessionFileError,
    SessionNotFound,
    SessionRecord,
    SessionSummary,
    make_title,
    new_session_id,
    validate_session_id,
)

__all__ = [
    "FORMAT_VERSION",
    "FileSessionStore",
    "MemorySessionStore",
    "SessionFileError",
    "SessionNotFound",
    "SessionRecord",
    "SessionSummary",
    "default_sessions_dir",
    "make_title",
    "new_session_id",
    "validate_session_id",
]
