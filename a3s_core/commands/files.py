"""Custom commands from Markdown files: `.a3s/commands/`, `.claude/commands/`, `~/.a3s/commands/`.

`review.md` becomes `/review`. YAML frontmatter gives the `description` (and optionally
`argument-hint`); the body is a prompt template where `$ARGUMENTS` is everything typed after the
command and `$1`, `$2`... are its words. Running the command sends the filled-in prompt to the model.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from a3s_core.commands.registry import CommandResult

NAME = re.compile(r"^[A-Za-z][\w-]*$")
POSITIONAL = re.compile(r"\$([1-9])")


@dataclass
class CommandFile:
    name: str
    description: str
    usage: str
    template: str
    path: Path

    def render(self, args: str) -> str:
        """The prompt for ``/name args``."""
        try:
            words = shlex.split(args)
        except ValueError:
            words = args.split()
        text = self.template.replace("$ARGUMENTS", args)
        text = POSITIONAL.sub(lambda m: words[int(m.group(1)) - 1] if int(m.group(1)) <= len(words) else "", text)
        if "$ARGUMENTS" not in self.template and args and not POSITIONAL.search(self.template):
            text = f"{text.rstrip()}\n\n{args}"  # arguments nobody asked for are still passed on
        return text

    def handler(self, args: str, ctx: dict[str, Any]) -> CommandResult:
        return CommandResult(action="prompt", data={"prompt": self.render(args), "source": str(self.path)})


def command_dirs(workspace: Path, home: Path) -> list[Path]:
    """Where command files are looked for, the first found name winning."""
    return [workspace / ".a3s" / "commands", workspace / ".claude" / "commands", home / ".a3s" / "commands"]


def load_command_files(dirs: list[Path]) -> tuple[list[CommandFile], list[str]]:
    """Every valid command file (first directory wins a name), and warnings about the rest."""
    found: dict[str, CommandFile] = {}
    warnings: list[str] = []
    for path in _markdown_files(dirs):
        name = path.stem.lower()
        if not NAME.match(name):
            warnings.append(f"{path}: skipped: a command name needs letters, digits, - or _ (rename the file)")
            continue
        if name in found:
            continue
        try:
            found[name] = _read(path, name)
        except (OSError, ValueError) as exc:
            warnings.append(f"{path}: skipped: {exc}")
    return list(found.values()), warnings


def _markdown_files(dirs: list[Path]) -> Iterator[Path]:
    for directory in dirs:
        if directory.is_dir():
            yield from sorted(directory.rglob("*.md"))


def _read(path: Path, name: str) -> CommandFile:
    import frontmatter  # loaded only when a command file exists
    import yaml

    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"the frontmatter is not valid YAML ({exc.__class__.__name__}: {exc})") from None
    body = post.content.strip()
    if not body:
        raise ValueError("the file has no prompt after its frontmatter")
    description = str(post.metadata.get("description") or body.splitlines()[0].lstrip("# ").strip())[:120]
    hint = str(post.metadata.get("argument-hint") or "").strip()
    usage = f"/{name} {hint}".strip()
    return CommandFile(name, description, usage, body, path)
