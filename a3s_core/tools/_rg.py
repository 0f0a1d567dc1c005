"""Finding and running the ``rg`` binary shipped by the ``ripgrep`` wheel."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from a3s_core.errors import ToolArgumentError, ToolError

MAX_READ_BYTES = 32 * 1024 * 1024
"""Stop reading (and stop rg) after this much output; results are then marked incomplete."""

BASE_ARGS = ("--no-config", "--no-require-git", "--no-ignore-global", "--no-messages", "--color", "never")
"""Ignore files count even outside a git repository; global git excludes do not (so the pure-Python
fallback can match); unreadable files are skipped silently."""
EXCLUDE_GIT = ("--glob", "!.git")
"""Always last: a user glob such as ``*`` would otherwise whitelist ``.git``."""


def find_rg(explicit: str | None) -> str | None:
    """The rg executable to use: ``explicit`` if given ("" means none), else the venv's, else PATH's."""
    if explicit is not None:
        return explicit or None
    beside = Path(sys.executable).parent / "rg"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("rg")


@dataclass
class RgOutput:
    """What one rg run produced."""

    stdout: bytes
    complete: bool
    """False when the output was cut at MAX_READ_BYTES."""


async def run_rg(
    rg: str, args: list[str], cwd: Path, timeout: float, on_chunk: Callable[[bytes], None] | None = None
) -> RgOutput:
    """Run ``rg`` with ``args`` in ``cwd``; exit codes 0 (found) and 1 (nothing found) are success.

    With ``on_chunk``, stdout is handed over piece by piece as rg writes it (so the caller works
    while rg is still searching) and the returned ``stdout`` is empty.

    Raises:
        ToolArgumentError: rg rejected the regex or a glob (its message is included).
        ToolError: rg failed otherwise or ran longer than ``timeout`` seconds.
    """
    try:
        proc = await asyncio.create_subprocess_exec(
            rg, *BASE_ARGS, *args, *EXCLUDE_GIT, cwd=cwd,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
    except OSError as exc:
        raise ToolError(f"Cannot run ripgrep ({rg}): {exc.strerror or exc}") from None
    assert proc.stdout is not None and proc.stderr is not None
    try:
        async with asyncio.timeout(timeout):
            stderr_task = asyncio.ensure_future(proc.stderr.read())
            stdout, size, complete = await _read_capped(proc.stdout, on_chunk)
            if not complete:
                proc.kill()
            stderr = (await stderr_task).decode("utf-8", "replace")
            code = await proc.wait()
    except TimeoutError:
        raise ToolError(f"The search took longer than {timeout:g} s; narrow it with path or glob") from None
    finally:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await asyncio.shield(proc.wait())
    if complete and code not in (0, 1) and not size and stderr.strip():
        _raise_for(stderr, code)
    return RgOutput(stdout=stdout, complete=complete)


async def _read_capped(
    stream: asyncio.StreamReader, on_chunk: Callable[[bytes], None] | None
) -> tuple[bytes, int, bool]:
    """The output (empty when given to ``on_chunk``), its size, and whether it was read to the end."""
    chunks: list[bytes] = []
    keep = chunks.append if on_chunk is None else on_chunk
    size = 0
    while chunk := await stream.read(1 << 16):
        keep(chunk)
        size += len(chunk)
        if size >= MAX_READ_BYTES:
            return b"".join(chunks), size, False
    return b"".join(chunks), size, True


def _raise_for(stderr: str, code: int) -> None:
    message = stderr.strip().removeprefix("rg: ")
    if "regex parse error" in message or "error parsing glob" in message or "unrecognized file type" in message:
        raise ToolArgumentError(f"Invalid search argument: {message}")
    raise ToolError(f"rg failed (exit code {code}): {message or 'no message'}")
