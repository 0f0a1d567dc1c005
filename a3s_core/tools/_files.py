"""Text files as tools see them: decoding that remembers the encoding, atomic writes, diffs."""

from __future__ import annotations

import codecs
import difflib
import functools
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

SNIFF_BYTES = 8192
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\b\x1b")


@dataclass
class TextFile:
    """A decoded text file; ``encoding`` and ``newline`` let it be written back the same way."""

    text: str
    """The content with line endings normalised to \\n."""
    encoding: str
    newline: str
    """"\\r\\n" when most line endings in the file were CRLF, else "\\n"."""

    def encode(self, text: str) -> bytes:
        """Encode ``text`` (with \\n line endings) the way the original file was stored."""
        if self.newline == "\r\n":
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        return text.encode(self.encoding)


def looks_binary(data: bytes) -> bool:
    """True when the start of ``data`` holds a NUL byte (the test ripgrep and git use)."""
    return b"\x00" in data[:SNIFF_BYTES]


def decode_text(data: bytes) -> TextFile | None:
    """Decode file bytes, or return None when they look binary.

    UTF-8 (with or without BOM) and BOM-marked UTF-16 are recognised; other bytes without control
    characters are taken as Latin-1 so legacy files stay editable.
    """
    encoding = _sniff_encoding(data)
    if encoding is None:
        return None
    text = data.decode(encoding)
    crlf = text.count("\r\n")
    newline = "\r\n" if crlf and crlf * 2 > text.count("\n") else "\n"
    if newline == "\r\n":
        text = text.replace("\r\n", "\n")
    return TextFile(text=text, encoding=encoding, newline=newline)


def _sniff_encoding(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if looks_binary(data):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        head = data[:SNIFF_BYTES]
        if any(byte < 0x20 and byte not in _ALLOWED_CONTROLS for byte in head):
            return None
        return "latin-1"
    return "utf-8"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory and ``os.replace``.

    The parent directories are created; an existing file keeps its permission bits, a new one gets
    the usual 0o666 minus the umask.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@functools.cache
def _umask() -> int:
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@dataclass
class Diff:
    """A unified diff and its line counts."""

    text: str
    additions: int
    deletions: int

    def as_metadata(self) -> dict[str, object]:
        return {"diff": self.text, "additions": self.additions, "deletions": self.deletions}


def unified_diff(old: str, new: str, name: str) -> Diff:
    """The unified diff from ``old`` to ``new`` with a/ and b/ headers for ``name``."""
    lines = list(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{name}", f"b/{name}"
        )
    )
    body = lines[2:]
    additions = sum(1 for line in body if line.startswith("+"))
    deletions = sum(1 for line in body if line.startswith("-"))
    text = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
    return Diff(text=text, additions=additions, deletions=deletions)


def split_lines(text: str) -> list[str]:
    """Lines as grep numbers them: split on \\n only, no phantom line after a final newline."""
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def load_text_file(raw: str, path: Path, *, tool: str, create_hint: str) -> TextFile:
    """Read a text file a tool is about to change.

    Raises:
        ToolError: it is a directory, missing (with ``create_hint`` and similar names), unreadable
            or binary.
    """
    from a3s_core.errors import ToolError
    from a3s_core.tools.paths import not_found

    if path.is_dir():
        raise ToolError(f"{raw} is a directory, not a file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ToolError(f"{not_found(raw, path)}. {create_hint}") from None
    except OSError as exc:
        raise ToolError(f"Cannot read {raw}: {exc.strerror or exc}") from None
    file = decode_text(data)
    if file is None:
        raise ToolError(f"{raw} is a binary file; {tool} only changes text files")
    return file
