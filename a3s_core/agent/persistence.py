"""Saving a session as the conversation goes, and bringing it back."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from a3s_core.agent.session_cron import EXTRA_KEY
from a3s_core.sessions import SessionRecord, make_title

if TYPE_CHECKING:
    from a3s_core.agent.session import AgentSession


def to_record(session: AgentSession) -> SessionRecord:
    """The session as a record: conversation, model, usage; never config or keys."""
    first = next((m.text for m in session.history if m.role == "user" and m.text), "")
    return SessionRecord(
        session_id=session.session_id,
        workspace=str(session.workspace),
        model=session.model,
        history=list(session.history),
        usage=session.usage,
        created_at=session.created_at,
        updated_at=time.time(),
        title=make_title(first),
        turns=session.turns,
        extra=dict(session.extra) | {EXTRA_KEY: session.cron.to_dicts()},
    )


def restore(session: AgentSession, record: SessionRecord) -> None:
    """Put a saved conversation back into a fresh session."""
    session.history[:] = record.history
    session.usage = record.usage
    session.turns = record.turns
    session.created_at = record.created_at
    session.extra.update(record.extra)
    session.cron.restore(session.extra.pop(EXTRA_KEY, []))
