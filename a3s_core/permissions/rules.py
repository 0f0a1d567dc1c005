"""Permission rules: parsing ``tool(pattern)`` text and matching it against a tool call.

Grammar: ``TOOL`` or ``TOOL(PATTERN)``.

* ``TOOL`` is a tool name (compared case-insensitively, so Claude Code's ``Bash(...)`` works),
  ``*`` for every tool, or a name glob such as ``mcp__github__*``. A bare ``mcp__server``
  also matches every tool of that MCP server (``mcp__server__create_issue``).
* No parentheses, ``(*)`` or ``(**)``: every call of the tool matches.
* For path tools (read, write, edit, ...) the pattern is a path glob: ``*`` and ``?`` stay
  inside one path segment, ``**`` crosses segments, ``**/`` also matches no directory at all.
  The subject is normalized first (``src/../x`` is ``x``), a leading ``./`` is dropped, and a
  pattern starting with ``~`` means the home directory.
* For every other tool (bash, web_fetch, MCP tools...) ``*`` matches any run of characters,
  spaces and ``/`` included, and nothing else is special. ``bash(git:*)`` (Claude Code's prefix
  form) matches ``git`` alone or ``git`` followed by whitespace and anything.
* A backslash makes the next character literal: ``bash(rm \\*.tmp)`` matches only that command.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_RULE = re.compile(r"\s*(?P<tool>[A-Za-z0-9_.\-*]+)\s*(?:\((?P<pattern>.*)\))?\s*", re.DOTALL)
_WILDCARDS = frozenset("*?")


def parse_rule(text: str) -> PermissionRule:
    """Parse one rule.

    Raises:
        ValueError: the rule is malformed (unbalanced parenthesis, empty pattern, bad name).
    """
    match = _RULE.fullmatch(text)
    if match is None:
        raise ValueError(f"malformed permission rule {text!r}: expected TOOL or TOOL(PATTERN)")
    pattern = match.group("pattern")
    if pattern is not None and not pattern.strip():
        raise ValueError(f"malformed permission rule {text!r}: empty pattern inside ()")
    if pattern is not None and pattern.endswith("\\") and not pattern.endswith("\\\\"):
        raise ValueError(f"malformed permission rule {text!r}: dangling backslash")
    return PermissionRule(text.strip(), match.group("tool").casefold(), pattern)


def escape_pattern(subject: str) -> str:
    """Escape ``subject`` so that, as a rule pattern, it matches only itself."""
    return re.sub(r"([\\*?])", r"\\\1", subject)


def exact_rule(tool_name: str, subject: str) -> str:
    """The rule text that allows exactly this call: ``bash(npm test)``, ``edit(src/app.py)``."""
    return f"{tool_name}({escape_pattern(subject)})" if subject.strip() else tool_name


@dataclass(frozen=True)
class PermissionRule:
    """One parsed rule. ``pattern`` is None when the rule names a tool only."""

    text: str
    tool: str
    pattern: str | None

    @property
    def matches_everything(self) -> bool:
        """True when the rule covers every subject of its tool."""
        return self.pattern is None or self.pattern.strip() in ("*", "**")

    def has_wildcard(self, *, path_style: bool) -> bool:
        """True when the pattern can match more than one subject."""
        wildcards = "*?" if path_style else "*"
        return self.matches_everything or _has_wildcard(self.pattern or "", wildcards)

    @property
    def is_absolute(self) -> bool:
        """True when the pattern names an absolute or home-relative path."""
        pattern = (self.pattern or "").strip()
        return pattern.startswith(("/", "~"))

    def matches_tool(self, tool_name: str) -> bool:
        """Whether the rule's tool part covers ``tool_name``."""
        name = tool_name.casefold()
        if self.tool == "*" or self.tool == name:
            return True
        if "*" in self.tool:
            return re.fullmatch(self.tool.replace(".", r"\.").replace("*", ".*"), name) is not None
        return self.tool.startswith("mcp__") and name.startswith(self.tool + "__")

    def matches_subject(self, subject: str, *, path_style: bool) -> bool:
        """Whether the pattern covers ``subject`` (the tool part is not checked)."""
        if self.pattern is None or self.matches_everything:
            return True
        if path_style:
            return _path_regex(self.pattern).fullmatch(normalize_path_subject(subject)) is not None
        return _command_regex(self.pattern).fullmatch(subject.strip()) is not None

    def matches(self, tool_name: str, subject: str, *, path_style: bool) -> bool:
        """Whether the rule covers this call."""
        return self.matches_tool(tool_name) and self.matches_subject(subject, path_style=path_style)


def normalize_path_subject(subject: str) -> str:
    """Normalize a path subject the way patterns see it (``./a/../b`` is ``b``)."""
    subject = subject.strip()
    if not subject:
        return subject
    if subject.startswith("~"):
        subject = str(Path(subject).expanduser())
    return posixpath.normpath(subject.replace("\\", "/"))


def _has_wildcard(pattern: str, wildcards: str) -> bool:
    escaped = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in wildcards:
            return True
    return False


def _tokens(pattern: str) -> list[tuple[str, bool]]:
    """Split into (text, is_wildcard) tokens, honouring backslash escapes."""
    tokens: list[tuple[str, bool]] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            tokens.append((pattern[i + 1], False))
            i += 2
        elif pattern.startswith("**/", i):
            tokens.append(("**/", True))
            i += 3
        elif pattern.startswith("**", i):
            tokens.append(("**", True))
            i += 2
        else:
            tokens.append((char, char in _WILDCARDS))
            i += 1
    return tokens


@lru_cache(maxsize=512)
def _command_regex(pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip()
    if pattern.endswith(":*") and not pattern.endswith("\\:*"):
        prefix = "".join(re.escape(text) for text, _ in _tokens(pattern[:-2]))
        return re.compile(prefix + r"(?:\s.*)?", re.DOTALL)
    translate = {"**/": ".*/", "**": ".*", "*": ".*", "?": r"\?"}
    parts = [translate[text] if wild else re.escape(text) for text, wild in _tokens(pattern)]
    return re.compile("".join(parts), re.DOTALL)


def _path_regex(pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip()
    if pattern.startswith("~"):
        pattern = str(Path.home()) + pattern[1:]
    return _compile_path(pattern)


@lru_cache(maxsize=512)
def _compile_path(pattern: str) -> re.Pattern[str]:
    if pattern.startswith("./"):
        pattern = pattern[2:]
    translate = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    parts = [translate[text] if wild else re.escape(text) for text, wild in _tokens(pattern)]
    return re.compile("".join(parts), re.DOTALL)
