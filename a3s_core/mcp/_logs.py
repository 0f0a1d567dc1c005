"""Where a server's stderr goes and how its tail is read back for error messages."""

from __future__ import annotations

from pathlib import Path

TAIL_LINES = 20
_TAIL_BYTES = 16_384


def log_size(path: Path) -> int:
    """The log's current size, so a later tail can start where this connection began."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def stderr_tail(path: Path, start: int = 0, lines: int = TAIL_LINES) -> str:
    """The last ``lines`` lines written to ``path`` after byte offset ``start`` ("" if none)."""
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, 2)
            handle.seek(max(start, size - _TAIL_BYTES))
            data = handle.read()
    except OSError:
        return ""
    text = data.decode("utf-8", errors="replace")
    return "\n".join(text.strip().splitlines()[-lines:])


def find_child_pid(log_path: Path, parent_pid: int) -> int | None:
    """The pid of ``parent_pid``'s child whose stderr is ``log_path`` (Linux /proc; None elsewhere).

    The MCP SDK does not expose the server process, but the server's fd 2 is the log file.
    """
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    target = str(log_path.resolve())
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if _parent_of(entry) != parent_pid:
                continue
            if str(Path(entry / "fd" / "2").readlink()) == target:
                return int(entry.name)
        except OSError:
            continue
    return None


def _parent_of(entry: Path) -> int:
    stat = (entry / "stat").read_text(encoding="utf-8")
    # The command name (field 2) may contain spaces and parentheses; fields resume after the last ")".
    return int(stat.rsplit(")", 1)[1].split()[1])
