"""`@path` mentions and image paths in a prompt: completion and attachment, no Textual here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from a3s_core.errors import ConfigError
from a3s_core.messages import ImageBlock

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
MENTION = re.compile(r"(?<!\S)@(?P<path>[^\s@]+)")
BARE_IMAGE = re.compile(r"(?<!\S)(?P<path>[^\s@]+\.(?:png|jpe?g|gif|webp))(?!\S)", re.IGNORECASE)
MAX_FILE_CHARS = 100_000
SKIP_DIRS = {".git", "node_modules", "__pycache__", ".venv", "venv", ".mypy_cache", ".pytest_cache"}


@dataclass
class Prepared:
    """A prompt ready for ``session.stream(text, images)``."""

    text: str
    images: list[ImageBlock] = field(default_factory=list)
    attached: list[str] = field(default_factory=list)
    """Paths that were attached, for the transcript."""


def prepare_prompt(text: str, workspace: Path) -> Prepared:
    """Attach every ``@file`` (as a fenced block, or an image) and every existing image path."""
    prepared = Prepared(text)
    blocks: list[str] = []
    for match in MENTION.finditer(text):
        target = _resolve(match["path"], workspace)
        if target is None or not target.is_file():
            continue
        if target.suffix.lower() in IMAGE_SUFFIXES and _attach_image(target, prepared):
            continue
        content = target.read_text(encoding="utf-8", errors="replace")[:MAX_FILE_CHARS]
        blocks.append(f"{match['path']}:\n```\n{content.rstrip()}\n```")
        prepared.attached.append(match["path"])
    for match in BARE_IMAGE.finditer(text):
        target = _resolve(match["path"], workspace)
        if target is not None and target.is_file() and match["path"] not in prepared.attached:
            _attach_image(target, prepared)
    if blocks:
        prepared.text = text + "\n\n" + "\n\n".join(blocks)
    return prepared


def _attach_image(target: Path, prepared: Prepared) -> bool:
    from a3s_cli.oneshot import load_image

    try:
        prepared.images.append(load_image(target))
    except ConfigError:
        return False
    prepared.attached.append(str(target))
    return True


def _resolve(raw: str, workspace: Path) -> Path | None:
    path = Path(raw.strip("'\"")).expanduser()
    return path if path.is_absolute() else workspace / path


def complete_paths(workspace: Path, partial: str, limit: int = 30) -> list[str]:
    """Workspace paths starting with ``partial`` (relative, "/" after directories), sorted."""
    folder, _, stem = partial.rpartition("/")
    base = workspace / folder if folder else workspace
    if not base.is_dir():
        return []
    found: list[str] = []
    for child in sorted(base.iterdir(), key=lambda p: p.name):
        if child.name in SKIP_DIRS or not child.name.startswith(stem):
            continue
        if child.name.startswith(".") and not stem.startswith("."):
            continue
        name = f"{folder}/{child.name}" if folder else child.name
        found.append(name + "/" if child.is_dir() else name)
        if len(found) >= limit:
            break
    return found
