"""Per-turn tool search: send the model only the tools relevant to the latest message.

With a large tool set (many MCP servers) every description costs context on every turn. The
index ranks non-builtin tools with BM25 over their names (split on ``__ _ -`` and camelCase) and
descriptions; builtins are always sent, and ``tool_search`` lets the model find the rest.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from a3s_core.errors import ToolArgumentError
from a3s_core.protocols import Lane, Tool
from a3s_core.tools.base import ToolContext, ToolResult

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_STOP = frozenset(
    "a an and are as at be by can do for from get how i in is it me my of on or please the this to "
    "use using what which with you your".split()
)
_NAME_WEIGHT = 3
_K1, _B = 1.2, 0.75


def tokenize(text: str) -> list[str]:
    """Lower-case words of ``text``: camelCase and snake_case split, stop words dropped, plurals cut."""
    words = (match.group(0).lower() for match in _WORD.finditer(text))
    return [_stem(word) for word in words if word not in _STOP]


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _document(tool: Tool) -> list[str]:
    # The mcp__server__ prefix is in every MCP tool's name; it says nothing about relevance.
    name = tool.name.removeprefix("mcp__")
    return tokenize(name) * _NAME_WEIGHT + tokenize(tool.description)


def rank(tools: list[Tool], query: str) -> list[tuple[float, Tool]]:
    """Tools scored by BM25 against ``query``, best first; tools scoring 0 are left out."""
    terms = set(tokenize(query))
    if not terms or not tools:
        return []
    docs = [Counter(_document(tool)) for tool in tools]
    lengths = [sum(doc.values()) for doc in docs]
    average = sum(lengths) / len(docs) or 1.0
    frequency = Counter(term for doc in docs for term in terms if term in doc)
    scored: list[tuple[float, Tool]] = []
    for tool, doc, length in zip(tools, docs, lengths, strict=True):
        score = 0.0
        for term in terms:
            count = doc.get(term, 0)
            if count:
                idf = math.log(1 + (len(docs) - frequency[term] + 0.5) / (frequency[term] + 0.5))
                score += idf * count * (_K1 + 1) / (count + _K1 * (1 - _B + _B * length / average))
        if score > 0:
            scored.append((score, tool))
    scored.sort(key=lambda pair: -pair[0])
    return scored


class ToolIndex:
    """Chooses the tools sent on one turn: all of them when few, else builtins + pinned + the top_k."""

    def __init__(self, threshold: int = 30, top_k: int = 12) -> None:
        self.threshold = threshold
        self.top_k = top_k
        self._pinned: set[str] = set()

    def pin(self, names: Iterable[str]) -> None:
        """Always include these tools from now on (the model found them with tool_search)."""
        self._pinned.update(names)

    @property
    def pinned(self) -> frozenset[str]:
        """Names of the tools pinned so far."""
        return frozenset(self._pinned)

    def select(self, tools: list[Tool], builtin_names: set[str], query: str) -> list[Tool]:
        """The tools to send for ``query`` (the latest user message), in their original order."""
        if len(tools) <= self.threshold:
            return list(tools)
        keep = {tool.name for tool in tools if tool.name in builtin_names or tool.name in self._pinned}
        others = [tool for tool in tools if tool.name not in keep]
        keep.update(tool.name for _, tool in rank(others, query)[: self.top_k])
        return [tool for tool in tools if tool.name in keep]


class ToolSearchTool:
    """``tool_search``: find tools by keywords; the ones found are pinned for later turns."""

    name = "tool_search"
    lane: Lane = "query"
    description = (
        "Search the tools that are available but not shown to you yet (e.g. MCP server tools). "
        "Give keywords describing what you need; matching tools are listed with their descriptions "
        "and become callable from your next step."
    )
    input_schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "query": {"type": "string", "description": "Keywords, e.g. 'github pull request'."},
            "limit": {"type": "integer", "description": "Most tools to return (default 10).", "minimum": 1},
        },
        "required": ["query"],
    }

    def __init__(self, index: ToolIndex, tools: Callable[[], list[Tool]]) -> None:
        """``tools`` returns the full current tool set (it changes as servers come and go)."""
        self._index = index
        self._tools = tools

    def permission_subject(self, args: dict[str, Any]) -> str:
        """The query."""
        return str(args.get("query", ""))

    async def run(self, args: dict[str, Any], ctx: ToolContext) -> ToolResult:
        """List the best matches and pin them.

        Raises:
            ToolArgumentError: ``query`` is missing or ``limit`` is not a positive integer.
        """
        query = args.get("query")
        limit = args.get("limit", 10)
        if not isinstance(query, str) or not query.strip():
            raise ToolArgumentError("tool_search needs a non-empty 'query' string")
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise ToolArgumentError("'limit' must be a positive integer")
        candidates = [tool for tool in self._tools() if tool.name != self.name]
        found = [tool for _, tool in rank(candidates, query)[:limit]]
        if not found:
            return ToolResult(output=f"No tools match {query!r}.", metadata={"tools": []})
        self._index.pin(tool.name for tool in found)
        lines = [f"- {tool.name}: {_first_line(tool.description)}" for tool in found]
        return ToolResult(output="\n".join(lines), metadata={"tools": [tool.name for tool in found]})


def _first_line(text: str, limit: int = 200) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"
