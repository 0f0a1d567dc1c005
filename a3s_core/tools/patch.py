"""The patch tool: apply a unified diff to one or more files, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from a3s_core.errors import A3SError, ToolError
from a3s_core.protocols import Lane
from a3s_core.tools import _args
from a3s_core.tools._files import atomic_write
from a3s_core.tools._patch_parse import parse_patch
from a3s_core.tools._patch_plan import FileChange, plan_changes
from a3s_core.tools.base import ToolContext, ToolResult

DESCRIPTION = """Apply a unified diff (as `git diff` or `diff -u` writes it) to one or more files.

Each file's section starts with '--- a/path' and '+++ b/path' lines followed by hunks \
('@@ -start,count +start,count @@', then lines starting with ' ' for context, '-' to remove, '+' to \
add). Use '--- /dev/null' to create a file and '+++ /dev/null' to delete one. Paths are relative to \
the workspace; a/ and b/ prefixes are stripped unless strip is given. Hunks whose context moved a \
few lines are still applied. Nothing is written unless every hunk applies. Line endings (LF or \
CRLF) and encodings are kept. For a single small change, edit is simpler."""


class PatchTool:
    """Applies a multi-file unified diff atomically: every hunk applies, or no file changes."""

    name = "patch"
    description = DESCRIPTION
    lane: Lane = "execute"
    input_schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "patch": {"type": "string", "description": "The unified diff to apply."},
            "strip": {
                "type": "integer",
                "description": "Leading path components to remove from the paths in the patch "
                "(like patch -p). Default: strip the a/ and b/ prefixes when present.",
            },
        },
        "required": ["patch"],
    }

    def permission_subject(self, args: dict[str, Any]) -> str:
        """The paths the patch touches, comma-joined as written (after stripping); "" if malformed."""
        try:
            patches = parse_patch(_args.require_str(args, "patch", "the unified diff"), _strip(args))
        except A3SError:
            return ""
        return ",".join(dict.fromkeys(path for patch in patches for path in patch.paths))

    async def preview(self, args: dict[str, Any], ctx: ToolContext) -> dict[str, Any]:
        """What this call would change, for a confirmation prompt; writes nothing."""
        changes = self._plan(args, ctx)
        return _metadata(changes)

    async def run(self, args: dict[str, Any], ctx: ToolContext) -> ToolResult:
        """Apply the patch and report what changed (and which hunks had to be moved)."""
        changes = self._plan(args, ctx)
        _commit(changes)
        hunks = sum(change.hunks for change in changes)
        summary = (
            f"Applied {_count(hunks, 'hunk')} to {_count(len(changes), 'file')}: "
            + ", ".join(change.label() for change in changes)
        )
        notes = [placement.describe() for change in changes for placement in change.placements]
        output = "\n".join([summary, *notes])
        return ToolResult(output=output, metadata=_metadata(changes))

    def _plan(self, args: dict[str, Any], ctx: ToolContext) -> list[FileChange]:
        text = _args.require_str(args, "patch", "the unified diff to apply")
        return plan_changes(parse_patch(text, _strip(args)), ctx, self.name)


def _strip(args: dict[str, Any]) -> int | None:
    return _args.optional_int(args, "strip", None, minimum=0)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _metadata(changes: list[FileChange]) -> dict[str, Any]:
    return {
        "files": [change.as_metadata() for change in changes],
        "diff": "".join(change.diff.text for change in changes),
        "additions": sum(change.diff.additions for change in changes),
        "deletions": sum(change.diff.deletions for change in changes),
        "offsets": [placement.as_metadata() for change in changes for placement in change.placements],
    }


def _commit(changes: list[FileChange]) -> None:
    """Write every change; if one step fails, put back what the earlier steps changed."""
    done: list[tuple[Path, bytes | None]] = []
    for change in changes:
        for path, data in change.writes():
            original = path.read_bytes() if path.is_file() else None
            try:
                if data is None:
                    path.unlink()
                else:
                    atomic_write(path, data)
            except OSError as exc:
                failed = _restore(done)
                raise ToolError(_write_failure(change.shown, exc, failed)) from None
            done.append((path, original))


def _restore(done: list[tuple[Path, bytes | None]]) -> list[Path]:
    failed: list[Path] = []
    for path, original in reversed(done):
        try:
            if original is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write(path, original)
        except OSError:
            failed.append(path)
    return failed


def _write_failure(shown: str, exc: OSError, failed: list[Path]) -> str:
    message = f"Cannot write {shown}: {exc.strerror or exc}."
    if failed:
        return message + " Restoring these files also failed: " + ", ".join(str(path) for path in failed)
    return message + " No file was changed (files already written were restored)."
