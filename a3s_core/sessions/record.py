"""What a saved session is: the record written to disk, the summary listed, and their errors."""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from a3s_core.errors import A3SError
from a3s_core.messages import Message, Usage

FORMAT_VERSION = 1
TITLE_MAX_CHARS = 80
_ID_PATTERN = re.compile(r"[A-Za-z0-9_.-]{1,128}")
_RESERVED_IDS = frozenset({"sessions.index"})  # would collide with FileSessionStore's index file


class SessionNotFound(A3SError, KeyError):
    """Raised by ``SessionStore.load`` when no session has the given id; the message says where to look."""

    def __init__(self, session_id: str, message: str) -> None:
        self.session_id = session_id
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.message


class SessionFileError(A3SError, ValueError):
    """Raised by ``FileSessionStore.load`` when a session file is not valid JSON or not a session record.

    ``path`` is the offending file; ``str(err)`` names it and says what is wrong.
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: cannot read saved session: {reason}")


def validate_session_id(session_id: str) -> str:
    """Return ``session_id`` if it is safe as a file name.

    Raises:
        ValueError: it is not 1-128 characters of ``[A-Za-z0-9_.-]``, or is reserved.
    """
    if not isinstance(session_id, str) or not _ID_PATTERN.fullmatch(session_id):
        raise ValueError(
            f"invalid session id {session_id!r}: use 1-128 characters from A-Z a-z 0-9 _ . -"
        )
    if session_id in _RESERVED_IDS or set(session_id) == {"."}:
        raise ValueError(f"invalid session id {session_id!r}: the name is reserved")
    return session_id


def new_session_id() -> str:
    """A fresh id that sorts by creation time: ``20250131-142501-3f9a1c``."""
    return time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(3)


def make_title(prompt: str) -> str:
    """The first user prompt as a title: whitespace folded to one line, at most 80 characters."""
    line = " ".join(prompt.split())
    if len(line) <= TITLE_MAX_CHARS:
        return line
    return line[: TITLE_MAX_CHARS - 1].rstrip() + "…"


@dataclass
class SessionSummary:
    """One line of a session listing: enough to pick a session without loading its history."""

    session_id: str
    workspace: str
    model: str
    title: str
    updated_at: float
    turns: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "workspace": self.workspace,
            "model": self.model,
            "title": self.title,
            "updated_at": self.updated_at,
            "turns": self.turns,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionSummary:
        return cls(
            session_id=str(data["session_id"]),
            workspace=str(data["workspace"]),
            model=str(data["model"]),
            title=str(data["title"]),
            updated_at=float(data["updated_at"]),
            turns=int(data["turns"]),
        )


@dataclass
class SessionRecord:
    """A saved conversation. Holds no config: never an API key, a base URL or provider settings.

    ``extra`` is free-form JSON for later features (scheduled tasks, pinned facts); it round-trips
    untouched.
    """

    session_id: str
    workspace: str
    """Absolute path of the workspace the session ran in."""
    model: str
    """``provider/model``."""
    history: list[Message]
    usage: Usage
    created_at: float
    """Unix time (``time.time()``)."""
    updated_at: float
    title: str = ""
    """The first user prompt, one line, at most 80 characters (see ``make_title``)."""
    turns: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> SessionSummary:
        return SessionSummary(
            self.session_id, self.workspace, self.model, self.title, self.updated_at, self.turns
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, tagged ``"version": 1``."""
        return {
            "version": FORMAT_VERSION,
            "session_id": self.session_id,
            "workspace": self.workspace,
            "model": self.model,
            "title": self.title,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "turns": self.turns,
            "usage": {
                "input_tokens": self.usage.input_tokens,
                "output_tokens": self.usage.output_tokens,
                "cache_read_tokens": self.usage.cache_read_tokens,
                "cache_write_tokens": self.usage.cache_write_tokens,
            },
            "history": [message.to_dict() for message in self.history],
            "extra": self.extra,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionRecord:
        """Rebuild a record from ``to_dict`` output.

        Raises:
            ValueError: the data is from a newer format version, or is not a session record.
        """
        if not isinstance(data, dict):
            raise ValueError(f"a session record is a JSON object, not {type(data).__name__}")
        version = data.get("version")
        if version != FORMAT_VERSION:
            if isinstance(version, int) and version > FORMAT_VERSION:
                raise ValueError(
                    f"session format version {version} is newer than this a3s-code reads "
                    f"(version {FORMAT_VERSION}); upgrade a3s-code to open it"
                )
            raise ValueError(f"unknown session format version {version!r}")
        try:
            return cls(
                session_id=str(data["session_id"]),
                workspace=str(data["workspace"]),
                model=str(data["model"]),
                history=[Message.from_dict(m) for m in data["history"]],
                usage=Usage(**data.get("usage", {})),
                created_at=float(data["created_at"]),
                updated_at=float(data["updated_at"]),
                title=str(data.get("title", "")),
                turns=int(data.get("turns", 0)),
                extra=dict(data.get("extra", {})),
            )
        except (KeyError, TypeError, AttributeError) as err:
            raise ValueError(f"not a session record: {type(err).__name__}: {err}") from err


def newest_first(summaries: list[SessionSummary], workspace: str | None = None) -> list[SessionSummary]:
    """Sort summaries newest first, keeping only ``workspace``'s when it is given."""
    if workspace is not None:
        wanted = _normalize(workspace)
        summaries = [s for s in summaries if _normalize(s.workspace) == wanted]
    return sorted(summaries, key=lambda s: (s.updated_at, s.session_id), reverse=True)


def _normalize(workspace: str) -> str:
    import os.path

    return os.path.normcase(os.path.normpath(workspace))
