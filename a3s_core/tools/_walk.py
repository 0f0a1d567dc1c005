"""A pure-Python directory walk that filters entries the way ripgrep does.

Used when the ``rg`` binary is missing (grep, glob) and by ls. The rules mirror ripgrep 14 with
``--no-require-git --no-ignore-global``:

1. ``--glob`` overrides come first: a matching glob includes (or, with ``!``, excludes) the entry
   whatever the ignore files say; when any positive glob is given, a file matching none is excluded.
2. ``.gitignore``, ``.ignore``, ``.rgignore`` (and ``.git/info/exclude``) of the entry's directory and
   of every directory above it, the deepest deciding; an ignored directory is not entered.
3. ``--type`` globs, matched on the file name.
4. Hidden entries (name starting with ``.``) are skipped unless one of the above whitelisted them.

Symbolic links are not followed (ripgrep's default) and ``.git`` directories are never entered.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

IGNORE_FILES = (".gitignore", ".ignore", ".rgignore")

_Stack = tuple[tuple[str, "GitIgnoreSpec"], ...]


@dataclass(frozen=True)
class WalkFilter:
    """Which entries a walk yields; see the module docstring for the precedence."""

    globs: Sequence[str] = ()
    """ripgrep ``--glob`` patterns (gitignore syntax, ``!`` to exclude), relative to the walk root."""
    type_globs: Sequence[str] = ()
    """File-name globs of the selected file type (ripgrep ``--type``)."""
    hidden: bool = False
    """Yield hidden entries too."""


def walk(root: Path, filt: WalkFilter) -> Iterator[tuple[str, bool]]:
    """Yield ``(relative posix path, is_dir)`` for every entry under ``root``, breadth first.

    Directory order within one level is by name; unreadable directories are skipped silently.
    """
    from pathspec import GitIgnoreSpec

    overrides = GitIgnoreSpec.from_lines(filt.globs) if filt.globs else None
    whitelist = any(not g.startswith("!") for g in filt.globs)
    types = GitIgnoreSpec.from_lines(filt.type_globs) if filt.type_globs else None
    queue: deque[tuple[Path, str, _Stack]] = deque([(root, "", _ancestor_stack(root))])
    while queue:
        directory, prefix, stack = queue.popleft()
        spec = _dir_spec(directory)
        if spec is not None:
            stack = (*stack, (str(directory), spec))
        for entry in _scan(directory):
            if entry.name == ".git" or entry.is_symlink():
                continue
            is_dir = entry.is_dir(follow_symlinks=False)
            rel = f"{prefix}{entry.name}"
            override = _override(overrides, whitelist, rel, is_dir) if overrides else None
            if override is False:
                continue
            if override is None and not _passes_rules(entry, is_dir, stack, types, filt.hidden):
                continue
            yield rel, is_dir
            if is_dir:
                queue.append((Path(entry.path), f"{rel}/", stack))


def walk_files(root: Path, filt: WalkFilter) -> Iterator[str]:
    """Yield the relative posix path of every file ``walk`` accepts."""
    for rel, is_dir in walk(root, filt):
        if not is_dir:
            yield rel


def _scan(directory: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(directory) as entries:
            return sorted(entries, key=lambda e: e.name)
    except OSError:
        return []


def _override(spec: GitIgnoreSpec, whitelist: bool, rel: str, is_dir: bool) -> bool | None:
    result = _check(spec, f"{rel}/" if is_dir else rel)
    if result is not None:
        return result
    if whitelist and not is_dir:
        return False
    return None


def _passes_rules(
    entry: os.DirEntry[str], is_dir: bool, stack: _Stack, types: GitIgnoreSpec | None, hidden: bool
) -> bool:
    whitelisted = False
    ignored = _ignored(stack, entry.path, is_dir)
    if ignored is True:
        return False
    if ignored is False:
        whitelisted = True
    if types is not None and not is_dir:
        if not types.match_file(entry.name):
            return False
        whitelisted = True
    return whitelisted or hidden or not entry.name.startswith(".")


def _ignored(stack: _Stack, path: str, is_dir: bool) -> bool | None:
    """True if ignored, False if whitelisted (``!pattern``), None if no ignore file decides."""
    for base, spec in reversed(stack):
        rel = path[len(base) :].lstrip("/")
        result = _check(spec, f"{rel}/" if is_dir else rel)
        if result is not None:
            return result
    return None


def _check(spec: GitIgnoreSpec, rel: str) -> bool | None:
    """The ``include`` of the last pattern matching ``rel`` itself, or None.

    pathspec also counts a match on a parent directory ("/build" matching "build/x.py"); ripgrep
    does not (it prunes ignored directories instead), and that difference shows when ignore files
    above the walk root name the root's ancestors. pathspec marks a parent-directory match by
    ending it at its ``ps_d`` group, short of the end of the path.
    """
    decision: bool | None = None
    for pattern in spec.patterns:
        regex = pattern.regex
        if pattern.include is None or regex is None:
            continue
        match = regex.match(rel)
        if match and (match.end() == len(rel) or "ps_d" not in regex.groupindex or match.group("ps_d") is None):
            decision = pattern.include
    return decision


def _dir_spec(directory: Path) -> GitIgnoreSpec | None:
    from pathspec import GitIgnoreSpec

    lines: list[str] = []
    sources = [directory / ".git" / "info" / "exclude"] if (directory / ".git").is_dir() else []
    for source in [*sources, *(directory / name for name in IGNORE_FILES)]:
        try:
            lines.extend(source.read_text(encoding="utf-8", errors="replace").splitlines())
        except OSError:
            continue
    return GitIgnoreSpec.from_lines(lines) if lines else None


def _ancestor_stack(root: Path) -> _Stack:
    stack: list[tuple[str, GitIgnoreSpec]] = []
    for directory in reversed(root.parents):
        spec = _dir_spec(directory)
        if spec is not None:
            stack.append((str(directory), spec))
    return tuple(stack)
