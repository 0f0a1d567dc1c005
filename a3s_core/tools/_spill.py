"""Saving an output too long for the model's context to a file it can page through with `read`.

Files go to `.a3s/tool-output/` inside the workspace (so `read` may open them) with a `.gitignore`
of `*` beside them (so git, grep and glob ignore them).
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

SPILL_DIR = Path(".a3s") / "tool-output"
MAX_SPILL_LINES = 20_000
"""Beyond this many lines a listing is not worth paging through: the note asks for a narrower search."""


def spill(workspace: Path, tool: str, lines: list[str]) -> str | None:
    """Write ``lines`` to a new file; return its workspace-relative path, or None if that failed."""
    directory = workspace / SPILL_DIR
    try:
        directory.mkdir(parents=True, exist_ok=True)
        ignore = directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        path = directory / f"{tool}-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError:
        return None
    return path.relative_to(workspace).as_posix()


def spill_note(path: str | None, total: int, what: str) -> str:
    """The line telling the model where the whole output is."""
    if path is None:
        return ""
    return f"\n[all {total} {what} are saved in {path}: page through it with read (offset, limit)]"
