"""Working out, in memory, what a parsed patch does to each file before anything is written."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from a3s_core.errors import ToolError
from a3s_core.tools._files import Diff, TextFile, load_text_file, unified_diff
from a3s_core.tools._patch_apply import Placement, apply_hunks
from a3s_core.tools._patch_parse import FilePatch
from a3s_core.tools.base import ToolContext
from a3s_core.tools.paths import display_path, resolve_path

Status = Literal["modified", "created", "deleted", "renamed"]
_NEW_FILE = TextFile(text="", encoding="utf-8", newline="\n")


@dataclass
class FileChange:
    """One file's change, computed but not yet written."""

    status: Status
    shown: str
    """The path shown to the model: the new path, or the old one for a deletion."""
    source: Path | None
    target: Path | None
    before: TextFile
    after: str
    hunks: int
    diff: Diff
    old_shown: str | None = None
    placements: list[Placement] = field(default_factory=list)

    def writes(self) -> list[tuple[Path, bytes | None]]:
        """The filesystem steps: (path, new bytes), or (path, None) to delete."""
        steps: list[tuple[Path, bytes | None]] = []
        if self.target is not None:
            steps.append((self.target, _encode(self.before, self.after)))
        if self.source is not None and self.source != self.target:
            steps.append((self.source, None))
        return steps

    def label(self) -> str:
        """``a.py (+3 -1)``, ``b.py (created, +10)``, ``old.py -> new.py (renamed, +0 -0)``."""
        name = f"{self.old_shown} -> {self.shown}" if self.status == "renamed" else self.shown
        counts = [] if self.status == "deleted" else [f"+{self.diff.additions}"]
        if self.status != "created":
            counts.append(f"-{self.diff.deletions}")
        prefix = "" if self.status == "modified" else f"{self.status}, "
        return f"{name} ({prefix}{' '.join(counts)})"

    def as_metadata(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.shown, "status": self.status,
            "additions": self.diff.additions, "deletions": self.diff.deletions,
        }  # fmt: skip
        if self.old_shown is not None:
            data["old_path"] = self.old_shown
        return data


def plan_changes(patches: list[FilePatch], ctx: ToolContext, tool: str) -> list[FileChange]:
    """Resolve, read and patch every file in memory.

    Raises:
        ToolDenied: a path is outside the workspace (from resolve_path).
        ToolError: a file is missing, already exists, binary, or a hunk does not apply.
    """
    changes: list[FileChange] = []
    seen: set[Path] = set()
    for patch in patches:
        paths = {raw: resolve_path(raw, ctx, tool) for raw in patch.paths}
        patch = _one_file(patch, paths)
        for raw in patch.paths:
            path = paths[raw]
            if path in seen:
                raise ToolError(f"{raw} appears in more than one section of the patch; put all its hunks in one")
            seen.add(path)
        changes.append(_plan_one(patch, paths, ctx.workspace))
    return changes


def _one_file(patch: FilePatch, paths: dict[str, Path]) -> FilePatch:
    """Outside git renames, differing names (``diff -u a.py.orig a.py``) name one file: pick it as
    GNU patch does, among those that exist: fewest components, then shortest basename, then name."""
    if patch.rename or patch.old is None or patch.new is None or patch.old == patch.new:
        return patch
    existing = [raw for raw in (patch.old, patch.new) if paths[raw].exists()] or [patch.new]
    name = min(existing, key=lambda raw: (raw.count("/"), len(posixpath.basename(raw)), len(raw)))
    return FilePatch(name, name, patch.hunks)


def _plan_one(patch: FilePatch, paths: dict[str, Path], workspace: Path) -> FileChange:
    source = None if patch.old is None else paths[patch.old]
    target = None if patch.new is None else paths[patch.new]
    if patch.old is None:
        assert patch.new is not None and target is not None
        _refuse_existing(patch.new, target, "the patch creates it ('--- /dev/null'); patch the existing file instead")
        before = _NEW_FILE
    else:
        assert source is not None
        before = _load(patch.old, source)
    if patch.new is not None and patch.old is not None and target != source:
        assert target is not None
        _refuse_existing(patch.new, target, f"cannot rename {patch.old} to it")
    shown = display_path(target if target is not None else source, workspace)  # type: ignore[arg-type]
    after, placements = apply_hunks(before.text, patch.hunks, shown)
    if patch.new is None and after:
        left = after.count("\n") + (0 if after.endswith("\n") else 1)
        raise ToolError(
            f"the patch deletes {patch.old}, but {left} lines of it would remain after its hunks; the file "
            "differs from what the patch expects. Read it again and make the deletion hunk remove every line."
        )
    status = _status(patch, source, target)
    old_shown = display_path(source, workspace) if status == "renamed" and source else None
    diff = _diff(before.text, after, shown, status, old_shown)
    return FileChange(status, shown, source, target, before, after, len(patch.hunks), diff, old_shown, placements)


def _status(patch: FilePatch, source: Path | None, target: Path | None) -> Status:
    if patch.old is None:
        return "created"
    if patch.new is None:
        return "deleted"
    return "modified" if source == target else "renamed"


def _refuse_existing(raw: str, path: Path, why: str) -> None:
    if path.exists():
        raise ToolError(f"{raw} already exists; {why}")


def _load(raw: str, path: Path) -> TextFile:
    return load_text_file(raw, path, tool="patch", create_hint="To create a file, start its section with '--- /dev/null'.")


def _encode(file: TextFile, text: str) -> bytes:
    try:
        return file.encode(text)
    except UnicodeEncodeError:
        return TextFile(text=file.text, encoding="utf-8", newline=file.newline).encode(text)


def _diff(before: str, after: str, shown: str, status: Status, old_shown: str | None) -> Diff:
    """The real change as a unified diff, with /dev/null and rename headers where they apply."""
    diff = unified_diff(before, after, shown)
    old_header = {"created": "/dev/null", "renamed": f"a/{old_shown}"}.get(status, f"a/{shown}")
    new_header = "/dev/null" if status == "deleted" else f"b/{shown}"
    lines = diff.text.split("\n", 2)
    body = lines[2] if len(lines) == 3 else ""
    if not diff.text and status == "modified":
        return diff
    diff.text = f"--- {old_header}\n+++ {new_header}\n{body}"
    return diff
