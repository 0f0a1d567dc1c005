"""Facts that must survive a compaction word for word, whatever the summary says.

They are pulled from the history mechanically (no LLM): the files the agent changed, the plan
items still open and the user's standing instructions. A previous summary's "Pinned facts"
section is read back, so facts carry over from one compaction to the next.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from a3s_core.messages import Message, TextBlock, ToolUseBlock
from a3s_core.compaction.markers import is_summary_block

FILE_TOOLS = frozenset({"write", "edit", "patch", "multi_edit", "multiedit"})
"""Tools whose calls change a file; their ``file_path``/``path`` input is a file touched."""
MAX_INSTRUCTIONS = 20
MAX_INSTRUCTION_CHARS = 300

_HEADINGS = {
    "files_touched": "### Files touched",
    "plan_items": "### Open plan items",
    "instructions": "### Standing instructions",
    "current_request": "### The request being worked on",
}
_CHECKBOX = re.compile(r"^\s*[-*+]\s+\[( |x|X)\]\s+(.+?)\s*$")
_INSTRUCTION = re.compile(
    r"\b(always|never|don['’]t|do not|must|please make sure|from now on)\b", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_PATCH_FILE = re.compile(r"^(?:\*\*\* (?:Update|Add|Delete) File:\s*|\+\+\+ (?:b/)?)(\S.*?)\s*$", re.MULTILINE)


@dataclass
class PinnedFacts:
    """What a summary must not lose."""

    files_touched: list[str] = field(default_factory=list)
    """Paths from write/edit/patch calls, in first-touched order, without duplicates."""
    plan_items: list[str] = field(default_factory=list)
    """Open ``- [ ] item`` lines from the assistant (without the box), not checked off later."""
    instructions: list[str] = field(default_factory=list)
    """The user's standing instructions (always/never/must... sentences), the latest 20."""
    current_request: str = ""
    """The prompt of the turn in progress when compaction had to summarise it (else empty)."""

    def render(self) -> str:
        """A Markdown "## Pinned facts" section, or "" when there is nothing to pin."""
        parts: list[str] = []
        for name in ("files_touched", "plan_items", "instructions"):
            items: list[str] = getattr(self, name)
            if items:
                lines = "\n".join(f"- {_one_line(item)}" for item in items)
                parts.append(f"{_HEADINGS[name]}\n{lines}")
        if self.current_request:
            parts.append(f"{_HEADINGS['current_request']}\n{self.current_request.strip()}")
        return "## Pinned facts\n\n" + "\n\n".join(parts) if parts else ""


def extract_pinned(messages: list[Message], later: Iterable[Message] = ()) -> PinnedFacts:
    """Pinned facts of ``messages``; check-offs in ``later`` messages (the kept tail) close plan items."""
    facts = PinnedFacts()
    plan: dict[str, None] = {}
    for message in messages:
        for block in message.content:
            if is_summary_block(block):
                _merge(facts, plan, parse_pinned(block.text))  # type: ignore[union-attr]
            elif isinstance(block, ToolUseBlock) and message.role == "assistant":
                _add_unique(facts.files_touched, _files_of(block))
            elif isinstance(block, TextBlock) and message.role == "assistant":
                _track_plan(plan, block.text)
            elif isinstance(block, TextBlock):
                _add_unique(facts.instructions, instructions_in(block.text))
    for message in later:
        if message.role == "assistant":
            _track_plan(plan, message.text, open_new=False)
    facts.plan_items = list(plan)
    facts.instructions = facts.instructions[-MAX_INSTRUCTIONS:]
    return facts


def instructions_in(text: str) -> list[str]:
    """The sentences or lines of ``text`` that read as standing instructions."""
    found: list[str] = []
    for line in text.splitlines():
        for sentence in _SENTENCE_END.split(line.strip()):
            sentence = sentence.strip().lstrip("-*• ").strip()
            if sentence and _INSTRUCTION.search(sentence):
                if len(sentence) > MAX_INSTRUCTION_CHARS:
                    sentence = sentence[: MAX_INSTRUCTION_CHARS - 1].rstrip() + "…"
                found.append(sentence)
    return found


def parse_pinned(text: str) -> PinnedFacts:
    """Read back the "## Pinned facts" section of an earlier summary text."""
    facts = PinnedFacts()
    _, _, section = text.partition("## Pinned facts")
    current: str | None = None
    request: list[str] = []
    for line in section.splitlines():
        heading = next((name for name, h in _HEADINGS.items() if line.strip() == h), None)
        if heading is not None:
            current = heading
        elif current == "current_request":
            request.append(line)
        elif current is not None and line.startswith("- "):
            getattr(facts, current).append(line[2:].strip())
    facts.current_request = "\n".join(request).strip()
    return facts


def _merge(facts: PinnedFacts, plan: dict[str, None], old: PinnedFacts) -> None:
    _add_unique(facts.files_touched, old.files_touched)
    _add_unique(facts.instructions, old.instructions)
    for item in old.plan_items:
        plan.setdefault(item, None)
    facts.current_request = old.current_request or facts.current_request


def _track_plan(plan: dict[str, None], text: str, *, open_new: bool = True) -> None:
    for line in text.splitlines():
        match = _CHECKBOX.match(line)
        if match is None:
            continue
        item = match.group(2)
        if match.group(1) == " ":
            if open_new:
                plan.setdefault(item, None)
        else:
            plan.pop(item, None)


def _files_of(block: ToolUseBlock) -> list[str]:
    if block.name.lower() not in FILE_TOOLS:
        return []
    paths = [str(block.input[key]) for key in ("file_path", "path") if isinstance(block.input.get(key), str)]
    for key in ("patch", "diff", "input"):
        value = block.input.get(key)
        if isinstance(value, str):
            paths.extend(m for m in _PATCH_FILE.findall(value) if m != "/dev/null")
    return paths


def _add_unique(target: list[str], items: Iterable[str]) -> None:
    for item in items:
        if item and item not in target:
            target.append(item)


def _one_line(text: str) -> str:
    return " ".join(text.split())
