"""FileSessionStore: one JSON file per session, written atomically, listed through a small index."""

from __future__ import annotations

import builtins
import contextlib
import json
import os
import time
from pathlib import Path

from a3s_core.sessions._atomic import TEMP_SUFFIX, atomic_write_text
from a3s_core.sessions._index import (
    INDEX_NAME,
    IndexEntry,
    encode_index,
    file_stamp,
    read_index,
)
from a3s_core.sessions.record import (
    SessionFileError,
    SessionNotFound,
    SessionRecord,
    SessionSummary,
    newest_first,
    validate_session_id,
)

_STALE_TEMP_SECONDS = 3600.0


def default_sessions_dir() -> Path:
    """Where the CLI keeps sessions: ``platformdirs.user_data_dir("a3s-code") / "sessions"``."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("a3s-code")) / "sessions"


class FileSessionStore:
    """Sessions as ``<directory>/<session_id>.json`` (mode 0o600, directory 0o700 when created here).

    Saves are atomic: a process killed mid-save leaves the previous version whole. A corrupt file
    makes ``load`` raise SessionFileError naming it; ``list`` skips it.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_sessions_dir()

    def path_for(self, session_id: str) -> Path:
        """The file of ``session_id``. Raises ValueError for an id that is not a safe file name."""
        return self.directory / f"{validate_session_id(session_id)}.json"

    def save(self, record: SessionRecord) -> None:
        """Write ``record`` atomically and update the index. Raises ValueError for an invalid id."""
        path = self.path_for(record.session_id)
        if not self.directory.is_dir():
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(self.directory, 0o700)
        atomic_write_text(path, json.dumps(record.to_dict(), ensure_ascii=False, separators=(",", ":")))
        entries = read_index(self._index_path)
        entries[record.session_id] = IndexEntry(file_stamp(path.stat()), record.summary())
        self._write_index(entries)

    def load(self, session_id: str) -> SessionRecord:
        """Read a saved session.

        Raises:
            SessionNotFound: there is no file for this id.
            SessionFileError: the file is not valid JSON, or not a record this version can read.
            ValueError: the id is invalid.
        """
        try:
            return self._read(session_id)
        except FileNotFoundError:
            raise self._not_found(session_id) from None

    def latest(self, workspace: str) -> SessionSummary | None:
        """The most recently updated session of ``workspace``, or None."""
        found = self.list(workspace)
        return found[0] if found else None

    def delete(self, session_id: str) -> bool:
        """Remove a session's file; False when there was none."""
        path = self.path_for(session_id)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        entries = read_index(self._index_path)
        if entries.pop(session_id, None) is not None:
            self._write_index(entries)
        return True

    def list(self, workspace: str | None = None) -> builtins.list[SessionSummary]:
        """Summaries newest first, only ``workspace``'s when given; unreadable files are skipped."""
        if not self.directory.is_dir():
            return []
        cached = read_index(self._index_path)
        fresh: dict[str, IndexEntry] = {}
        for session_id, stat in self._scan():
            entry = cached.get(session_id)
            if entry is None or entry.stamp != file_stamp(stat):
                entry = IndexEntry(file_stamp(stat), self._read_summary(session_id))
            fresh[session_id] = entry
        if fresh != cached:
            with contextlib.suppress(OSError):  # a read-only directory still lists
                self._write_index(fresh)
        return newest_first([e.summary for e in fresh.values() if e.summary is not None], workspace)

    @property
    def _index_path(self) -> Path:
        return self.directory / INDEX_NAME

    def _write_index(self, entries: dict[str, IndexEntry]) -> None:
        atomic_write_text(self._index_path, encode_index(entries))

    def _scan(self) -> builtins.list[tuple[str, os.stat_result]]:
        """(id, stat) of every session file; removes temp files left by long-dead writers."""
        found: builtins.list[tuple[str, os.stat_result]] = []
        now = time.time()
        with os.scandir(self.directory) as entries:
            for entry in entries:
                name = entry.name
                with contextlib.suppress(OSError):  # a file may vanish while we look
                    if name.endswith(TEMP_SUFFIX):
                        if now - entry.stat().st_mtime > _STALE_TEMP_SECONDS:
                            os.unlink(entry.path)
                    elif name.endswith(".json") and name != INDEX_NAME and entry.is_file():
                        session_id = name[: -len(".json")]
                        with contextlib.suppress(ValueError):
                            found.append((validate_session_id(session_id), entry.stat()))
        return found

    def _read(self, session_id: str) -> SessionRecord:
        path = self.path_for(session_id)
        raw = path.read_bytes()
        try:
            record = SessionRecord.from_dict(json.loads(raw))
        except ValueError as err:  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise SessionFileError(path, str(err)) from err
        record.session_id = session_id  # the file name wins, so a copied file is a fork
        return record

    def _read_summary(self, session_id: str) -> SessionSummary | None:
        try:
            return self._read(session_id).summary()
        except (SessionFileError, OSError):
            return None

    def _not_found(self, session_id: str) -> SessionNotFound:
        known = ", ".join(s.session_id for s in self.list()[:5]) or "none"
        return SessionNotFound(
            session_id,
            f"no saved session {session_id!r} in {self.directory}; saved ids, newest first: {known} "
            f"(each session is a <id>.json file there; SessionStore.list() shows them all)",
        )
