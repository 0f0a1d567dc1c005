"""PermissionPolicy: allow / deny / ask rules and the default for everything they don't cover.

Evaluation order for one call: a matching deny rule denies; otherwise a matching allow rule
allows; otherwise a matching ask rule asks; otherwise the default applies (read-only tools are
allowed, every other tool asks; ``PermissionPolicy.permissive()`` allows). Rule syntax and
matching are described in :mod:`a3s_core.permissions.rules`.

For ``bash`` the command line is split into its simple commands (:mod:`.shell`): a deny rule
matching any part denies; allow needs every part covered by some allow rule, or a wildcard-free
rule equal to the whole line; a part with ``$(...)`` or backticks is covered only by a rule
without wildcards or by one that allows every bash call.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from a3s_core.permissions.rules import PermissionRule, exact_rule, normalize_path_subject, parse_rule
from a3s_core.permissions.shell import CommandPart, split_command
from a3s_core.permissions.types import Action, PermissionDecision

DEFAULT_READ_ONLY_TOOLS = frozenset({"read", "grep", "glob", "ls", "web_fetch", "web_search"})
"""Tools the default policy allows without asking (the query-lane tools)."""
DEFAULT_PATH_TOOLS = frozenset({"read", "write", "edit", "patch", "multi_edit", "ls", "glob", "grep"})
"""Tools whose permission subject is a path, matched with path globs."""
SHELL_TOOLS = frozenset({"bash"})
_ACTIONS: tuple[Action, ...] = ("allow", "deny", "ask")


class PermissionPolicy:
    """Rule-based PermissionChecker.

    Args:
        allow: rules that allow without asking (``bash(cargo *)``, ``read``).
        deny: rules that refuse.
        ask: rules that ask a person even if the default would allow.
        default: the action when no rule matches; None means read-only tools allow, others ask.
        read_only_tools: tool names the None default allows.
        path_tools: tool names whose subjects are paths.

    Raises:
        ValueError: a rule is malformed.
    """

    def __init__(
        self,
        allow: Iterable[str] = (),
        deny: Iterable[str] = (),
        ask: Iterable[str] = (),
        *,
        default: Action | None = None,
        read_only_tools: Iterable[str] = DEFAULT_READ_ONLY_TOOLS,
        path_tools: Iterable[str] = DEFAULT_PATH_TOOLS,
    ) -> None:
        self.default = default
        self.read_only_tools = frozenset(name.casefold() for name in read_only_tools)
        self.path_tools = frozenset(name.casefold() for name in path_tools)
        self._rules: dict[Action, list[PermissionRule]] = {"allow": [], "deny": [], "ask": []}
        lists: tuple[tuple[Action, Iterable[str]], ...] = (("allow", allow), ("deny", deny), ("ask", ask))
        for action, texts in lists:
            for text in texts:
                self.add_rule(action, text)

    @classmethod
    def from_config(
        cls,
        allow: Iterable[str] | None = None,
        deny: Iterable[str] | None = None,
        ask: Iterable[str] | None = None,
        *,
        default: Action | None = None,
    ) -> PermissionPolicy:
        """Build a policy from the config file's lists (None means an empty list)."""
        return cls(allow or (), deny or (), ask or (), default=default)

    @classmethod
    def permissive(cls, deny: Iterable[str] = ()) -> PermissionPolicy:
        """A policy that allows everything not explicitly denied."""
        return cls(deny=deny, default="allow")

    def rules(self, action: Action) -> list[str]:
        """The rule texts of one action, in evaluation order."""
        return [rule.text for rule in self._rules[action]]

    def add_rule(self, action: Action, rule_text: str) -> str:
        """Add a rule (e.g. "allow always for this session") and return its text.

        Raises:
            ValueError: the action is unknown or the rule is malformed.
        """
        if action not in _ACTIONS:
            raise ValueError(f"unknown permission action {action!r}: expected allow, deny or ask")
        rule = parse_rule(rule_text)
        if rule.text not in self.rules(action):
            self._rules[action].append(rule)
        return rule.text

    def allow_always(self, tool_name: str, subject: str) -> str:
        """Allow exactly this call from now on; returns the rule added (``bash(npm test)``)."""
        return self.add_rule("allow", exact_rule(tool_name, subject))

    def check(self, tool_name: str, subject: str) -> PermissionDecision:
        """Decide allow / deny / ask for a call of ``tool_name`` on ``subject``."""
        path_style = tool_name.casefold() in self.path_tools
        parts = self._parts(tool_name, subject)
        everything = [CommandPart(subject, opaque=False), *parts]
        denied = self._first_match("deny", tool_name, everything, path_style)
        if denied is not None:
            return PermissionDecision("deny", denied.text, f"denied by rule {denied.text}")
        allowed = self._allowing_rule(tool_name, subject, parts, path_style)
        if allowed is not None:
            return PermissionDecision("allow", allowed.text, f"allowed by rule {allowed.text}")
        asked = self._first_match("ask", tool_name, everything, path_style)
        if asked is not None:
            return PermissionDecision("ask", asked.text, f"rule {asked.text} asks for approval")
        if self.default is not None:
            return PermissionDecision(self.default, None, f"default: {self.default}")
        if tool_name.casefold() in self.read_only_tools:
            return PermissionDecision("allow", None, f"{tool_name} is read-only")
        return PermissionDecision("ask", None, f"{tool_name} needs approval")

    def allows_outside_path(self, tool_name: str, path: str | Path) -> bool:
        """True when an allow rule with an absolute or ``~`` pattern covers this absolute path.

        A bare ``read`` or ``read(*)`` does not count: it opens the workspace, not the disk.
        """
        subject = normalize_path_subject(str(path))
        if any(rule.matches(tool_name, subject, path_style=True) for rule in self._rules["deny"]):
            return False
        return any(
            rule.is_absolute and rule.matches(tool_name, subject, path_style=True) for rule in self._rules["allow"]
        )

    def _parts(self, tool_name: str, subject: str) -> list[CommandPart]:
        """The simple commands of a shell line; any other subject is one part."""
        parts = split_command(subject) if tool_name.casefold() in SHELL_TOOLS else []
        return parts or [CommandPart(subject, opaque=False)]

    def _first_match(
        self, action: Action, tool_name: str, parts: list[CommandPart], path_style: bool
    ) -> PermissionRule | None:
        subjects = {part.text for part in parts}
        for rule in self._rules[action]:
            if any(rule.matches(tool_name, text, path_style=path_style) for text in subjects):
                return rule
        return None

    def _allowing_rule(
        self, tool_name: str, subject: str, parts: list[CommandPart], path_style: bool
    ) -> PermissionRule | None:
        rules = [rule for rule in self._rules["allow"] if rule.matches_tool(tool_name)]
        for rule in rules:
            exact = not rule.has_wildcard(path_style=path_style)
            if (exact or rule.matches_everything) and rule.matches_subject(subject, path_style=path_style):
                return rule
        first: PermissionRule | None = None
        for part in parts:
            covering = next((rule for rule in rules if _covers(rule, part, path_style)), None)
            if covering is None:
                return None
            first = first or covering
        return first


def _covers(rule: PermissionRule, part: CommandPart, path_style: bool) -> bool:
    if part.opaque and not rule.matches_everything and rule.has_wildcard(path_style=path_style):
        return False
    return rule.matches_subject(part.text, path_style=path_style)
