"""Which tool a direct lane submission means, from the shape of its arguments (the seed's examples)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

GLOB_CHARS = re.compile(r"[*?\[\]{}]")
REGEX_ONLY = re.compile(r"[\\()|^$+]")


def infer_tool(lane: str, args: dict[str, Any], workspace: Path) -> str:
    """``execute`` {command} is bash; ``query`` {path} reads a file (lists a directory); {pattern}
    greps, or globs when it looks like a file pattern.

    Raises:
        ValueError: the lane takes no submissions or the arguments fit no tool; name one with tool=.
    """
    if lane == "execute":
        if "command" in args:
            return "bash"
        if "old_string" in args:
            return "edit"
        if "content" in args:
            return "write"
    elif lane == "query":
        if "pattern" in args:
            return "glob" if looks_like_glob(str(args["pattern"])) else "grep"
        if "path" in args or "file_path" in args:
            target = Path(str(args.get("file_path") or args.get("path"))).expanduser()
            target = target if target.is_absolute() else workspace / target
            return "ls" if target.is_dir() else "read"
    elif lane in ("control", "generate"):
        raise ValueError(f"the {lane} lane takes no direct submissions; use cancel()/pause() or send()")
    else:
        raise ValueError(f"unknown lane {lane!r}; expected query or execute")
    raise ValueError(f"cannot tell which {lane} tool {sorted(args)} is for; pass tool=\"name\"")


def looks_like_glob(pattern: str) -> bool:
    """``**/*.py`` is a file pattern; ``TODO`` or ``def \\w+`` is a regex to grep for."""
    return bool(GLOB_CHARS.search(pattern)) and not REGEX_ONLY.search(pattern) and " " not in pattern
