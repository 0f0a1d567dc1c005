"""A disk cache of python-hcl2's output, so an unchanged file is not parsed again.

Importing python-hcl2 and loading its parser costs about 0.2 s, half of what a one-shot
answer may take. The parser's output is a pure function of the text (``env()`` is evaluated
afterwards), so it is stored as JSON under the SHA-256 of the text and of the installed
python-hcl2 (located without importing it). A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
from pathlib import Path
from typing import Any

_FORMAT = "a3s-config-cache-1"


def cache_key(text: str) -> str:
    """The file name for ``text``'s parse result with the installed python-hcl2."""
    digest = hashlib.sha256(f"{_FORMAT}\0{_parser_fingerprint()}\0".encode())
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()[:32] + ".json"


def read(cache_dir: Path, key: str) -> dict[str, Any] | None:
    """Return the cached parse result, or None when absent or unreadable."""
    try:
        data = json.loads((cache_dir / key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write(cache_dir: Path, key: str, data: dict[str, Any]) -> None:
    """Store a parse result atomically; failures are ignored (the cache is only a speed-up).

    A file that spells out a secret (``api_key = "sk-..."`` rather than ``env("VAR")``) is not
    cached: a key must never be copied to another place on disk.
    """
    if holds_literal_secret(data):
        return
    try:
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = cache_dir / f".{key}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(data))
        tmp.replace(cache_dir / key)
    except (OSError, TypeError, ValueError):
        return


SECRET_NAMES = re.compile(r"(api_?key|token|secret|password)", re.IGNORECASE)


def holds_literal_secret(data: Any, name: str = "") -> bool:
    """True when a secret-named attribute holds a literal string instead of an expression."""
    if isinstance(data, dict):
        return any(holds_literal_secret(value, str(key)) for key, value in data.items())
    if isinstance(data, list):
        return any(holds_literal_secret(item, name) for item in data)
    if isinstance(data, str) and SECRET_NAMES.search(name):
        return not data.startswith("${")
    return False


def _parser_fingerprint() -> str:
    spec = importlib.util.find_spec("hcl2")
    if spec is None or spec.origin is None:
        return "missing"
    version = Path(spec.origin).with_name("version.py")
    try:
        stat = version.stat()
    except OSError:
        return spec.origin
    return f"{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"
