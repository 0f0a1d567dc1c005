"""MemorySessionStore: the SessionStore protocol in a dict, for tests and short-lived SDK use."""

from __future__ import annotations

import builtins
import json

from a3s_core.sessions.record import (
    SessionNotFound,
    SessionRecord,
    SessionSummary,
    newest_first,
    validate_session_id,
)


class MemorySessionStore:
    """Keeps records in memory, as the JSON a FileSessionStore would write.

    Each save stores a copy, so later changes to the record don't leak in, and a record that
    cannot be saved as JSON fails here just as it would on disk.
    """

    def __init__(self) -> None:
        self._records: dict[str, str] = {}
        self._summaries: dict[str, SessionSummary] = {}

    def save(self, record: SessionRecord) -> None:
        """Store a copy of ``record`` under its id. Raises ValueError for an invalid id."""
        validate_session_id(record.session_id)
        self._records[record.session_id] = json.dumps(record.to_dict(), ensure_ascii=False)
        self._summaries[record.session_id] = record.summary()

    def load(self, session_id: str) -> SessionRecord:
        """Return a copy of the saved record.

        Raises:
            SessionNotFound: no session has this id.
            ValueError: the id is invalid.
        """
        validate_session_id(session_id)
        saved = self._records.get(session_id)
        if saved is None:
            known = ", ".join(s.session_id for s in self.list()[:5]) or "none"
            raise SessionNotFound(
                session_id,
                f"no saved session {session_id!r} in memory; saved ids, newest first: {known} "
                "(see them all with SessionStore.list())",
            )
        return SessionRecord.from_dict(json.loads(saved))

    def latest(self, workspace: str) -> SessionSummary | None:
        """The most recently updated session of ``workspace``, or None."""
        found = self.list(workspace)
        return found[0] if found else None

    def delete(self, session_id: str) -> bool:
        """Forget a session; False when there was none with this id."""
        validate_session_id(session_id)
        self._summaries.pop(session_id, None)
        return self._records.pop(session_id, None) is not None

    def list(self, workspace: str | None = None) -> builtins.list[SessionSummary]:
        """Summaries newest first, only ``workspace``'s when given."""
        return newest_first(builtins.list(self._summaries.values()), workspace)
