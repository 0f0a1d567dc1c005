"""Every behavioural store test runs over both stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from a3s_core.protocols import SessionStore
from a3s_core.sessions import FileSessionStore, MemorySessionStore


@pytest.fixture(params=["file", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> SessionStore:
    if request.param == "file":
        return FileSessionStore(tmp_path / "sessions")
    return MemorySessionStore()
