"""The provider-neutral conversation model.

Blocks keep what the provider sent: a thinking block's signature (or a redacted block's opaque
data) must go back to Anthropic unchanged, so providers convert to and from these types without
dropping fields. Every type is a plain dataclass and round-trips through ``to_dict``/``from_dict``
(sessions are saved as JSON).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Union

Role = Literal["user", "assistant"]


@dataclass
class TextBlock:
    text: str
    type: Literal["text"] = "text"


@dataclass
class ThinkingBlock:
    """Extended-thinking output. ``signature`` is opaque and must be sent back as received.

    A redacted block has empty ``thinking`` and carries ``redacted_data`` instead.
    """

    thinking: str
    signature: str | None = None
    redacted_data: str | None = None
    type: Literal["thinking"] = "thinking"


@dataclass
class ImageBlock:
    """An image: base64 ``data`` of ``media_type`` (image/png, image/jpeg, image/gif, image/webp)."""

    media_type: str
    data: str
    type: Literal["image"] = "image"


@dataclass
class ToolUseBlock:
    """A tool call from the model.

    ``parse_error`` is set when the streamed arguments were not valid JSON; ``raw_arguments`` then
    holds the text the model produced so the error can quote it.
    """

    id: str
    name: str
    input: dict[str, Any] = field(default_factory=dict)
    raw_arguments: str | None = None
    parse_error: str | None = None
    type: Literal["tool_use"] = "tool_use"


@dataclass
class ToolResultBlock:
    """The answer to one ToolUseBlock. ``content`` is text plus optional images."""

    tool_use_id: str
    content: str
    is_error: bool = False
    images: list[ImageBlock] = field(default_factory=list)
    type: Literal["tool_result"] = "tool_result"


Block = Union[TextBlock, ThinkingBlock, ImageBlock, ToolUseBlock, ToolResultBlock]

_BLOCK_TYPES: dict[str, type] = {
    "text": TextBlock,
    "thinking": ThinkingBlock,
    "image": ImageBlock,
    "tool_use": ToolUseBlock,
    "tool_result": ToolResultBlock,
}


def block_from_dict(data: dict[str, Any]) -> Block:
    kind = data.get("type")
    cls = _BLOCK_TYPES.get(kind or "")
    if cls is None:
        raise ValueError(f"unknown content block type: {kind!r}")
    fields = dict(data)
    if cls is ToolResultBlock:
        fields["images"] = [ImageBlock(**img) for img in fields.get("images", [])]
    return cls(**fields)


@dataclass
class Message:
    role: Role
    content: list[Block] = field(default_factory=list)

    @classmethod
    def user(cls, text: str, images: list[ImageBlock] | None = None) -> Message:
        blocks: list[Block] = list(images or [])
        blocks.append(TextBlock(text))
        return cls("user", blocks)

    @property
    def text(self) -> str:
        return "".join(b.text for b in self.content if isinstance(b, TextBlock))

    @property
    def tool_uses(self) -> list[ToolUseBlock]:
        return [b for b in self.content if isinstance(b, ToolUseBlock)]

    @property
    def tool_results(self) -> list[ToolResultBlock]:
        return [b for b in self.content if isinstance(b, ToolResultBlock)]

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "content": [asdict(b) for b in self.content]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Message:
        return cls(data["role"], [block_from_dict(b) for b in data["content"]])


@dataclass
class Usage:
    """Token counts for one LLM call, or summed over many."""

    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.cache_read_tokens + other.cache_read_tokens,
            self.cache_write_tokens + other.cache_write_tokens,
        )

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens


@dataclass
class ToolSpec:
    """What the model is told about a tool: name, description and JSON schema of its input."""

    name: str
    description: str
    input_schema: dict[str, Any]
