"""The prompt that asks the model to summarise a plan's middle, with the middle as a transcript."""

from __future__ import annotations

from typing import Any

from a3s_core.compaction.plan import CompactionPlan
from a3s_core.messages import ImageBlock, Message, TextBlock, ToolResultBlock, ToolUseBlock

MAX_TRANSCRIPT_CHARS = 60_000
"""The transcript keeps its end when longer: recent work matters most."""
MAX_RESULT_CHARS = 500
MAX_ARG_CHARS = 200
_MAIN_ARGS = ("file_path", "path", "command", "pattern", "url", "query", "name", "prompt")

SUMMARY_INSTRUCTIONS = """\
You are compacting the history of a coding session so the work can go on in a smaller context.
Below is a transcript of the part of the conversation being replaced. Write a concise summary of it
that another instance of you can continue from. Preserve:
- the user's goals and requests, and the decisions taken (with their reasons);
- facts learned about the code, the project and the environment;
- every file path created, edited or inspected that still matters;
- errors met and how they were fixed (or that they are still open);
- what remains to do, and what was being done when the transcript ends.
Use short Markdown headings and bullet points. Do not call tools. Reply with the summary only."""


def summary_request(plan: CompactionPlan) -> str:
    """The user prompt asking the model to summarise ``plan.middle``."""
    transcript = render_transcript(plan.middle)
    return f"{SUMMARY_INSTRUCTIONS}\n\n<transcript>\n{transcript}\n</transcript>"


def render_transcript(messages: list[Message], max_chars: int = MAX_TRANSCRIPT_CHARS) -> str:
    """Messages as plain text: thinking left out, tool calls and results abridged, images as ``[image]``."""
    lines: list[str] = []
    for message in messages:
        lines.extend(_message_lines(message))
    text = "\n".join(lines)
    if len(text) <= max_chars:
        return text
    cut = text.find("\n", len(text) - max_chars)
    kept = text[len(text) - max_chars :] if cut < 0 else text[cut + 1 :]
    return "[... the start of the transcript was cut to fit ...]\n" + kept


def _message_lines(message: Message) -> list[str]:
    speaker = "User" if message.role == "user" else "Assistant"
    lines: list[str] = []
    for block in message.content:
        if isinstance(block, TextBlock) and block.text.strip():
            lines.append(f"{speaker}: {block.text.strip()}")
        elif isinstance(block, ImageBlock):
            lines.append(f"{speaker}: [image]")
        elif isinstance(block, ToolUseBlock):
            lines.append(f"{speaker}: [tool {block.name}: {main_arg(block.input)}]")
        elif isinstance(block, ToolResultBlock):
            lines.append(_result_line(block))
    return lines


def main_arg(arguments: dict[str, Any]) -> str:
    """The one argument that says what a tool call was about, shortened."""
    value = next((arguments[k] for k in _MAIN_ARGS if isinstance(arguments.get(k), str)), None)
    if value is None:
        value = next((v for v in arguments.values() if isinstance(v, str)), "")
    return _shorten(" ".join(str(value).split()), MAX_ARG_CHARS)


def _result_line(block: ToolResultBlock) -> str:
    label = "Tool error" if block.is_error else "Tool result"
    body = _shorten(block.content.strip(), MAX_RESULT_CHARS)
    images = " [image]" * len(block.images)
    return f"{label}:{images} {body}".rstrip()


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
